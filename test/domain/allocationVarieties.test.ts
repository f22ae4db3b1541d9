/**
 * Issue 21, point 3: allocation with harvest windows and per-item limits. Over random seasons:
 * no shipment is dated outside its window, no day exceeds its total or any item's limit, strict
 * order holds per lane, a second run moves nothing, the edit path decides what the full
 * allocation decides (or says it cannot), and a window that moves takes its shipments along.
 */
import fc from "fast-check";
import { applied, expectServedInOrder } from "./allocationSupport";
import {
  allocate,
  capacityOf,
  holdsCapacity,
  laneOf,
  type AllocationInput,
  type AllocationShipment,
  type OtherShipments,
} from "../../src/domain/allocation";
import { addDays, seoulMidnight } from "../../src/domain/clock";
import type { HarvestWindow, ItemLimit } from "../../src/domain/harvest";

const at = (date: string, minute: number) => seoulMidnight(date).getTime() + minute * 60_000;
const WINDOWS: Record<string, HarvestWindow> = {
  백도: { start: "2026-07-13", end: "2026-07-24" },
  천도: { start: "2026-07-20", end: "2026-07-31" },
  황도: { start: "2026-07-27", end: "2026-08-08" },
};
/** What one shipment can hold: one item, or two whose windows overlap. */
const KINDS: { items: string[]; window?: HarvestWindow }[] = [
  { items: ["백도"], window: WINDOWS.백도 },
  { items: ["천도"], window: WINDOWS.천도 },
  { items: ["황도"], window: WINDOWS.황도 },
  { items: ["백도", "천도"], window: { start: "2026-07-20", end: "2026-07-24" } },
  { items: ["천도", "황도"], window: { start: "2026-07-27", end: "2026-07-31" } },
  { items: ["자두"] }, // no window line: the season
];

const arbLimits = fc.record({
  백도: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
  황도: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
});

const arbInput = fc
  .record({
    capacity: fc.integer({ min: 4, max: 16 }),
    limits: arbLimits,
    shipments: fc.array(
      fc.record({
        kind: fc.integer({ min: 0, max: KINDS.length - 1 }),
        boxes: fc.integer({ min: 1, max: 8 }),
        split: fc.integer({ min: 0, max: 8 }),
        paid: fc.boolean(),
        minute: fc.integer({ min: 0, max: 60 * 24 * 10 }),
        cancelled: fc.boolean(),
      }),
      { maxLength: 50 },
    ),
    policy: fc.constantFrom("strict" as const, "fill" as const),
    leadDays: fc.integer({ min: 0, max: 2 }),
    today: fc.integer({ min: 0, max: 20 }).map((n) => addDays("2026-07-08", n)),
  })
  .map(({ capacity, limits, shipments, policy, leadDays, today }): AllocationInput => {
    const itemLimits: ItemLimit[] = Object.entries(limits)
      .filter(([, boxes]) => boxes !== null)
      .map(([name, boxes]) => ({ name, items: [name], boxes: boxes! }));
    return {
      calendar: {
        defaultCapacity: capacity,
        shippingWeekdays: [1, 2, 3, 4, 5, 6],
        seasonStart: "2026-07-13",
        seasonEnd: "2026-08-08",
        overrides: [],
        itemLimits,
      },
      shipments: shipments.map((r, i): AllocationShipment => {
        const kind = KINDS[r.kind]!;
        const first = Math.min(r.split, r.boxes - (kind.items.length > 1 ? 1 : 0));
        const items =
          kind.items.length > 1
            ? { [kind.items[0]!]: Math.max(1, first), [kind.items[1]!]: Math.max(1, r.boxes - first) }
            : { [kind.items[0]!]: r.boxes };
        return {
          id: `s${String(i).padStart(3, "0")}`,
          boxes: Object.values(items).reduce((a, b) => a + b, 0),
          paid: r.paid,
          paidAt: r.paid ? at("2026-07-01", r.minute) : null,
          status: r.cancelled && i % 5 === 0 ? "cancelled" : r.paid ? "paid" : "received",
          shipDate: null,
          items,
          ...(kind.window ? { window: kind.window } : {}),
        };
      }),
      policy,
      leadDays,
      today,
    };
  });

