/**
 * Reading the status and payment of a 주문 row by their meaning, not by their Korean words: the
 * words live in sheets-templates (LISTS) and the domain maps them (one home for each).
 */
import { parsePayment, PAYMENT_LABEL } from "../domain/rows";
import type { Status } from "../domain/schemas";
import { statusFromLabel } from "../domain/status";
import type { Table } from "./table";

export { PAYMENT_LABEL };

export const statusOf = (orders: Table, r: number): Status | undefined =>
  statusFromLabel(orders.get(r, "status"));

export function isPaid(orders: Table, r: number): boolean {
  const payment = parsePayment(orders.get(r, "payment"));
  return payment.ok && payment.value === "paid";
}
