/**
 * Rows of 주문 grouped into shipments (src/domain/shipments.ts) as every surface sees them: sync
 * (fees, allocation), 오늘 출하, the courier file and its result, the status page, messages.
 * One reading of the cells, so they all agree on what travels together.
 */
import { groupShipments } from "../domain/shipments";
import type { Table } from "./table";

/** Data rows `rows` of 주문 grouped by order number, then by place; the first of each is the lead. */
export function shipmentsOf(orders: Table, rows: readonly number[]): number[][] {
  return groupShipments(
    rows,
    (r) => orders.text(r, "orderCode") || `row:${r}`,
    (r) => ({
      name: orders.text(r, "recipientName"),
      phone: orders.text(r, "recipientPhone"),
      address: orders.text(r, "address"),
    }),
  );
}
