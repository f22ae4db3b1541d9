import fc from "fast-check";
import { orderPayment, type PaymentRow } from "../../src/domain/orderPayment";

const arbRow: fc.Arbitrary<PaymentRow> = fc.record({
  recordedPaid: fc.option(fc.boolean(), { nil: null }),
  paid: fc.boolean(),
  paidAt: fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), { nil: null }),
});
const arbOrder = fc.array(arbRow, { minLength: 1, maxLength: 6 });
const STAMP = 1_784_000_000_000;

describe("payment applies to the whole order", () => {
  it("a row changed since it was recorded decides; otherwise any paid row pays the order", () => {
    fc.assert(
      fc.property(arbOrder, (rows) => {
        const { paid } = orderPayment(rows, STAMP);
        const changed = rows.filter((s) => s.recordedPaid !== null && s.recordedPaid !== s.paid);
        if (changed.length > 0) expect(paid).toBe(changed.some((s) => s.paid));
        else expect(paid).toBe(rows.some((s) => s.paid));
      }),
    );
  });

  it("a paid order carries its earliest known paid time, or the stamp; an unpaid one none", () => {
    fc.assert(
      fc.property(arbOrder, (rows) => {
        const d = orderPayment(rows, STAMP);
        const known = rows.flatMap((s) => (s.paidAt === null ? [] : [s.paidAt]));
        if (!d.paid) expect([d.paidAt, d.stamped]).toEqual([null, false]);
        else if (known.length > 0) expect([d.paidAt, d.stamped]).toEqual([Math.min(...known), false]);
        else expect([d.paidAt, d.stamped]).toEqual([STAMP, true]);
      }),
    );
  });

  it("flags exactly the rows whose recorded payment differs, and a second pass changes nothing", () => {
    fc.assert(
      fc.property(arbOrder, (rows) => {
        const d = orderPayment(rows, STAMP);
        expect(d.flipped).toEqual(rows.map((s) => (s.recordedPaid ?? false) !== d.paid));
        const again = orderPayment(
          rows.map(() => ({ recordedPaid: d.paid, paid: d.paid, paidAt: d.paidAt })),
          STAMP + 1,
        );
        expect(again).toEqual({
          paid: d.paid,
          paidAt: d.paidAt,
          stamped: false,
          flipped: rows.map(() => false),
        });
      }),
    );
  });

  it("unticking one row of a paid order unpays all of it", () => {
    const d = orderPayment(
      [
        { recordedPaid: true, paid: true, paidAt: 5 },
        { recordedPaid: true, paid: false, paidAt: 5 },
      ],
      STAMP,
    );
    expect(d).toEqual({ paid: false, paidAt: null, stamped: false, flipped: [true, true] });
  });
});