function checkDays(input: AllocationInput, state: readonly AllocationShipment[]): void {
  const total = new Map<string, number>();
  const perItem = new Map<string, number>();
  for (const s of state) {
    if (!holdsCapacity(s)) continue;
    const date = s.shipDate!;
    // Never outside the shipment's window.
    if (s.window) expect(date >= s.window.start && date <= s.window.end).toBe(true);
    total.set(date, (total.get(date) ?? 0) + s.boxes);
    for (const [item, n] of Object.entries(s.items ?? {}))
      perItem.set(`${date}|${item}`, (perItem.get(`${date}|${item}`) ?? 0) + n);
  }
  for (const [date, boxes] of total) expect(boxes).toBeLessThanOrEqual(capacityOf(input.calendar, date));
  for (const limit of input.calendar.itemLimits ?? [])
    for (const [date] of total)
      expect(perItem.get(`${date}|${limit.name}`) ?? 0).toBeLessThanOrEqual(limit.boxes);
}

describe("allocation with harvest windows and per-item limits", () => {
  it("dates no shipment outside its window, and no day over its total or an item's limit", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const result = allocate(input);
        checkDays(input, applied(input.shipments, result));
        // The days' per-item usage says what was assigned.
        for (const day of result.days) {
          const items = Object.values(day.items ?? {}).reduce((a, b) => a + b, 0);
          expect(items).toBe(day.assigned);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("strict: within a lane, a later payment never gets an earlier day, nor one while an earlier waits", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const strict = { ...input, policy: "strict" as const };
        const r = allocate(strict);
        const lanes = new Map<string, AllocationShipment[]>();
        for (const s of input.shipments) {
          const p = r.placements.get(s.id);
          if (!p || p.kind === "tooLarge") continue;
          lanes.set(laneOf(s), [...(lanes.get(laneOf(s)) ?? []), s]);
        }
        for (const queue of lanes.values()) expectServedInOrder(queue, r);
      }),
      { numRuns: 300 },
    );
  });

  it("a 황도 paid first does not hold back a 백도 paid after it", () => {
    const calendar = {
      defaultCapacity: 10,
      shippingWeekdays: [1, 2, 3, 4, 5, 6],
      seasonStart: "2026-07-13",
      seasonEnd: "2026-08-08",
      overrides: [],
    };
    const r = allocate({
      calendar,
      policy: "strict",
      leadDays: 1,
      today: "2026-07-01",
      shipments: [
        {
          id: "h",
          boxes: 2,
          paid: true,
          paidAt: at("2026-07-01", 600),
          status: "paid",
          shipDate: null,
          window: WINDOWS.황도,
        },
        {
          id: "b",
          boxes: 2,
          paid: true,
          paidAt: at("2026-07-02", 600),
          status: "paid",
          shipDate: null,
          window: WINDOWS.백도,
        },
      ],
    });
    expect(r.placements.get("h")).toEqual({ kind: "scheduled", date: "2026-07-27" });
    expect(r.placements.get("b")).toEqual({ kind: "scheduled", date: "2026-07-13" });
  });

  it("a second run over what the first wrote moves nothing", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const state = applied(input.shipments, allocate(input));
        const again = allocate({ ...input, shipments: state });
        expect(again.moves).toEqual([]);
        for (const s of state) {
          const p = again.placements.get(s.id);
          if (s.shipDate)
            expect(p === undefined || (p.kind === "scheduled" && p.date === s.shipDate)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a window moved later takes its shipments along: none stays outside it, each move is logged", () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 6 }), (input, days) => {
        const state = applied(input.shipments, allocate(input));
        const moved = (w: HarvestWindow) => ({ start: addDays(w.start, days), end: w.end });
        const later = state.map((s) =>
          s.window && s.items && "황도" in s.items ? { ...s, window: moved(s.window) } : s,
        );
        const r = allocate({ ...input, shipments: later });
        const after = applied(later, r);
        checkDays(
          input,
          after.filter((s) => !s.shipDate || s.shipDate >= input.today),
        );
        for (const m of r.moves)
          if (m.reason === "outsideWindow") expect(m.from < m.to! || m.to === null).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a delay moves every 황도 shipment not yet worked on, from today on, by at least its days; nothing else moves", () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 5 }), (input, days) => {
        const state = applied(input.shipments, allocate(input));
        const hit = (s: AllocationShipment) => !!s.items && "황도" in s.items;
        const delayed = state.map((s) => (hit(s) ? { ...s, delayBy: days } : s));
        const r = allocate({ ...input, shipments: delayed });
        const after = applied(delayed, r);
        checkDays(
          input,
          after.filter((s) => !s.shipDate || s.shipDate >= input.today),
        );
        state.forEach((s, i) => {
          const now = after[i]!;
          if (s.status !== "scheduled" || !s.shipDate || s.shipDate < input.today) return;
          if (hit(s)) expect(now.shipDate === null || now.shipDate >= addDays(s.shipDate, days)).toBe(true);
        });
        for (const m of r.moves)
          if (m.reason === "delayed") expect(hit(state.find((s) => s.id === m.id)!)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("the edit path (the others in sums, per lane and per item) decides what allocating everything decides, or says it cannot", () => {
    let decided = 0;
    fc.assert(
      fc.property(
        arbInput,
        fc.uniqueArray(fc.nat(49), { maxLength: 4 }),
        fc.array(fc.constantFrom("pay", "unpay", "grow", "cancel", "none"), { minLength: 4, maxLength: 4 }),
        (input, picks, changes) => {
          const state = applied(input.shipments, allocate(input));
          const touchedIds = new Set(picks.filter((i) => i < state.length).map((i) => state[i]!.id));
          const before = state.filter((s) => touchedIds.has(s.id));
          const others = state.filter((s) => !touchedIds.has(s.id));
          let clock = Math.max(0, ...state.map((s) => s.paidAt ?? 0));
          const touched = before.map((s, i): AllocationShipment => {
            switch (changes[i]) {
              case "pay":
                return s.paid || s.status === "cancelled"
                  ? s
                  : { ...s, paid: true, paidAt: ++clock, status: "paid", shipDate: null };
              case "unpay":
                return s.status === "cancelled"
                  ? s
                  : { ...s, paid: false, paidAt: null, status: "received", shipDate: null };
              case "grow": {
                const [first] = Object.keys(s.items!);
                return {
                  ...s,
                  boxes: s.boxes + 2,
                  items: { ...s.items, [first!]: s.items![first!]! + 2 },
                  boxesGrew: !!s.shipDate,
                };
              }
              case "cancel":
                return { ...s, status: "cancelled", shipDate: null };
              default:
                return s;
            }
          });
          const full = allocate({ ...input, shipments: [...others, ...touched] });
          const local = allocate({ ...input, shipments: touched, others: summary(others, before) });
          if (local.undecided) return;
          decided++;
          for (const s of touched) expect(local.placements.get(s.id)).toEqual(full.placements.get(s.id));
          for (const s of others) {
            const p = full.placements.get(s.id);
            if (p) expect(p.kind).not.toBe("scheduled");
          }
          expect(local.moves).toEqual(full.moves);
          expect(local.days).toEqual(full.days);
        },
      ),
      { numRuns: 300 },
    );
    expect(decided).toBeGreaterThan(100);
  });
});

/** What an edit knows of the shipments it did not touch, per lane and per item (app/seasonSums.ts). */
function summary(others: AllocationShipment[], touchedBefore: AllocationShipment[]): OtherShipments {
  const held = new Map<string, number>();
  const heldItems = new Map<string, Record<string, number>>();
  const floors = new Map<string, string>();
  const waiting = new Set<string>();
  for (const s of others) {
    if (holdsCapacity(s)) {
      held.set(s.shipDate!, (held.get(s.shipDate!) ?? 0) + s.boxes);
      const items = heldItems.get(s.shipDate!) ?? {};
      for (const [item, n] of Object.entries(s.items ?? {})) items[item] = (items[item] ?? 0) + n;
      heldItems.set(s.shipDate!, items);
      if (!s.manual && s.paidAt !== null && !(floors.get(laneOf(s))! >= s.shipDate!))
        floors.set(laneOf(s), s.shipDate!);
    }
    if (s.status === "waitlisted" && s.shipDate === null) waiting.add(laneOf(s));
  }
  const heldBefore = new Map<string, number>();
  for (const s of touchedBefore)
    if (holdsCapacity(s)) heldBefore.set(s.shipDate!, (heldBefore.get(s.shipDate!) ?? 0) + s.boxes);
  const paidAts = others.filter((s) => s.paid && s.paidAt !== null).map((s) => s.paidAt!);
  return {
    held,
    heldItems,
    floors,
    latestPaidAt: paidAts.length > 0 ? Math.max(...paidAts) : null,
    waiting,
    heldBefore,
    waitedBefore: touchedBefore.some((s) => s.status === "waitlisted" && s.shipDate === null),
  };
}
