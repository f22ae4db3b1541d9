/**
 * Rows of 주문 grouped into shipments as every surface sees them: sync (fees, allocation), 오늘
 * 출하, the courier file and its result, the status page, messages. One reading of the cells (the
 * season decision's), so they all agree on what travels together.
 */
export { shipmentsOfRows as shipmentsOf } from "../domain/season/shipments";
