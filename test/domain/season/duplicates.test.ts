/**
 * Issue 23 · 5: duplicates are asked, not merged. A line of an order written twice is kept
 * twice, both 확인 필요 naming the other row; the copy holds no amount and no day, so the two are
 * never summed into one bigger parcel; the rest of the season decides as without the copy.
 */
import fc from "fast-check";
import { arbSeason, cell, COLUMNS, decided, inputOf, rowsOf, RUNS, written } from "./scene";
import type { Cell } from "../../../src/domain/season/grid";

const DUPLICATE = /^같은 주문이 두 번 있는 것 같습니다 \((\d+)행\)/;

describe("issue 23 · 5: duplicates are asked, not merged", () => {
  it("keeps a line written twice as 확인 필요 on both rows, bills and ships neither copy as a bigger parcel", () => {
    fc.assert(
      fc.property(arbSeason, fc.nat(), (season, pick) => {
        const rows = rowsOf(season);
        const k = pick % rows.length;
        const copy = [...rows[k]!];
        const twice = [...rows, copy];
        const after = written(twice, decided(inputOf(season, twice)));
        const original = after[k]!;
        const held = after[after.length - 1]!;
        // Both asked about, each naming the other's sheet row.
        expect(DUPLICATE.exec(String(cell(original, "check")))?.[1]).toBe(String(twice.length + 1));
        expect(DUPLICATE.exec(String(cell(held, "check")))?.[1]).toBe(String(k + 2));
        // The copy is billed nothing and holds no day; the original's shipment is what it was.
        expect([cell(held, "total"), cell(held, "shipDate")]).toEqual(["", ""]);
        const alone = written(rows, decided(inputOf(season, rows)));
        const same = (row: Cell[]) => [
          cell(row, "goods"),
          cell(row, "shippingFee"),
          String(cell(row, "shipDate")),
        ];
        after.slice(0, rows.length).forEach((row, i) => expect(same(row)).toEqual(same(alone[i]!)));
        // Decided again over what it wrote: nothing changes (the question stays until Tony answers).
        const again = written(after, decided(inputOf(season, after)));
        expect(again).toEqual(after);
      }),
      RUNS,
    );
  });

  it("clears itself when Tony writes a different 메모 on one (both meant)", () => {
    fc.assert(
      fc.property(arbSeason, fc.nat(), (season, pick) => {
        const rows = rowsOf(season);
        const k = pick % rows.length;
        const copy = [...rows[k]!];
        const first = written([...rows, copy], decided(inputOf(season, [...rows, copy])));
        const kept = first.map((r) => [...r]);
        // A different memo on the copy: both are meant, and both are billed.
        kept[kept.length - 1]![COLUMNS.get("memo")!] = "선물 두 번";
        const both = written(kept, decided(inputOf(season, kept)));
        expect(String(cell(both[k]!, "check"))).not.toMatch(DUPLICATE);
        expect(String(cell(both[both.length - 1]!, "check"))).not.toMatch(DUPLICATE);
        expect(typeof cell(both[both.length - 1]!, "total")).toBe("number");
      }),
      { numRuns: 40 },
    );
  });
});
