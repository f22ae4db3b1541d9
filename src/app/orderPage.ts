/**
 * The order page's server side, the same on both hosts: the form's data, a live quote, and
 * placing an order. Every function here is public (anyone may call it with anything): it reads
 * only 설정, the queue of capacity (boxes and dates, no names) and the caller's own order, and it
 * can only append orders within the limits of 설정.
 *
 * Placing appends the order's rows to 주문 in one write under the host's lock. When the lock
 * cannot be had (another execution holds it past our wait, or locally the workbook is open in
 * Excel) the order goes to a pending store (script properties; a journal file beside the
 * workbook) and the next pass applies it: the customer's answer is the same either way.
 */
import { newAccessToken, newOrderCode, newRowId } from "../domain/codes";
import { depositorName } from "../domain/deposits";
import { seoulDateOf } from "../domain/clock";
import { formatWon } from "../domain/pricing";
import { parsePayment } from "../domain/rows";
import { statusFromLabel } from "../domain/status";
import {
  checkWebOrder,
  estimateShipDates,
  oversizedPlaces,
  isHoneypotFilled,
  quoteOrder as priceOrder,
  type FieldError,
  type WebOrder,
} from "../domain/webOrder";
import { WEB_SOURCE, tab } from "../templates";
import { appendOrders, type PendingOrder, type PendingStore } from "./orderAppend";
import { availabilityOf, capacityQueue, queueOf, shopOf, unavailableItems } from "./orderCapacity";
import type { Host } from "./port";
import { Table } from "./table";

export type PageAnswer<T> = { ok: true; value: T } | { ok: false; error: string; errors: FieldError[] };

export interface OrderForm {
  open: boolean;
  sellerName: string;
  /** `available: false` with `note` (품절, 8월 1일부터 주문 받습니다, …) when the page does not take it. */
  items: { name: string; unitPrice: number; available: boolean; note: string }[];
  maxRecipients: number;
  maxBoxes: number;
}

export interface QuoteValue {
  goods: number;
  shippingFee: number;
  total: number;
  /** `YYYY-MM-DD`, or null when the order would wait. */
  earliestShipDate: string | null;
  /** The sentence the page shows for the date. */
  shipDateText: string;
  places: { recipients: number[]; boxes: number; shippingFee: number; splitNote?: string }[];
}

export interface PlacedValue {
  orderCode: string;
  token: string;
  total: number;
  totalText: string;
  paymentInstructions: string;
  depositorName: string;
  shipDateText: string;
}

/** An order accepted but not yet in 주문 (the lock was busy). Plain JSON. */
/** What a host lends to placing: its lock and its pending store. */
export interface OrderDesk {
  /** Runs `body` under the lock and returns true, or returns false when the lock is busy. */
  locked(body: () => void): boolean;
  pending: PendingStore;
}

export const CLOSED = "지금은 온라인 주문을 받지 않습니다. 카카오톡으로 주문해 주세요";
export const BUSY = "주문이 많아 잠시 후 다시 시도해 주세요";
export const INVALID = "입력한 내용을 확인해 주세요";
const UNAVAILABLE = "지금은 주문할 수 없습니다. 잠시 후 다시 시도하거나 카카오톡으로 주문해 주세요";
export const MAX_BODY_CHARS = 16 * 1024;
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const RATE_WINDOW_MS = 10 * 60 * 1000;
const dupKey = (fingerprint: string) => `peach:web:dup:${fingerprint}`;

const refuse = <T>(error: string, errors: FieldError[] = []): PageAnswer<T> => ({ ok: false, error, errors });

/** Whether a visitor sent more than a form ever would. */
function tooLarge(input: unknown): boolean {
  try {
    return (JSON.stringify(input) ?? "").length > MAX_BODY_CHARS;
  } catch {
    return true;
  }
}

