/**
 * The decision's steps alone, each in its file under src/domain/season: Tutu's ticks, the
 * 진행상태 Tony types, unpaid web orders expiring, a date typed by hand. Each is run on rows a
 * first decision wrote, as the next pass would find them.
 */
import fc from "fast-check";
import { Grid, type Cell, type RowsAsRead } from "../../../src/domain/season/grid";
import { DecisionLog } from "../../../src/domain/season/log";
import { readRows } from "../../../src/domain/season/readRows";
import { shipmentGroups } from "../../../src/domain/season/shipments";
import { applyStatusEdits } from "../../../src/domain/season/statusEdits";
import { applyTodayTicks, ticksWaiting } from "../../../src/domain/season/ticks";
import { TICK_RANK } from "../../../src/domain/season/today";
import { expireWebOrders } from "../../../src/domain/season/webExpiry";
import { EVENT } from "../../../src/domain/events";
import { seoulMidnight } from "../../../src/domain/clock";
import { STATUSES, type Status } from "../../../src/domain/schemas";
import { statusLabel, transition } from "../../../src/domain/status";
import { LISTS, tab, WEB_SOURCE } from "../../../src/templates";
import {
  arbSeason,
  asRead,
  cell,
  COLUMNS,
  dateOf,
  decided,
  inputOf,
  NOW,
  rowsOf,
  RUNS,
  seeded,
  settingsOf,
  written,
  type Season,
} from "./scene";

const SHIP_DAY = "2026-07-13";
const ON_SHIP_DAY = new Date(seoulMidnight(SHIP_DAY).getTime() + 9 * 3_600_000);
const TODAY_KEYS = tab("today").columns.map((c) => c.key);

/** A season decided once, with 오늘 출하 planned for its first shipping day. */
function decidedSeason(season: Season) {
  const rows = rowsOf(season);
  const first = decided({ ...inputOf(season, rows), todayDate: SHIP_DAY });
  return { rows: written(rows, first), plan: first.todayPlan };
}

/** The rows as the next pass reads them: a grid, a log, each row's state. */
function nextPass(season: Season, rows: Cell[][], now = ON_SHIP_DAY) {
  const grid = new Grid(asRead(rows));
  const log = new DecisionLog();
  const read = readRows(
    grid,
    "주문",
    settingsOf(season),
    log,
    "tony",
    now,
    seeded(season.seed + 9),
    () => false,
  );
  return { grid, log, rows: read.rows };
}

const todayRead = (lines: Record<string, Cell>[]): RowsAsRead => ({
  columns: new Map(TODAY_KEYS.map((k, i) => [k, i])),
  rows: lines.map((line) => TODAY_KEYS.map((k) => line[k] ?? "")),
  firstRow: tab("today").headerRow + 1,
});

const TICKS = ["none", "harvested", "packed", "shipped"] as const;

