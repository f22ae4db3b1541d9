/** Seasons for the decision's tests: 주문's rows as Tony types them, random or by hand. */
import fc from "fast-check";
import { seoulDateOf } from "../../../src/domain/clock";
import { decide, type SeasonDecision, type SeasonInput } from "../../../src/domain/season/decide";
import type { Cell, RowsAsRead } from "../../../src/domain/season/grid";
import { PAYMENT_LABEL } from "../../../src/domain/rows";
import type { Settings } from "../../../src/domain/schemas";
import { defaultSettings } from "../../../src/domain/settings";
import { tab } from "../../../src/templates";

export const RUNS = { numRuns: 120 };
export const KEYS = tab("orders").columns.map((c) => c.key);
export const COLUMNS: ReadonlyMap<string, number> = new Map(KEYS.map((k, i) => [k, i]));
export const NOW = new Date("2026-07-10T00:00:00Z"); // 09:00 in Seoul, before the season
export const ITEMS = ["백도 4.5kg", "황도 4.5kg", "천도 3kg"];

/** A seeded random source, so a failing case replays. */
export function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
}

export interface Recipient {
  place: number;
  items: { item: number; boxes: number }[];
}
export interface Order {
  recipients: Recipient[];
  /** The row Tony marked paid (index into the order's rows), or null; the hour it was paid. */
  paidRow: number | null;
  paidHour: number;
}

export const arbOrder: fc.Arbitrary<Order> = fc.record({
  recipients: fc.array(
    fc.record({
      place: fc.integer({ min: 0, max: 3 }),
      items: fc.array(
        fc.record({ item: fc.integer({ min: 0, max: 2 }), boxes: fc.integer({ min: 1, max: 5 }) }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  paidRow: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  paidHour: fc.integer({ min: 0, max: 200 }),
});

export const arbSeason = fc.record({
  orders: fc.array(arbOrder, { minLength: 1, maxLength: 8 }),
  capacity: fc.integer({ min: 6, max: 14 }),
  policy: fc.constantFrom("strict" as const, "fill" as const),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

export type Season = typeof arbSeason extends fc.Arbitrary<infer T> ? T : never;

export function settingsOf(season: Season): Settings {
  return {
    ...defaultSettings("2026-05-01"),
    defaultCapacity: season.capacity,
    policy: season.policy,
    seasonStart: "2026-07-13",
    seasonEnd: "2026-07-20",
  };
}

export const cellsRow = (cells: Partial<Record<string, Cell>>): Cell[] => KEYS.map((k) => cells[k] ?? "");

/** 주문's rows as Tony typed them: one row per recipient and item, the paid order marked on one row. */
export function rowsOf(season: Season): Cell[][] {
  const rows: Cell[][] = [];
  season.orders.forEach((order, o) => {
    const lines = order.recipients.flatMap((rec, p) => rec.items.map((it) => ({ rec, p, ...it })));
    const paidRow = order.paidRow === null ? -1 : order.paidRow % lines.length;
    lines.forEach((line, i) => {
      rows.push(
        cellsRow({
          orderCode: `500-${String(100 + o)}`,
          ordererName: `주문자${o}`,
          ordererPhone: `010-1000-${String(1000 + o)}`,
          recipientName: `받는분${o}-${line.p}`,
          recipientPhone: `010-2${line.p}00-${String(1000 + o)}`,
          postalCode: "06236",
          address: `서울특별시 강남구 테헤란로 ${line.rec.place + 1}`,
          item: ITEMS[line.item]!,
          boxes: line.boxes,
          // Each line its own memo: two lines alike are a question (duplicates.ts), not this scene's.
          memo: `줄 ${i + 1}`,
          payment: i === paidRow ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid,
          paidAt: i === paidRow ? new Date(NOW.getTime() - (300 - order.paidHour) * 3_600_000) : "",
        }),
      );
    });
  });
  return rows;
}

export const asRead = (rows: Cell[][]): RowsAsRead => ({ columns: COLUMNS, rows, firstRow: 2 });

export function inputOf(season: Season, rows: Cell[][], now = NOW): SeasonInput {
  return {
    orders: asRead(rows),
    ordersTab: "주문",
    settings: settingsOf(season),
    overrides: [],
    today: null,
    todayDate: seoulDateOf(now),
    now,
    random: seeded(season.seed),
    actor: "tony",
    renamedRows: [],
    allProblems: true,
    scope: { kind: "full" },
  };
}

export function decided(input: SeasonInput): SeasonDecision {
  const result = decide(input);
  if (result.undecided !== undefined) throw new Error(`a full pass was undecided: ${result.undecided}`);
  return result;
}

/** The rows as the app would write them back. */
export function written(rows: Cell[][], decision: SeasonDecision): Cell[][] {
  return rows.map((row, r) => {
    const cells = decision.cells.get(r);
    if (!cells) return row;
    const out = [...row];
    for (const [key, value] of cells) out[COLUMNS.get(key)!] = value;
    return out;
  });
}

export const cell = (row: Cell[], key: string) => row[COLUMNS.get(key)!];
export const dateOf = (row: Cell[]) => {
  const d = cell(row, "shipDate");
  return d instanceof Date ? seoulDateOf(d) : null;
};
/** Shipments by their rows: same order, same recipient, same address. */
export const shipmentKey = (row: Cell[]) =>
  [cell(row, "orderCode"), cell(row, "recipientName"), cell(row, "address")].join("|");

export function shipments(rows: Cell[][]): Map<string, Cell[][]> {
  const out = new Map<string, Cell[][]>();
  for (const row of rows) out.set(shipmentKey(row), [...(out.get(shipmentKey(row)) ?? []), row]);
  return out;
}
