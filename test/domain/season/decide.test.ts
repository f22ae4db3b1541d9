/**
 * The season's one decision over random seasons: the rules hold whatever the rows are (payment
 * per order, one fee per shipment, no day over its capacity, first come first served by
 * payment, dates stable once given), and a second decision over what the first wrote changes
 * nothing. Pure: rows in, cells out, no sheet.
 */
import fc from "fast-check";
import { capacityOf } from "../../../src/domain/allocation";
import { EVENT } from "../../../src/domain/events";
import { calendarOf } from "../../../src/domain/season/decide";
import { paymentTickTimes } from "../../../src/domain/season/payments";
import { shippingFee } from "../../../src/domain/pricing";
import { PAYMENT_LABEL } from "../../../src/domain/rows";
import {
  arbOrder,
  arbSeason,
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
  shipments,
  written,
  type Season,
} from "./scene";
import type { Cell } from "../../../src/domain/season/grid";

describe("decide: the season's rules over random seasons", () => {
  it("pays whole orders, charges one fee per shipment, keeps every day within its capacity, and serves payments in order", () => {
    fc.assert(
      fc.property(arbSeason, (season) => {
        const settings = settingsOf(season);
        const rows = rowsOf(season);
        const after = written(rows, decided(inputOf(season, rows)));

        // Payment is per order: one row marked paid pays all of its rows.
        const byOrder = new Map<string, Cell[][]>();
        for (const row of after) {
          const code = String(cell(row, "orderCode"));
          byOrder.set(code, [...(byOrder.get(code) ?? []), row]);
        }
        season.orders.forEach((order, o) => {
          const group = byOrder.get(`500-${String(100 + o)}`)!;
          const want = order.paidRow === null ? PAYMENT_LABEL.unpaid : PAYMENT_LABEL.paid;
          for (const row of group) expect(cell(row, "payment")).toBe(want);
          // One payment time for the whole order.
          expect(new Set(group.map((row) => String(cell(row, "paidAt")))).size).toBe(1);
        });

        // One fee per shipment, on its summed boxes; one date for all its rows.
        const groups = shipments(after);
        for (const group of groups.values()) {
          const boxes = group.reduce((sum, row) => sum + Number(cell(row, "boxes")), 0);
          const fees = group.reduce((sum, row) => sum + Number(cell(row, "shippingFee")), 0);
          expect(fees).toBe(shippingFee(boxes, settings));
          expect(new Set(group.map((row) => String(dateOf(row)))).size).toBe(1);
        }

        // No day over its capacity; only paid shipments hold a day.
        const calendar = calendarOf(settings, []);
        const perDay = new Map<string, number>();
        for (const row of after) {
          const date = dateOf(row);
          if (!date) continue;
          expect(cell(row, "payment")).toBe(PAYMENT_LABEL.paid);
          perDay.set(date, (perDay.get(date) ?? 0) + Number(cell(row, "boxes")));
        }
        for (const [date, boxes] of perDay) expect(boxes).toBeLessThanOrEqual(capacityOf(calendar, date));

        // Strict: a shipment paid later never ships before one paid earlier, nor while it waits.
        if (season.policy === "strict") {
          const paid = [...groups.values()]
            .filter((g) => cell(g[0]!, "payment") === PAYMENT_LABEL.paid)
            .map((g) => ({
              at: (cell(g[0]!, "paidAt") as Date).getTime(),
              rank: after.indexOf(g[0]!),
              date: dateOf(g[0]!),
              boxes: g.reduce((sum, row) => sum + Number(cell(row, "boxes")), 0),
            }))
            .filter((s) => s.boxes <= season.capacity) // larger ones are a problem, not in line
            .sort((a, b) => a.at - b.at || a.rank - b.rank);
          for (let i = 0; i < paid.length; i++)
            for (let j = i + 1; j < paid.length; j++) {
              if (paid[j]!.date === null) continue;
              expect(paid[i]!.date).not.toBeNull();
              expect(paid[i]!.date! <= paid[j]!.date!).toBe(true);
            }
        }
      }),
      RUNS,
    );
  });

  it("keeps every date once given when later orders are paid, and a second decision changes nothing", () => {
    fc.assert(
      fc.property(arbSeason, fc.array(arbOrder, { minLength: 1, maxLength: 4 }), (season, later) => {
        const rows = rowsOf(season);
        const first = written(rows, decided(inputOf(season, rows)));

        // Deciding again over what it wrote: no cell, no event, no problem.
        const again = decided(inputOf(season, first));
        expect(again.cells.size).toBe(0);
        expect(again.log.events).toEqual([]);

        // Later payments, a day later: no date given before moves.
        const more = { ...season, orders: [...season.orders, ...later] };
        const laterRows = rowsOf(more).slice(rows.length);
        const tomorrow = new Date(NOW.getTime() + 86_400_000);
        const second = written(
          [...first, ...laterRows],
          // Another draw of ids than the first pass's: a real source never repeats one.
          decided({ ...inputOf(more, [...first, ...laterRows], tomorrow), random: seeded(season.seed + 1) }),
        );
        first.forEach((row, r) => {
          if (dateOf(row)) expect(dateOf(second[r]!)).toBe(dateOf(row));
        });
      }),
      RUNS,
    );
  });

  it("a payment carried later is stamped and logged at the time its row was edited, not at the pass's", () => {
    fc.assert(
      fc.property(arbSeason, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (season, picks) => {
        const first = rowsOf(season);
        const rows = written(first, decided(inputOf(season, first)));
        const payment = COLUMNS.get("payment")!;
        const unpaid = rows.flatMap((r, i) => (r[payment] !== PAYMENT_LABEL.paid ? [i] : []));
        fc.pre(unpaid.length > 0);
        const later = new Date(NOW.getTime() + 3_600_000);
        const editedAt = new Map<number, Date>();
        picks.forEach((p, k) => {
          const i = unpaid[p % unpaid.length]!;
          rows[i]![payment] = PAYMENT_LABEL.paid;
          editedAt.set(i + 2, new Date(later.getTime() - (k + 1) * 1000)); // sheet rows start at 2
        });
        const decision = decided({ ...inputOf(season, rows, later), editedAt });
        const after = written(rows, decision);
        // Each ticked order: every row paid at the first tick of its rows, and so logged.
        const code = (r: Cell[]) => String(r[COLUMNS.get("orderCode")!]);
        const expected = new Map<string, number>();
        for (const [sheetRow, at] of editedAt) {
          const c = code(after[sheetRow - 2]!);
          expected.set(c, Math.min(expected.get(c) ?? Infinity, at.getTime()));
        }
        for (const [c, at] of expected) {
          for (const r of after.filter((r) => code(r) === c))
            expect((r[COLUMNS.get("paidAt")!] as Date).getTime()).toBe(at);
          const logged = decision.log.events.filter((e) => e.orderCode === c && e.event === EVENT.payment);
          expect(logged.length).toBeGreaterThan(0);
          for (const e of logged) expect(e.at?.getTime()).toBe(at);
        }
      }),
      RUNS,
    );
  });

  it("only an edit that covered the payment cell says when the payment was made, the latest of them per row", () => {
    const at = (s: number) => new Date(NOW.getTime() + s * 1000);
    const times = paymentTickTimes(
      [
        { first: 2, count: 1, column: 11, columns: 1, at: at(1) }, // the tick
        { first: 2, count: 1, column: 12, columns: 1, at: at(5) }, // a memo typed after it
        { first: 3, count: 3, column: 1, columns: 20, at: at(2) }, // a paste over the column
        { first: 4, count: 1, column: 11, columns: 1, at: at(9) }, // ticked again later
        { first: 9, count: 1, column: 10, columns: 1, at: at(3) }, // the column before
      ],
      11,
    );
    expect([...times].sort((a, b) => a[0] - b[0])).toEqual([
      [2, at(1)],
      [3, at(2)],
      [4, at(9)],
      [5, at(2)],
    ]);
    expect(paymentTickTimes([{ first: 2, count: 1, column: 1, columns: 30, at: at(1) }], 0).size).toBe(0);
  });

  it("the story's order: one row marked paid pays both recipients, 3 boxes cost 10,000 and 1 box 5,000, both on the season's first day", () => {
    const season: Season = {
      orders: [
        {
          recipients: [
            { place: 0, items: [{ item: 0, boxes: 3 }] },
            { place: 1, items: [{ item: 1, boxes: 1 }] },
          ],
          paidRow: 1,
          paidHour: 5,
        },
      ],
      capacity: 10,
      policy: "strict",
      seed: 7,
    };
    const result = decided(inputOf(season, rowsOf(season)));
    expect(result.log.events.filter((e) => e.event === EVENT.created)).toHaveLength(2);
    expect(result.rows.map((s) => [s.paid, s.shipDate, s.amounts?.shippingFee])).toEqual([
      [true, "2026-07-13", 10_000],
      [true, "2026-07-13", 5_000],
    ]);
    expect(result.days.find((d) => d.date === "2026-07-13")?.assigned).toBe(4);
    expect(result.todayPlan.rows).toEqual([]); // 7월 10일 ships nothing
  });
});
