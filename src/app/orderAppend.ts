/**
 * Web orders into 주문: the rows of each order not yet there (by row id) in one write, their 접수
 * lines in 이력, and their views in 조회 at once. Placing calls it under the lock; the next pass
 * calls it for the orders that waited in a pending store (script properties; a journal file
 * beside the workbook) while the lock was busy.
 */
import { EVENT, WEB_ORDER_DETAIL } from "../domain/events";
import { identityOf, rowFingerprint, type Recorded } from "../domain/season/state";
import { statusLabel } from "../domain/status";
import { quoteOrder as priceOrder, rowAmounts, type WebOrder } from "../domain/webOrder";
import { LISTS, WEB_SOURCE, tab } from "../templates";
import { Journal } from "./journal";
import { settingsOf } from "./orderCapacity";
import type { Cell, Host } from "./port";
import { Table } from "./table";
import { refreshCachedViews } from "./views";

export interface PendingOrder {
  at: number;
  code: string;
  tokens: string[];
  rowIds: string[];
  order: WebOrder;
}

export interface PendingStore {
  list(): PendingOrder[];
  add(order: PendingOrder): void;
  remove(codes: readonly string[]): void;
}

export function applyPendingOrders(host: Host, pending: PendingStore): number {
  const list = pending.list();
  if (list.length === 0) return 0;
  const done = appendOrders(host, list);
  pending.remove([...done]);
  return done.size;
}

const PAYMENT_UNPAID = LISTS.payment[0]!;

/**
 * Appends the orders not yet in 주문 (by row id) in one write, and their 접수 lines to 이력.
 * Returns the codes that are now in 주문 (written, or found already there).
 */
export function appendOrders(host: Host, list: readonly PendingOrder[]): Set<string> {
  const done = new Set<string>();
  const sheet = host.workbook.sheet(tab("orders").name);
  const settings = settingsOf(host);
  if (!sheet || !settings || list.length === 0) return done;
  const values = sheet.readAll();
  const orders = new Table(tab("orders"), values);
  const present = new Set<string>();
  for (let r = 0; r < orders.rowCount; r++) present.add(orders.text(r, "rowId"));
  const header = (values[tab("orders").headerRow - 1] ?? []).map((h) => String(h).trim());
  const keyAt = header.map((h) => tab("orders").columns.find((c) => c.header === h)?.key ?? "");
  const rows: Cell[][] = [];
  const journal = new Journal();
  for (const p of list) {
    done.add(p.code);
    if (p.rowIds.some((id) => present.has(id))) continue; // already applied
    const amounts = rowAmounts(p.order, priceOrder(p.order, settings), settings);
    p.order.recipients.forEach((recipient, i) => {
      const cells: Record<string, Cell> = {
        orderCode: p.code,
        orderedAt: new Date(p.at),
        ordererName: p.order.orderer.name,
        ordererPhone: p.order.orderer.phone,
        recipientName: recipient.name,
        recipientPhone: recipient.phone,
        postalCode: recipient.postalCode,
        address: recipient.address,
        item: recipient.item,
        boxes: recipient.boxes,
        payment: PAYMENT_UNPAID,
        memo: i === 0 ? p.order.memo : "",
        source: WEB_SOURCE,
        goods: amounts[i]!.goods,
        shippingFee: amounts[i]!.shippingFee,
        total: amounts[i]!.total,
        status: statusLabel("received"),
        rowId: p.rowIds[i]!,
        token: p.tokens[i]!,
        // What the script recorded: the sync pass sees a known row, not a new one to log again.
        recorded: JSON.stringify({
          p: 0,
          d: "",
          b: recipient.boxes,
          s: "received",
          f: identityOf(p.order.orderer.name, recipient.name, p.order.orderer.phone),
        } satisfies Recorded),
      };
      const row = keyAt.map((key) => cells[key] ?? "");
      // Its fingerprint too, so the next reconcile knows the row as the script's own.
      const recordedAt = keyAt.indexOf("recorded");
      if (recordedAt >= 0) {
        const recorded = JSON.parse(String(row[recordedAt])) as Recorded;
        recorded.h = rowFingerprint(new Table(tab("orders"), [header, row]), 0);
        row[recordedAt] = JSON.stringify(recorded);
      }
      rows.push(row);
      journal.log({
        actor: "customer",
        orderCode: p.code,
        rowId: p.rowIds[i]!,
        event: EVENT.created,
        detail: WEB_ORDER_DETAIL,
      });
    });
  }
  if (rows.length === 0) return done;
  sheet.append(rows);
  const events = [...journal.events];
  journal.flush(host.workbook, host.now());
  // The status page finds the new orders at once (the read model gets their rows).
  const added = new Set(events.map((e) => e.orderCode));
  refreshCachedViews(
    host,
    new Table(tab("orders"), [...values, ...rows]),
    settings,
    added,
    events,
    host.now(),
  );
  return done;
}