describe("Tutu's ticks (ticks.ts)", () => {
  it("move every row of a ticked line forward to the box she ticked, never back, and only a line she changed asks for times", () => {
    fc.assert(
      fc.property(
        arbSeason,
        fc.array(fc.constantFrom(...TICKS), { minLength: 1, maxLength: 12 }),
        (season, ticks) => {
          const { rows, plan } = decidedSeason(season);
          const lines: Record<string, Cell>[] = plan.rows.map((line, i) => {
            const tick = ticks[i % ticks.length]!;
            const rank = tick === "none" ? 0 : TICK_RANK[tick]!;
            return { ...line, harvested: rank >= 1, packed: rank >= 2, shipped: rank >= 3 };
          });
          const today = new Grid(todayRead(lines));
          const changed = lines.some((line, i) => line.harvested !== plan.rows[i]!.harvested);
          expect(ticksWaiting(today)).toBe(changed);

          const pass = nextPass(season, rows);
          const before = new Map(pass.rows.map((s) => [s.rowId, s.status]));
          const asked: number[] = [];
          const at = new Date(ON_SHIP_DAY.getTime() - 60_000);
          applyTodayTicks(
            today,
            pass.grid,
            shipmentGroups(pass.grid, pass.rows, settingsOf(season)),
            pass.log,
            ON_SHIP_DAY,
            (row) => {
              asked.push(row);
              return at;
            },
          );
          const groups = new Map(
            shipmentGroups(pass.grid, pass.rows, settingsOf(season)).map((g) => [g[0]!.rowId, g]),
          );
          lines.forEach((line) => {
            const group = groups.get(String(line.rowId))!;
            const wanted = line.shipped ? 3 : line.packed ? 2 : line.harvested ? 1 : 0;
            for (const s of group) {
              const was = TICK_RANK[before.get(s.rowId)!] ?? 0;
              expect(TICK_RANK[s.status] ?? 0).toBe(Math.max(was, wanted));
            }
          });
          // Every carried step is Tutu's, at the time she ticked it.
          for (const e of pass.log.events) {
            expect(e.actor).toBe("tutu");
            expect(e.at).toEqual(at);
          }
          if (!changed) expect(asked).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it("refuse an unticked box below the state as Tony's correction to make, at the time she unticked it", () => {
    const season: Season = {
      orders: [{ recipients: [{ place: 0, items: [{ item: 0, boxes: 2 }] }], paidRow: 0, paidHour: 1 }],
      capacity: 10,
      policy: "strict",
      seed: 3,
    };
    const { rows, plan } = decidedSeason(season);
    const packed = plan.rows.map((line) => ({ ...line, harvested: true, packed: true }));
    const pass = nextPass(season, rows);
    applyTodayTicks(
      new Grid(todayRead(packed)),
      pass.grid,
      shipmentGroups(pass.grid, pass.rows, settingsOf(season)),
      pass.log,
      ON_SHIP_DAY,
      null,
    );
    expect(pass.rows[0]!.status).toBe("packed");

    // The next pass sees 포장 shown; she unticks both boxes.
    const shown = plan.rows.map((line) => ({
      ...line,
      recorded: JSON.stringify({ s: "packed", c: "", t: "" }),
    }));
    const untick = new Date(ON_SHIP_DAY.getTime() + 3_600_000);
    const log = new DecisionLog();
    applyTodayTicks(
      new Grid(todayRead(shown)),
      pass.grid,
      shipmentGroups(pass.grid, pass.rows, settingsOf(season)),
      log,
      ON_SHIP_DAY,
      () => untick,
    );
    expect(pass.rows[0]!.status).toBe("packed");
    expect(log.incidents).toEqual([
      expect.objectContaining({
        field: "진행상태",
        at: untick,
        message: "포장에서 되돌리는 것은 토니가 주문 탭의 진행상태에서 합니다",
      }),
    ]);
  });

  it("carry a tracking number to every row of the line, and refuse one in scientific notation", () => {
    const season: Season = {
      orders: [
        {
          recipients: [
            {
              place: 0,
              items: [
                { item: 0, boxes: 1 },
                { item: 1, boxes: 1 },
              ],
            },
          ],
          paidRow: 0,
          paidHour: 1,
        },
      ],
      capacity: 10,
      policy: "strict",
      seed: 5,
    };
    const { rows, plan } = decidedSeason(season);
    expect(plan.rows).toHaveLength(1); // two items, one place: one line
    const pass = nextPass(season, rows);
    const typed = plan.rows.map((line) => ({
      ...line,
      courier: "CJ대한통운",
      trackingNumber: "552133445566",
    }));
    applyTodayTicks(
      new Grid(todayRead(typed)),
      pass.grid,
      shipmentGroups(pass.grid, pass.rows, settingsOf(season)),
      pass.log,
      ON_SHIP_DAY,
      null,
    );
    expect(pass.rows.map((s) => pass.grid.text(s.r, "trackingNumber"))).toEqual([
      "552133445566",
      "552133445566",
    ]);
    expect(pass.rows.map((s) => pass.grid.text(s.r, "courier"))).toEqual(["CJ대한통운", "CJ대한통운"]);

    const bad = nextPass(season, rows);
    const sci = plan.rows.map((line) => ({ ...line, trackingNumber: "5.52133E+11" }));
    applyTodayTicks(
      new Grid(todayRead(sci)),
      bad.grid,
      shipmentGroups(bad.grid, bad.rows, settingsOf(season)),
      bad.log,
      ON_SHIP_DAY,
      null,
    );
    expect(bad.rows.map((s) => bad.grid.text(s.r, "trackingNumber"))).toEqual(["", ""]);
    expect(bad.log.incidents.map((i) => i.field)).toEqual(["송장번호"]);
  });
});

describe("진행상태 typed by Tony (statusEdits.ts)", () => {
  it("takes what the status machine allows, logs it as Tony's, and refuses the rest in 오류 leaving the state", () => {
    fc.assert(
      fc.property(arbSeason, fc.nat(), fc.constantFrom(...STATUSES), (season, pick, typed) => {
        const { rows } = decidedSeason(season);
        const r = pick % rows.length;
        const typedRows = rows.map((row, i) => {
          if (i !== r) return row;
          const out = [...row];
          out[COLUMNS.get("status")!] = statusLabel(typed);
          return out;
        });
        const pass = nextPass(season, typedRows);
        const s = pass.rows.find((row) => row.r === r)!;
        const from = s.status;
        applyStatusEdits(pass.grid, "주문", pass.rows, pass.log, "tony", ON_SHIP_DAY);
        const move = transition(from, typed, "tony");
        if (from === typed) {
          expect(pass.log.events).toEqual([]);
        } else if (move.allowed) {
          expect(s.status).toBe(typed);
          expect(pass.log.events).toContainEqual(
            expect.objectContaining({ actor: "tony", event: EVENT.status, to: statusLabel(typed) }),
          );
          if (typed === "cancelled") expect(s.shipDate).toBeNull();
        } else {
          expect(s.status).toBe(from);
          expect(pass.log.incidents).toHaveLength(1);
        }
        // Every other row keeps its state.
        for (const other of pass.rows) if (other.r !== r) expect(other.status).toBe(other.recorded!.s);
      }),
      RUNS,
    );
  });
});

describe("unpaid web orders expire (webExpiry.ts)", () => {
  it("cancels a web order unpaid past its deadline, whole, and never a paid one or one Tony typed", () => {
    fc.assert(
      fc.property(
        arbSeason,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 6 }),
        (season, web, daysOld) => {
          const rows = rowsOf(season).map((row) => {
            const o = Number(String(cell(row, "orderCode")).slice(4)) - 100;
            if (!web[o % web.length]) return row;
            const out = [...row];
            out[COLUMNS.get("source")!] = WEB_SOURCE;
            out[COLUMNS.get("orderedAt")!] = new Date(NOW.getTime() - daysOld * 86_400_000);
            return out;
          });
          // A first pass that expires nothing (an edit's), so the step under test does it all.
          const first = decided({ ...inputOf(season, rows), allProblems: false });
          const pass = nextPass(season, written(rows, first), NOW);
          const settings = settingsOf(season);
          expireWebOrders(pass.grid, pass.rows, settings, pass.log, NOW);
          for (const s of pass.rows) {
            const isWeb = pass.grid.text(s.r, "source") === WEB_SOURCE;
            const expired =
              isWeb && !s.paid && settings.webExpiryDays > 0 && daysOld >= settings.webExpiryDays;
            expect(s.status === "cancelled").toBe(expired);
          }
          expect(pass.log.events.filter((e) => e.event === EVENT.expired).length).toBe(
            pass.rows.filter((s) => s.status === "cancelled").length,
          );
        },
      ),
      RUNS,
    );
  });
});

describe("a date typed by hand (manualDates.ts), through the decision", () => {
  const season: Season = {
    orders: [
      { recipients: [{ place: 0, items: [{ item: 0, boxes: 4 }] }], paidRow: 0, paidHour: 1 },
      { recipients: [{ place: 1, items: [{ item: 0, boxes: 3 }] }], paidRow: 0, paidHour: 2 },
    ],
    capacity: 6,
    policy: "strict",
    seed: 11,
  };
  const typeDate = (rows: Cell[][], r: number, date: string) =>
    rows.map((row, i) => {
      if (i !== r) return row;
      const out = [...row];
      out[COLUMNS.get("shipDate")!] = seoulMidnight(date);
      return out;
    });

  it("moves the shipment to a day with room, for good", () => {
    const { rows } = decidedSeason(season);
    expect(rows.map(dateOf)).toEqual(["2026-07-13", "2026-07-14"]);
    const typed = decided(inputOf(season, typeDate(rows, 1, "2026-07-16")));
    const after = written(typeDate(rows, 1, "2026-07-16"), typed);
    expect(after.map(dateOf)).toEqual(["2026-07-13", "2026-07-16"]);
    expect(typed.log.events).toContainEqual(
      expect.objectContaining({ event: EVENT.manualDate, to: "2026-07-16" }),
    );
    // The next pass keeps it: it was typed, and is recorded as such.
    expect(written(after, decided(inputOf(season, after))).map(dateOf)).toEqual(["2026-07-13", "2026-07-16"]);
  });

  it("refuses a day without room: the old date comes back and 오류 says why", () => {
    const { rows } = decidedSeason(season);
    const typed = decided(inputOf(season, typeDate(rows, 1, "2026-07-13")));
    expect(written(typeDate(rows, 1, "2026-07-13"), typed).map(dateOf)).toEqual(["2026-07-13", "2026-07-14"]);
    expect(typed.log.incidents).toEqual([expect.objectContaining({ field: "출하예정일" })]);
  });
});

it("the status words the steps write are the template's", () => {
  expect(LISTS.status).toEqual(STATUSES.map((s: Status) => statusLabel(s)));
});

describe("the decision's log (log.ts)", () => {
  it("retime gives untimed lines the time asked for and keeps the log in time order, ties as they stood, lines with no time last", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.option(fc.integer({ min: 0, max: 20 })),
            later: fc.option(fc.integer({ min: 0, max: 20 })),
          }),
          { maxLength: 40 },
        ),
        (lines) => {
          const log = new DecisionLog();
          lines.forEach((l, i) =>
            log.log({
              ...(l.at === null ? {} : { at: new Date(l.at * 1000) }),
              actor: "tony",
              orderCode: "",
              rowId: String(i),
              event: EVENT.payment,
            }),
          );
          const before = log.events.map((e) => Number(e.rowId));
          const time = (i: number) => lines[i]!.at ?? lines[i]!.later ?? Infinity;
          log.retime((e) => {
            const later = lines[Number(e.rowId)]!.later;
            return later === null ? undefined : new Date(later * 1000);
          });
          // A stable order by the new times, from the order the log stood in.
          const expected = [...before].sort((a, b) => (time(a) < time(b) ? -1 : time(a) > time(b) ? 1 : 0));
          expect(log.events.map((e) => Number(e.rowId))).toEqual(expected);
          for (const e of log.events) expect(e.at?.getTime() ?? Infinity).toBe(time(Number(e.rowId)) * 1000);
        },
      ),
      RUNS,
    );
  });
});
