/**
 * The notes for Tony when customers of a late shipment ask to cancel (지연 응답 취소할게요), one of
 * the messages a look at 보낼 메시지 offers (messages.ts).
 */
import { boxCount } from "../domain/rows";
import { seoulDateOfCell } from "../domain/clock";
import { EVENT, MESSAGE_LABEL } from "../domain/events";
import { delayAnswerOf, latenessOf, refundOf } from "../domain/delayAnswer";
import { historyFromEvents } from "../domain/timeline";
import { itemsText } from "../domain/shipments";
import { cancelRequestMessage, type MessageKind } from "../domain/messages";
import type { Settings } from "../domain/schemas";
import type { LoggedEvent } from "./journal";
import { isPaid, statusOf } from "./orderCells";
import { shipmentsOf } from "./shipmentRows";
import type { Table } from "./table";
import type { DueMessage } from "./messages";

/**
 * Late shipments whose customer asked to cancel (지연 응답 취소할게요) and that are not cancelled
 * yet: a note for Tony per order, again after each new request, with what to refund.
 */
export function cancelRequests(
  orders: Table,
  byOrder: ReadonlyMap<string, number[]>,
  ofRows: (rowIds: Iterable<string>) => readonly LoggedEvent[],
  settings: Settings,
  sentAt: (code: string, kind: MessageKind) => number,
): DueMessage[] {
  if (!orders.has("delayAnswer")) return [];
  const due: DueMessage[] = [];
  for (const [code, rows] of byOrder) {
    const asking = rows.filter((r) => delayAnswerOf(orders.get(r, "delayAnswer")) === "cancel");
    if (asking.length === 0) continue;
    const ids = new Set(asking.map((r) => orders.text(r, "rowId")));
    const mine = ofRows(ids);
    const askedAt = Math.max(1, ...mine.filter((e) => e.event === EVENT.delayAnswer).map((e) => e.at));
    if (sentAt(code, "cancelRequest") >= askedAt) continue;
    const history = historyFromEvents(code, [...ids], mine);
    const first = asking[0]!;
    const paid = isPaid(orders, first);
    const requests = shipmentsOf(orders, asking, settings).map((group) => {
      const r = group[0]!;
      const shipDate = seoulDateOfCell(orders.get(r, "shipDate"));
      const late = latenessOf(
        history.rows[orders.text(r, "rowId")]?.f,
        statusOf(orders, r),
        shipDate,
        settings.delayNoticeDays,
      );
      return {
        recipientName: orders.text(r, "recipientName"),
        items: itemsText(
          group.map((m) => ({ item: orders.text(m, "item"), boxes: boxCount(orders.get(m, "boxes")) })),
          true,
        ),
        refund: refundOf(
          paid,
          group.map((m) => orders.get(m, "total")),
        ),
        late: late?.text ?? "",
      };
    });
    const who = {
      code,
      ordererName: orders.text(first, "ordererName"),
      ordererPhone: orders.text(first, "ordererPhone"),
    };
    due.push({
      id: `${code}:cancelRequest:${askedAt}`,
      orderCode: code,
      ordererName: who.ordererName,
      ordererPhone: who.ordererPhone,
      kind: "cancelRequest",
      label: MESSAGE_LABEL.cancelRequest,
      text: cancelRequestMessage(who, requests),
      statusLink: "",
      forSeller: true,
    });
  }
  return due;
}
