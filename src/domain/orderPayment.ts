/**
 * Payment is per order: a change on one row of an order applies to all its rows. What changed
 * since the script last recorded the rows wins (a row ticked or unticked now); when nothing
 * changed, the order is paid if any of its rows says so. The order's paid time is the earliest
 * one known, or the pass's stamp when none is.
 */

export interface PaymentRow {
  /** What the script last recorded (null for a row it has not seen). */
  recordedPaid: boolean | null;
  /** What the row's 입금 cell says now (its recorded value when the cell cannot be read). */
  paid: boolean;
  /** The row's 입금일시, epoch milliseconds. */
  paidAt: number | null;
}

export interface OrderPayment {
  paid: boolean;
  /** Every row's 입금일시: epoch milliseconds, or null when unpaid. */
  paidAt: number | null;
  /** True when `paidAt` is the stamp given (no row knew a time): the next order gets the next one. */
  stamped: boolean;
  /** Per row, in order: whether its payment differs from what was recorded (an 이력 line). */
  flipped: boolean[];
}

export function orderPayment(rows: readonly PaymentRow[], stamp: number): OrderPayment {
  const changed = rows.filter((s) => s.recordedPaid !== null && s.recordedPaid !== s.paid);
  const paid = changed.length > 0 ? changed.some((s) => s.paid) : rows.some((s) => s.paid);
  const known = rows.map((s) => s.paidAt).filter((t): t is number => t !== null);
  const stamped = paid && known.length === 0;
  return {
    paid,
    paidAt: paid ? (stamped ? stamp : Math.min(...known)) : null,
    stamped,
    flipped: rows.map((s) => (s.recordedPaid ?? false) !== paid),
  };
}
