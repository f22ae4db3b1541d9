/**
 * The KakaoTalk messages that are due, per order, worked out from 주문 and 이력: a payment
 * request until one is marked sent; a payment confirmation once the order is paid and placed;
 * a ship-date change after every 출하일 변경; a shipped message for rows shipped since the last
 * one. "보냄" appends `메시지 보냄` to 이력, so a message is never offered twice.
 */
import { boxCount } from "../domain/rows";
import { seoulDateOf, seoulDateOfCell } from "../domain/clock";
import { EVENT, MESSAGE_LABEL, recipientNoticeLabel } from "../domain/events";
import {
  depositReversedMessage,
  orderExpiredMessage,
  type ReversedShipment,
  messageNeeds,
  paymentConfirmedMessage,
  paymentRequestMessage,
  shipDateChangedMessage,
  shippedMessage,
  shippedToRecipientMessage,
  type MessageKind,
  type MessageOrder,
} from "../domain/messages";
import type { Settings } from "../domain/schemas";
import { waitingReason } from "../domain/settings";
import { recipientTargets } from "../domain/sms";
import { tab, WEB_SOURCE } from "../templates";
import { Journal, readEvents, receivedByOrder, type LoggedEvent } from "./journal";
import { isPaid, statusOf } from "./orderCells";
import { isInProgress, statusFromLabel, statusLabel } from "../domain/status";
import type { Host } from "./port";
import { shipmentsOf } from "./shipmentRows";
import { Table } from "./table";
import { eventIndex } from "./eventIndex";
import { cancelRequests } from "./cancelRequests";

export interface DueMessage {
  /** Stable while the message is due: `주문번호:kind:n`. */
  id: string;
  orderCode: string;
  ordererName: string;
  /** The orderer's phone as 주문 holds it: where a message sent by SMS goes (issue 24). */
  ordererPhone: string;
  /** A recipient's mobile, digits only: the message goes there instead (a recipient's shipping notice). */
  recipientPhone?: string;
  kind: MessageKind;
  label: string;
  text: string;
  statusLink: string;
  /** Set when 설정 lacks what the message needs: `text` then says which line to fill, and it cannot be marked sent. */
  blocked?: true;
  /** A note for Tony himself (a deposit taken back): never sent to the customer, by SMS or otherwise. */
  forSeller?: true;
  /** To the phone an anonymous visitor typed on the order page, before any payment: never by SMS. */
  unverified?: true;
}

/** An order `dueMessages` left out, in whole or in part, and why (for the CLI to say). */
export interface HeldOrder {
  orderCode: string;
  ordererName: string;
  /** The 주문 sheet rows held back. */
  sheetRows: number[];
  reason: string;
}

