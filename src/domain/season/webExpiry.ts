/**
 * An unpaid order placed on the order page is cancelled once its payment deadline (설정: 웹 주문
 * 입금 기한) has passed; 이력 says why, and Tony gets a message to send.
 */
import { EVENT } from "../events";
import type { Settings } from "../schemas";
import { isExpired } from "../webOrder";
import { WEB_SOURCE } from "../../templates";
import type { Grid } from "./grid";
import type { DecisionLog } from "./log";
import { setStatus, type RowState } from "./state";

export function expireWebOrders(
  grid: Grid,
  rows: readonly RowState[],
  settings: Settings,
  log: DecisionLog,
  now: Date,
): void {
  const orders = new Map<string, RowState[]>();
  for (const s of rows) {
    if (grid.text(s.r, "source") === WEB_SOURCE)
      orders.set(s.orderCode, [...(orders.get(s.orderCode) ?? []), s]);
  }
  for (const group of orders.values()) {
    const orderedAt = grid.get(group[0]!.r, "orderedAt");
    if (!(orderedAt instanceof Date) || !isExpired(orderedAt, now, settings.webExpiryDays)) continue;
    if (!group.every((s) => !s.paid && s.status === "received")) continue;
    for (const s of group) {
      setStatus(s, "cancelled", log, "script", EVENT.expired);
      log.log({
        actor: "script",
        orderCode: s.orderCode,
        rowId: s.rowId,
        event: EVENT.expired,
        detail: `${settings.webExpiryDays}일 안에 입금되지 않아 취소`,
      });
    }
  }
}
