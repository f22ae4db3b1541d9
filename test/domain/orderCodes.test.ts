import fc from "fast-check";
import { orderCodesOf, type CodeRow } from "../../src/domain/orderCodes";

// Few names and phones, so neighbours often match; some rows already numbered, some with gaps.
const arbRows: fc.Arbitrary<CodeRow[]> = fc
  .array(
    fc.record({
      code: fc.constantFrom("", "", "", "111-111", "222-222"),
      orderer: fc.constantFrom("", "김하나", "이둘"),
      ordererPhone: fc.constantFrom("01011112222", "01033334444"),
      gap: fc.boolean(),
    }),
    { maxLength: 12 },
  )
  .map((rows) => {
    let r = 0;
    return rows.map(({ gap, ...row }) => ({ ...row, r: (r += gap ? 2 : 1) }));
  });

const codesOf = (rows: CodeRow[]) => {
  let n = 0;
  return orderCodesOf(rows, () => `new-${n++}`);
};

describe("consecutive rows of one orderer share an order number", () => {
  it("a numbered row keeps its number", () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const codes = codesOf(rows);
        rows.forEach((row, i) => row.code && expect(codes[i]).toBe(row.code));
      }),
    );
  });

  it("an unnumbered row joins the row just above when both name the same orderer, else starts an order", () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const codes = codesOf(rows);
        rows.forEach((row, i) => {
          if (row.code) return;
          const above = rows[i - 1];
          const joins =
            row.orderer !== "" &&
            !!above &&
            above.r === row.r - 1 &&
            above.orderer === row.orderer &&
            above.ordererPhone === row.ordererPhone;
          if (joins) expect(codes[i]).toBe(codes[i - 1]);
          else expect(codes.slice(0, i)).not.toContain(codes[i]);
        });
      }),
    );
  });

  it("a row without an orderer is an order of its own", () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const codes = codesOf(rows);
        rows.forEach((row, i) => {
          if (!row.code && row.orderer === "") expect(codes.slice(0, i)).not.toContain(codes[i]);
        });
      }),
    );
  });
});