export function dueMessages(
  host: Host,
  settings: Settings,
  statusBaseUrl = settings.statusPageUrl,
  held?: HeldOrder[],
  /** 이력 when the caller has read it already (sending reads it once for this and today's count). */
  logged?: LoggedEvent[],
): DueMessage[] {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return [];
  const orders = Table.read(tab("orders"), sheet);
  const events = logged ?? readEvents(host.workbook);
  // Indexed once: 이력 holds tens of thousands of lines at 20,000 orders, and scanning it per
  // order made this quadratic (issue 22: most of the 20,000-order day's JavaScript).
  const { ofRows, ofOrder, lastAt } = eventIndex(events);
  const sentAt = (code: string, kind: MessageKind) => lastAt(code, EVENT.messageSent, MESSAGE_LABEL[kind]);
  const byOrder = new Map<string, number[]>();
  for (let r = 0; r < orders.rowCount; r++) {
    const code = orders.text(r, "orderCode");
    if (code && orders.text(r, "rowId") && statusOf(orders, r) !== "cancelled")
      byOrder.set(code, [...(byOrder.get(code) ?? []), r]);
  }
  const received = receivedByOrder(events);
  const due: DueMessage[] = [];
  // Web orders cancelled at their payment deadline: Tony tells the orderer once.
  const expiredAt = new Map<string, number>();
  for (const e of events) if (e.event === EVENT.expired) expiredAt.set(e.orderCode, e.at);
  for (const [code, at] of expiredAt) {
    if (sentAt(code, "expired") >= at) continue;
    let first = -1;
    for (let r = 0; r < orders.rowCount && first < 0; r++)
      if (orders.text(r, "orderCode") === code) first = r;
    if (first < 0 || statusOf(orders, first) !== "cancelled") continue;
    const ordererName = orders.text(first, "ordererName");
    due.push({
      id: `${code}:expired:${at}`,
      orderCode: code,
      ordererName,
      ordererPhone: orders.text(first, "ordererPhone"),
      kind: "expired",
      label: MESSAGE_LABEL.expired,
      text: orderExpiredMessage({ code, ordererName }, settings),
      statusLink: "",
      ...(orders.text(first, "source") === WEB_SOURCE ? { unverified: true as const } : {}),
    });
  }
  // Deposits the bank took back: a note for Tony, once per order and reversal.
  const reversals = new Map<string, LoggedEvent[]>();
  for (const e of events)
    if (e.event === EVENT.bankReversal)
      reversals.set(e.orderCode, [...(reversals.get(e.orderCode) ?? []), e]);
  for (const [code, lines] of reversals) {
    const latest = lines[lines.length - 1]!;
    if (sentAt(code, "depositReversed") >= latest.at) continue;
    const rows = byOrder.get(code) ?? [];
    if (rows.length === 0) continue;
    const first = rows[0]!;
    const won = lines
      .filter((e) => e.at > sentAt(code, "depositReversed"))
      .reduce((t, e) => t + (Number(e.to) || 0), 0);
    const minute = (detail: string) => /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(detail)?.[1] ?? "";
    const undone = /↩(\S+)/.exec(latest.detail)?.[1];
    const deposit = events.find((e) => e.event === EVENT.bankDeposit && e.detail.endsWith(`#${undone}`));
    const depositAt = deposit ? minute(deposit.detail) : "";
    const reversedAt = minute(latest.detail);
    const shipments: ReversedShipment[] = shipmentsOf(orders, rows, settings).map((group) => {
      const r = group[0]!;
      const status = statusOf(orders, r) ?? "received";
      const recipientName = orders.text(r, "recipientName");
      if (status === "shipped" || status === "delivered")
        return { kind: "left", recipientName, status: statusLabel(status) };
      if (isInProgress(status))
        return {
          kind: "working",
          recipientName,
          status: statusLabel(status),
          shipDate: seoulDateOfCell(orders.get(r, "shipDate")),
        };
      return { kind: "undated", recipientName };
    });
    due.push({
      id: `${code}:depositReversed:${latest.at}`,
      orderCode: code,
      ordererName: orders.text(first, "ordererName"),
      ordererPhone: orders.text(first, "ordererPhone"),
      kind: "depositReversed",
      label: MESSAGE_LABEL.depositReversed,
      text: depositReversedMessage(
        {
          code,
          ordererName: orders.text(first, "ordererName"),
          ordererPhone: orders.text(first, "ordererPhone"),
        },
        { amount: won, depositAt, reversedAt },
        shipments,
      ),
      statusLink: "",
      forSeller: true,
    });
  }
  due.push(...cancelRequests(orders, byOrder, ofRows, settings, sentAt));
  for (const [code, allRows] of byOrder) {
    // A row with a problem waits for its fix; the amount asked for must be right, so a payment
    // request waits for the whole order.
    const rows = allRows.filter((r) => orders.text(r, "check") === "");
    const complete = rows.length === allRows.length;
    const waiting = allRows.filter((r) => !rows.includes(r));
    if (waiting.length > 0)
      held?.push({
        orderCode: code,
        ordererName: orders.text(allRows[0]!, "ordererName"),
        sheetRows: waiting.map((r) => orders.sheetRow(r)),
        reason:
          !isPaid(orders, allRows[0]!) && !sentAt(code, "paymentRequest")
            ? "확인이 필요한 줄이 있어 입금 요청을 보내지 않았습니다 (금액이 맞아야 하므로 고친 뒤 나옵니다)"
            : "확인이 필요한 줄이라 그 줄의 메시지를 뺐습니다 (고치면 나옵니다)",
      });
    if (rows.length === 0) continue;
    const rowIds = new Set(rows.map((r) => orders.text(r, "rowId")));
    const token = orders.text(rows[0]!, "token");
    // A message speaks of shipments (what goes to one place), not of rows.
    const groups = shipmentsOf(orders, rows, settings);
    const groupOfRow = new Map(groups.flatMap((g, i) => g.map((r) => [orders.text(r, "rowId"), i] as const)));
    const order: MessageOrder = {
      code,
      waitReason: waitingReason(
        settings,
        seoulDateOf(host.now()),
        rows.filter((r) => statusOf(orders, r) === "waitlisted").map((r) => orders.text(r, "item")),
      ),
      ordererName: orders.text(rows[0]!, "ordererName"),
      received: received.get(code) ?? 0,
      statusLink:
        statusBaseUrl && token ? `${statusBaseUrl}${statusBaseUrl.includes("?") ? "&" : "?"}t=${token}` : "",
      shipments: groups.map((group) => {
        const r = group[0]!;
        const sum = (key: string) => group.reduce((total, m) => total + (Number(orders.get(m, key)) || 0), 0);
        return {
          recipientName: orders.text(r, "recipientName"),
          item: orders.text(r, "item"),
          boxes: group.reduce((total, m) => total + boxCount(orders.get(m, "boxes")), 0),
          lines: group.map((m) => ({
            item: orders.text(m, "item"),
            boxes: boxCount(orders.get(m, "boxes")),
          })),
          address: orders.text(r, "address"), // Tony's message to the orderer: their own addresses
          goods: sum("goods"),
          shippingFee: sum("shippingFee"),
          total: sum("total"),
          shipDate: seoulDateOfCell(orders.get(r, "shipDate")),
          courier: orders.text(r, "courier"),
          trackingNumber: orders.text(r, "trackingNumber"),
        };
      }),
    };
    // Nobody has paid for a web order yet (not even part): its phone is only what a visitor typed.
    const unverified =
      !isPaid(orders, rows[0]!) &&
      !(received.get(code) ?? 0) &&
      orders.text(rows[0]!, "source") === WEB_SOURCE;
    const add = (kind: MessageKind, text: string, version: number) => {
      const needs = messageNeeds(kind, settings);
      due.push({
        id: `${code}:${kind}:${version}`,
        orderCode: code,
        ordererName: order.ordererName,
        ordererPhone: orders.text(rows[0]!, "ordererPhone"),
        kind,
        label: MESSAGE_LABEL[kind],
        text: needs ?? text,
        statusLink: order.statusLink,
        ...(needs ? { blocked: true as const } : {}),
        ...(unverified ? { unverified: true as const } : {}),
      });
    };
    const paid = isPaid(orders, rows[0]!);
    if (!paid) {
      // After a partial payment the request is due again, with the amount still due.
      const lastPart = lastAt(code, EVENT.bankDeposit);
      const sent = sentAt(code, "paymentRequest");
      if (complete && (!sent || sent < lastPart))
        add("paymentRequest", paymentRequestMessage(order, settings), lastPart || 1);
      continue;
    }
    const placed = rows.every((r) =>
      ["scheduled", "waitlisted", "harvested", "packed", "shipped", "delivered"].includes(
        statusOf(orders, r) ?? "",
      ),
    );
    const mine = ofRows(rowIds);
    const lastPayment = Math.max(0, ...mine.filter((e) => e.event === EVENT.payment).map((e) => e.at));
    // A message that speaks of a date to come is withdrawn once what it dates has left: no
    // "출하 예정" after 발송 (issue 23); the shipped message tells the rest.
    const left = (r: number) => ["shipped", "delivered"].includes(statusOf(orders, r) ?? "");
    const leftIds = new Set(rows.filter(left).map((r) => orders.text(r, "rowId")));
    if (placed && rows.some((r) => !left(r)) && sentAt(code, "paymentConfirmed") < lastPayment) {
      add("paymentConfirmed", paymentConfirmedMessage(order, settings), lastPayment);
    }
    const changedSince = sentAt(code, "shipDateChanged");
    // The confirmation gives the date as it stands when sent: a change before it is told there
    // (one logged in the same instant is told again: a repeat is better than a silence).
    const confirmedAt = sentAt(code, "paymentConfirmed");
    // Every row of a moved shipment logs the move: one line per shipment and move.
    const seen = new Set<string>();
    const changes = mine.filter((e) => {
      if (e.event !== EVENT.shipDateMoved) return false;
      if (e.at <= changedSince || e.at < confirmedAt) return false;
      if (leftIds.has(e.rowId)) return false;
      const key = `${groupOfRow.get(e.rowId)}|${e.from}|${e.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // Not worth a message if the customer has not even been told a first date yet.
    if (changes.length > 0 && sentAt(code, "paymentConfirmed") > 0) {
      const name = (rowId: string) =>
        orders.text(
          rows.find((r) => orders.text(r, "rowId") === rowId)!,
          "recipientName",
        );
      add(
        "shipDateChanged",
        shipDateChangedMessage(
          order,
          settings,
          changes.map((e) => ({
            recipientName: name(e.rowId),
            from: /^\d{4}-\d{2}-\d{2}$/.test(e.from) ? e.from : null,
            to: /^\d{4}-\d{2}-\d{2}$/.test(e.to) ? e.to : null,
            ...(e.detail ? { why: e.detail } : {}),
          })),
        ),
        Math.max(...changes.map((e) => e.at)),
      );
    }
    // When each shipment was marked 발송 (0: it is not shipped).
    const shippedAt = groups.map(([r]) => {
      if (statusOf(orders, r!) !== "shipped") return 0;
      const id = orders.text(r!, "rowId");
      return Math.max(
        0,
        ...ofRows([id])
          .filter((e) => e.event === EVENT.status && statusFromLabel(e.to) === "shipped")
          .map((e) => e.at),
      );
    });
    const shippedSince = sentAt(code, "shipped");
    const newlyShipped = groups.filter((_, i) => shippedAt[i]! > shippedSince);
    if (newlyShipped.length > 0) {
      const shippedOrder = {
        ...order,
        shipments: newlyShipped.map((g) => order.shipments[groups.indexOf(g)]!),
      };
      add("shipped", shippedMessage(shippedOrder, settings), newlyShipped.length);
    }
    if (settings.smsToRecipients)
      due.push(...recipientNotices(order, groups, shippedAt, orders, ofOrder(code), settings));
  }
  return due;
}

/**
 * 설정 '발송 안내 받는 분에게도': a shipping notice to each recipient's mobile that is not the
 * orderer's (recipientTargets), for that number's shipments shipped since its last notice. Each
 * is its own message (`주문번호:shippedRecipient:<digits>:<time>`), marked sent on its own, by
 * hand or by 문자; 이력 keeps the id in 내용, which is how the next look finds it sent.
 */
function recipientNotices(
  order: MessageOrder,
  groups: readonly number[][],
  shippedAt: readonly number[],
  orders: Table,
  /** 이력's lines of this order. */
  events: readonly LoggedEvent[],
  settings: Settings,
): DueMessage[] {
  const due: DueMessage[] = [];
  const ordererPhone = orders.text(groups[0]![0]!, "ordererPhone");
  const targets = recipientTargets(
    ordererPhone,
    groups.map(([r]) => orders.text(r!, "recipientPhone")),
  );
  for (const { to, recipients } of targets) {
    const mark = `:shippedRecipient:${to}:`;
    const since = Math.max(
      0,
      ...events
        .filter((e) => e.orderCode === order.code && e.event === EVENT.messageSent && e.detail.includes(mark))
        .map((e) => e.at),
    );
    const fresh = recipients.filter((i) => shippedAt[i]! > since);
    if (fresh.length === 0) continue;
    const shipments = fresh.map((i) => order.shipments[i]!);
    due.push({
      id: `${order.code}${mark}${Math.max(...fresh.map((i) => shippedAt[i]!))}`,
      orderCode: order.code,
      ordererName: order.ordererName,
      ordererPhone,
      recipientPhone: to,
      kind: "shippedRecipient",
      label: recipientNoticeLabel(shipments[0]!.recipientName),
      text: shippedToRecipientMessage({ ordererName: order.ordererName, shipments }, settings),
      statusLink: "",
    });
  }
  return due;
}

/** "보냄": the messages are logged to 이력 and not offered again (one still waiting for 설정 is not sent). */
export function markSent(host: Host, messages: DueMessage[]): void {
  const journal = new Journal();
  for (const m of messages.filter((x) => !x.blocked)) {
    journal.log({
      actor: "tony",
      orderCode: m.orderCode,
      rowId: "",
      event: EVENT.messageSent,
      to: m.label,
      detail: m.id,
    });
  }
  journal.flush(host.workbook, host.now());
}
