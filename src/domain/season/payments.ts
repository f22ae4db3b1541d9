/**
 * Payment is per order: a change on one row applies to the whole order (domain/orderPayment),
 * and the rows' statuses follow it (domain/unpaidOrder). An order a bank import just paid
 * (`bankTimes`) says the deposit's time in its 입금 lines: the customer's timeline shows it. An
 * order whose payment was ticked before the pass (`editedAt`, an edit carried later) is paid at
 * that tick: the earliest of its rows whose cell says paid (each row at its latest tick).
 */
import { bankTimeNote, EVENT } from "../events";
import { orderPayment } from "../orderPayment";
import { parsePayment, PAYMENT_LABEL } from "../rows";
import type { Actor } from "../schemas";
import { statusAfterPayment } from "../unpaidOrder";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import { setShipDate, setStatus, type RowState } from "./state";

export function applyPayments(
  grid: Grid,
  rows: readonly RowState[],
  log: DecisionLog,
  actor: Actor,
  now: Date,
  bankTimes?: ReadonlyMap<string, Date>,
  editedAt?: ReadonlyMap<number, Date>,
): Map<string, Date> {
  /** Orders whose payment flipped at a tick carried later: when (their other lines follow it). */
  const flippedAt = new Map<string, Date>();
  const orders = new Map<string, RowState[]>();
  for (const s of rows) orders.set(s.orderCode, [...(orders.get(s.orderCode) ?? []), s]);
  // Orders paid in the same pass at the same time keep the sheet's order: one millisecond apart,
  // top row first, as if they had been ticked one after the other. No two share a time.
  const stamped = new Set<number>();
  for (const [code, group] of orders) {
    // Paid at the first tick among its rows that say paid (a second row ticked later does not
    // move it); unpaid at the last change of a payment cell (the untick).
    const tickOf = (s: RowState) => editedAt?.get(grid.sheetRow(s.r))?.getTime();
    const paidTicks = group.flatMap((s) => (s.paid ? (tickOf(s) ?? []) : []));
    const allTicks = group.flatMap((s) => tickOf(s) ?? []);
    const payAt = paidTicks.length > 0 ? new Date(Math.min(...paidTicks)) : undefined;
    const unpayAt = allTicks.length > 0 ? new Date(Math.max(...allTicks)) : undefined;
    let stamp = (payAt ?? now).getTime();
    while (stamped.has(stamp)) stamp++;
    const decision = orderPayment(
      group.map((s) => ({
        recordedPaid: s.recorded ? s.recorded.p === 1 : null,
        paid: s.paid,
        paidAt: s.paidAt ? s.paidAt.getTime() : null,
      })),
      stamp,
    );
    if (decision.stamped) stamped.add(stamp);
    const { paid } = decision;
    const at = paid ? payAt : unpayAt;
    if (at && decision.flipped.some(Boolean)) flippedAt.set(code, at);
    const paidAt = decision.paidAt === null ? null : new Date(decision.paidAt);
    const bankAt = paid ? bankTimes?.get(code) : undefined;
    group.forEach((s, i) => {
      const was = s.recorded ? s.recorded.p === 1 : false;
      // Only a readable payment cell is rewritten: text Tony typed that means nothing stays, flagged.
      if (parsePayment(grid.get(s.r, "payment")).ok) {
        grid.set(s.r, "payment", paid ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid);
      }
      s.paid = paid;
      s.paidAt = paidAt;
      if (decision.flipped[i]) {
        log.log({
          ...(at ? { at } : {}),
          actor,
          orderCode: s.orderCode,
          rowId: s.rowId,
          event: EVENT.payment,
          from: was ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid,
          to: paid ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid,
          detail: [group.length > 1 ? "주문 전체에 적용" : "", bankAt ? bankTimeNote(bankAt) : ""]
            .filter(Boolean)
            .join(" · "),
        });
      }
      const change = statusAfterPayment(s.status, paid);
      if (change?.to === "paid") setStatus(s, "paid", log, "script");
      if (change?.to === "received") {
        setStatus(s, "received", log, "script", "입금 취소");
        if (change.clearShipDate) setShipDate(s, null, log, "script");
      }
    });
  }
  return flippedAt;
}

/** The sheet rows an edit carried later covered, each with the latest such edit's time. */
export function editTimesByRow(
  edits: readonly { first: number; count: number; at: Date }[],
): Map<number, Date> {
  const times = new Map<number, Date>();
  for (const e of edits)
    for (let row = e.first; row < e.first + e.count; row++)
      if ((times.get(row)?.getTime() ?? -Infinity) < e.at.getTime()) times.set(row, e.at);
  return times;
}

/**
 * The sheet rows whose payment cell (1-based column `paymentColumn`; 0: none) an edit carried
 * later covered, each with the latest such edit's time. An edit of other cells (a memo typed
 * after the tick) says nothing of when the payment was made.
 */
export function paymentTickTimes(
  edits: readonly { first: number; count: number; column: number; columns: number; at: Date }[],
  paymentColumn: number,
): Map<number, Date> {
  return editTimesByRow(
    edits.filter((e) => paymentColumn >= e.column && paymentColumn < e.column + e.columns),
  );
}