/** The form: whether orders are taken, and the items with their prices. */
export function orderForm(host: Host): PageAnswer<OrderForm> {
  const found = shopOf(host);
  if (!found) return refuse(UNAVAILABLE);
  const { settings } = found;
  const shop = settings.onlineOrders ? { ...found, queue: capacityQueue(host) } : null;
  return {
    ok: true,
    value: {
      open: settings.onlineOrders,
      sellerName: settings.sellerName,
      items: settings.onlineOrders
        ? settings.items.map((i) => {
            const a = availabilityOf(host, shop!, i.name);
            const available = a.state === "open" || (a.state === "soldOut" && a.waiting);
            return {
              name: i.name,
              unitPrice: i.unitPrice,
              available,
              note: a.state === "open" ? "" : a.text,
            };
          })
        : [],
      maxRecipients: settings.webMaxRecipients,
      maxBoxes: settings.webMaxBoxes,
    },
  };
}

/** The live quote: the sheet's amounts and the day it would ship if paid now. */
export function quoteOrder(host: Host, input: unknown): PageAnswer<QuoteValue> {
  if (tooLarge(input)) return refuse(INVALID);
  const found = shopOf(host);
  if (!found) return refuse(UNAVAILABLE);
  const { settings } = found;
  if (!settings.onlineOrders) return refuse(CLOSED);
  const read = checkWebOrder(input, settings);
  if (!read.ok) return refuse(INVALID, read.errors);
  const shop = { ...found, queue: capacityQueue(host) };
  const closed = unavailableItems(host, shop, read.value);
  if (closed.length > 0) return refuse(INVALID, closed);
  const quote = priceOrder(read.value, settings);
  const estimate = estimateShipDates(shop.base, shop.queue, quote.places, host.now());
  const oversized = oversizedPlaces(quote.places, estimate, seoulDateOf(host.now()));
  if (oversized.length > 0) return refuse(INVALID, oversized);
  return {
    ok: true,
    value: {
      goods: quote.goods,
      shippingFee: quote.shippingFee,
      total: quote.total,
      earliestShipDate: estimate.earliestShipDate,
      shipDateText: estimate.text,
      places: quote.places.map(({ recipients, boxes, shippingFee, splitNote }) => ({
        recipients,
        boxes,
        shippingFee,
        ...(splitNote ? { splitNote } : {}),
      })),
    },
  };
}

