/**
 * A1 notation: an edit event's range read with one handle call (getA1Notation) instead of four.
 * What cannot be read as bounded cells (a whole column or row) is null: the trigger asks the
 * range for its coordinates then.
 */
import fc from "fast-check";
import { boundedCells, columnLetters, columnNumber } from "../src/app/a1";

describe("A1 notation", () => {
  it("reads back every bounded range it writes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 18_278 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        (column, first, columns, count) => {
          expect(columnNumber(columnLetters(column))).toBe(column);
          const last = Math.min(column + columns - 1, 18_278);
          const a1 =
            count === 1 && last === column
              ? `${columnLetters(column)}${first}`
              : `${columnLetters(column)}${first}:${columnLetters(last)}${first + count - 1}`;
          expect(boundedCells(a1)).toEqual({ first, count, column, columns: last - column + 1 });
        },
      ),
    );
  });

  it("single cells, ranges and absolute marks", () => {
    expect(boundedCells("K59")).toEqual({ first: 59, count: 1, column: 11, columns: 1 });
    expect(boundedCells("A20001:AB20040")).toEqual({ first: 20001, count: 40, column: 1, columns: 28 });
    expect(boundedCells("$B$5:$C$7")).toEqual({ first: 5, count: 3, column: 2, columns: 2 });
  });

  it("anything not bounded is null: whole columns and rows, a tab name, nonsense", () => {
    for (const a1 of ["B:B", "5:5", "A1:B", "'주문'!A1", "", "a1", "A0", "AAAA1", "A1:B2:C3", "A1 "])
      expect(boundedCells(a1)).toBeNull();
  });
});
