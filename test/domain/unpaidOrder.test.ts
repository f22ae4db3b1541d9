import fc from "fast-check";
import { STATUSES } from "../../src/domain/schemas";
import { isInProgress } from "../../src/domain/status";
import { statusAfterPayment } from "../../src/domain/unpaidOrder";

describe("an unpaid order returns to 접수", () => {
  it("loses 입금, 출하예정 and 대기 with its date; rows in progress or cancelled keep theirs", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), (status) => {
        const change = statusAfterPayment(status, false);
        if (status === "paid" || status === "scheduled" || status === "waitlisted")
          expect(change).toEqual({ to: "received", clearShipDate: true });
        else expect(change).toBeNull();
        if (isInProgress(status) || status === "cancelled") expect(change).toBeNull();
      }),
    );
  });

  it("a paid order leaves 접수 for 입금 and nothing else moves", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), (status) => {
        expect(statusAfterPayment(status, true)).toEqual(
          status === "received" ? { to: "paid", clearShipDate: false } : null,
        );
      }),
    );
  });

  it("settles: the status it gives is one the same payment leaves alone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.boolean(), (status, paid) => {
        const to = statusAfterPayment(status, paid)?.to ?? status;
        expect(statusAfterPayment(to, paid)).toBeNull();
      }),
    );
  });
});
