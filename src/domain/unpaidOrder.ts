/**
 * What a payment does to a row's status: a paid 접수 row becomes 입금; an order whose payment is
 * taken back returns to 접수 and loses its ship date (its boxes give the day's room back). Rows
 * already harvested, packed, shipped or cancelled keep their status.
 */
import type { Status } from "./schemas";

export type PaymentStatusChange =
  { to: "paid"; clearShipDate: false } | { to: "received"; clearShipDate: true } | null;

/** Statuses an unpaid order cannot keep: they only follow a payment. */
const FOLLOW_PAYMENT: readonly Status[] = ["paid", "scheduled", "waitlisted"];

export function statusAfterPayment(status: Status, paid: boolean): PaymentStatusChange {
  if (paid) return status === "received" ? { to: "paid", clearShipDate: false } : null;
  return FOLLOW_PAYMENT.includes(status) ? { to: "received", clearShipDate: true } : null;
}