/** Places an order: appended to 주문 as 접수 from the web, or kept pending; answered the same. */
export function placeOrder(host: Host, input: unknown, desk: OrderDesk): PageAnswer<PlacedValue> {
  if (tooLarge(input)) return refuse(INVALID);
  const shop = shopOf(host);
  if (!shop) return refuse(UNAVAILABLE);
  const { settings } = shop;
  if (!settings.onlineOrders) return refuse(CLOSED);
  if (isHoneypotFilled(input)) return refuse(UNAVAILABLE);
  const read = checkWebOrder(input, settings);
  if (!read.ok) return refuse(INVALID, read.errors);
  const order = read.value;
  const now = host.now();

  // The same order sent twice (a double tap, a reload) is the first order.
  const fingerprint = fingerprintOf(order);
  const previous = host.cache.get(dupKey(fingerprint));
  if (previous) {
    const seen = JSON.parse(previous) as { at: number; value: PlacedValue };
    if (now.getTime() - seen.at < DUPLICATE_WINDOW_MS) return { ok: true, value: seen.value };
  }

  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return refuse(UNAVAILABLE);
  const orders = Table.read(tab("orders"), sheet);
  // Judged on the rows just read: no item the page does not take today, and no place bigger
  // than a day can ship, goes in (no extra call).
  const queue = queueOf(orders, seoulDateOf(now));
  const closed = unavailableItems(host, { ...shop, queue }, order);
  if (closed.length > 0) return refuse(INVALID, closed);
  const quote = priceOrder(order, settings);
  const estimate = estimateShipDates(shop.base, queue, quote.places, now);
  const oversized = oversizedPlaces(quote.places, estimate, seoulDateOf(now));
  if (oversized.length > 0) return refuse(INVALID, oversized);
  const pending = desk.pending.list();
  const web = webOrdersOf(orders, pending);
  const recent = web.filter((o) => now.getTime() - o.at < RATE_WINDOW_MS).length;
  if (recent >= settings.webOrdersPer10Min) return refuse(BUSY);
  const unpaid = web.filter((o) => o.unpaid && o.phone === order.orderer.phone).length;
  if (unpaid >= settings.webUnpaidPerPhone) {
    return refuse(INVALID, [
      {
        field: "orderer.phone",
        // No count: the answer says no more about that phone's orders than the limit itself.
        message: "입금 전인 웹 주문이 이미 있습니다. 입금하신 뒤 주문하시거나 카카오톡으로 연락해 주세요",
      },
    ]);
  }

  const taken = new Set<string>(pending.map((p) => p.code));
  for (let r = 0; r < orders.rowCount; r++) taken.add(orders.text(r, "orderCode"));
  const placed: PendingOrder = {
    at: now.getTime(),
    code: newOrderCode(host.random, taken),
    tokens: order.recipients.map(() => newAccessToken(host.random)),
    rowIds: order.recipients.map(() => newRowId(host.random)),
    order,
  };
  let written = false;
  desk.locked(() => {
    // Orders left pending by earlier busy moments go in first, in their order.
    const done = appendOrders(host, [...pending, placed]);
    desk.pending.remove(pending.map((p) => p.code).filter((code) => done.has(code)));
    written = done.has(placed.code);
  });
  if (!written) desk.pending.add(placed);

  const value: PlacedValue = {
    orderCode: placed.code,
    token: placed.tokens[0]!,
    total: quote.total,
    totalText: formatWon(quote.total),
    paymentInstructions: settings.paymentInstructions,
    // The one depositor-name rule (이름+주문번호 뒤 4자리), as the payment request and the status page give it.
    depositorName: depositorName(order.orderer.name, placed.code),
    shipDateText: estimate.text,
  };
  host.cache.put(dupKey(fingerprint), JSON.stringify({ at: now.getTime(), value }));
  return { ok: true, value };
}

/** The next pass (under the lock): orders left pending go into 주문, each once. */
// ---- reading ------------------------------------------------------------------------------------

/** Order content only (not time, not codes): the same order typed twice has one fingerprint. */
function fingerprintOf(order: WebOrder): string {
  const text = JSON.stringify(order);
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
    h2 = (Math.imul(h2, 31) + text.charCodeAt(i)) >>> 0;
  }
  return `${h1.toString(36)}${h2.toString(36)}${text.length.toString(36)}`;
}

interface WebOrderSeen {
  at: number;
  phone: string;
  unpaid: boolean;
}

/** Web orders in 주문 and pending, one entry per order. */
function webOrdersOf(orders: Table, pending: readonly PendingOrder[]): WebOrderSeen[] {
  const seen = new Map<string, WebOrderSeen>();
  for (let r = 0; r < orders.rowCount; r++) {
    if (orders.text(r, "source") !== WEB_SOURCE) continue;
    const code = orders.text(r, "orderCode");
    if (seen.has(code)) continue;
    const at = orders.get(r, "orderedAt");
    const payment = parsePayment(orders.get(r, "payment"));
    const status = statusFromLabel(orders.get(r, "status"));
    seen.set(code, {
      at: at instanceof Date ? at.getTime() : 0,
      phone: orders.text(r, "ordererPhone"),
      unpaid: payment.ok && payment.value === "unpaid" && status !== "cancelled",
    });
  }
  for (const p of pending) {
    if (!seen.has(p.code)) seen.set(p.code, { at: p.at, phone: p.order.orderer.phone, unpaid: true });
  }
  return [...seen.values()];
}
