/**
 * The customer status page's server side, the same on both hosts: a lookup by order number and
 * the last four digits of the orderer's phone, or by a row's access token. Read-only.
 *
 * Views live in the hidden read-model tab 조회 (src/app/readModel.ts), one row per order. Every
 * sync pass writes the rows whose view it changed (an edit: the orders it touched; a reconcile:
 * the orders whose inputs or timeline changed), so a lookup right after an edit sees the edit.
 * A lookup takes a warm view from the cache (no spreadsheet call) or else finds the order's row
 * with one TextFinder call and reads that row: it never reads 주문 or 이력.
 */
import { koreanDate, seoulDateOf, seoulDateTimeOf, type SeoulDate } from "../domain/clock";
import { ACCESS_TOKEN_PATTERN, normalizeOrderCode } from "../domain/codes";
import { trackingUrl } from "../domain/couriers";
import { EVENT } from "../domain/events";
import { maskAddress, maskName } from "../domain/masking";
import { formatWon, orderAmounts } from "../domain/pricing";
import type { Settings } from "../domain/schemas";
import { itemsShort, itemsText, parseWaybills, WAYBILL_SEPARATOR } from "../domain/shipments";
import { fillFirst, waitingReason } from "../domain/settings";
import { phoneLast4 } from "../domain/validation";
import { fitsCache } from "../domain/limits";
import { Journal, readEvents, type LoggedEvent } from "./journal";
import { codeTail } from "../domain/deposits";
import { isPaid, statusOf } from "./orderCells";
import { boxCount, parsePayment } from "../domain/rows";
import { statusFromLabel, statusLabel } from "../domain/status";
import type { Cell, Host, RowFinder, SheetPort, WorkbookPort } from "./port";
import {
  headerIntact,
  MAX_DATA,
  openViews,
  parseRow,
  readIndex,
  readViewRows,
  rewriteHeader,
  rowCells,
  VIEW_COLUMN,
  VIEW_WIDTH,
  VIEWS_FIRST_ROW,
  VIEWS_TAB,
  writeViewRows,
  type ViewRow,
} from "./readModel";
import { shipmentsOf } from "./shipmentRows";
import { Table } from "./table";
import { findRowsOfAny } from "./tabs";
export interface TimelineEntry {
  at: string;
  text: string;
}

/** One shipment: what goes to one place (every item of it), shown once. */
export interface RecipientView {
  name: string;
  address: string;
  /** The item, or the items joined (`백도 4.5kg 1 + 황도 4.5kg 1`) when several travel together. */
  item: string;
  boxes: number;
  /** `백도 4.5kg 1상자, 황도 4.5kg 1상자` */
  items: string;
  status: string;
  shipDate: string;
  /** Why there is no ship date while the shipment waits (season over, capacity taken), or "". */
  shipDateNote: string;
  courier: string;
  /** Every waybill, `, `-separated (a shipment of several parcels has several). */
  trackingNumber: string;
  /** The first waybill's tracking page. */
  trackingUrl: string;
  tracking: { number: string; url: string }[];
  timeline: TimelineEntry[];
}

export interface StatusView {
  orderCode: string;
  sellerName: string;
  ordererName: string;
  paid: boolean;
  goods: string;
  shippingFee: string;
  total: string;
  /** How to pay, only while unpaid. */
  paymentInstructions: string;
  /** What the bank has paid so far and what is still due, only after a partial payment ("" otherwise). */
  received: string;
  due: string;
  /** The four digits to add to the depositor's name (`이름+0551`), only while unpaid. */
  depositorDigits: string;
  /** While unpaid and 설정's 입금 안내 is still empty: which line Tony must fill. */
  paymentSetupNeeded: string;
  recipients: RecipientView[];
}

export type LookupResult = { ok: true; view: StatusView } | { ok: false; error: string };

export const LOOKUP_FAILED = "주문번호와 전화번호 뒷자리 4개를 다시 확인해 주세요";
/** Every lookup is refused a while when the whole page sees too many failures (a flood). */
export const TOO_MANY_TRIES = "잠시 후 다시 시도해 주세요";
/** The read model is missing (its tab was deleted): the next pass makes it again. */
export const UNAVAILABLE = "지금은 조회할 수 없습니다. 잠시 후 다시 시도해 주세요";
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 10 * 60 * 1000;

/**
 * The cache's budget. CacheService keeps at most 1,000 items and, past that, only the 900
 * farthest from expiration (Cache reference). What the product needs lives longest: settings 6
 * hours (smallTabs), the lock-out counters 15 minutes from their last failure (the 10-minute
 * window plus more than a view's life, so while a counter matters it is always farther from
 * expiry than any view), views 5 minutes. Views come from lookups and from each pass (at most
 * WARM_PER_PASS, the orders it just changed), so a busy day holds a few hundred items at most.
 */
export const VIEW_TTL_SECONDS = 5 * 60;
export const COUNTER_TTL_SECONDS = 15 * 60;
export const WARM_PER_PASS = 100;
/** Up to this many views, a pass asks which are warm before replacing them (3 gets < 1 put). */
const CHECK_WARM_UP_TO = 3;

/** The lock-out says why and for how long (the same for any order number, known or not). */
export function tooManyTries(minutesLeft: number): string {
  const base = `조회를 여러 번 틀려 ${FAILURE_WINDOW_MS / 60_000}분 동안 조회할 수 없습니다`;
  return minutesLeft * 60_000 >= FAILURE_WINDOW_MS ? base : `${base}. ${minutesLeft}분 뒤에 다시 해 주세요`;
}

/** Failed lookups of all codes and tokens together, per minute: a visitor rotating codes stops here. */
const MAX_GLOBAL_FAILURES = 30;
const GLOBAL_WINDOW_MS = 60 * 1000;
/** Unknown codes and tokens, remembered so a repeated miss reads no sheet; briefly, in one entry. */
const MISS_TTL_MS = 10 * 60 * 1000;
const MAX_MISSES = 2000;
const MISSES_KEY = "peach:misses";
const GLOBAL_FAIL_KEY = "peach:fail:all";

const viewKey = (code: string) => `peach:view:${code}`;
const tokenKey = (token: string) => `peach:token:${token}`;
const FAIL_PREFIX = "peach:fail:";
const failKey = (code: string) => `${FAIL_PREFIX}${code}`;

/**
 * The lock-out counters (per code, and all codes together) among the cache's keys: a host that
 * reloads its workbook keeps these, so reloading never resets an attacker's count.
 */
export const isLookupCounter = (key: string): boolean => key.startsWith(FAIL_PREFIX);

/** What a lookup needs of an order (the cache's value): the digits that unlock it, and the view. */
interface CachedOrder {
  last4: string;
  view: StatusView;
}

/**
 * What the read model keeps per order: the view, and what a pass needs to bring it up to date
 * without reading 이력: each row's own timeline lines (from 이력, the first 주문 접수 line aside)
 * and when it was created, and the won the bank has paid so far.
 */
export interface StoredOrder extends CachedOrder {
  received: number;
  rows: Record<string, { t: TimelineEntry[]; c?: number }>;
}

/** The event-derived part of a stored order. */
type OrderHistory = Pick<StoredOrder, "received" | "rows">;

// ---- building views ---------------------------------------------------------------------

/** `7월 13일 (월) 오후 2:05`: the twelve-hour clock older customers read at a glance. */
export function shortTime(at: Date): string {
  const [date, time] = seoulDateTimeOf(at).split(" ") as [SeoulDate, string];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${koreanDate(date)} ${hours < 12 ? "오전" : "오후"} ${hour12}:${String(minutes).padStart(2, "0")}`;
}

/** One line of the timeline for an event of 이력, or null for events customers need not see. */
export function timelineText(event: string, from: string, to: string): string | null {
  switch (event) {
    case EVENT.created:
      return null; // the timeline starts at the order's 접수일시 (buildViews), not at its import
    case EVENT.bankDeposit:
      return Number(to) > 0 ? `${formatWon(Number(to))} 입금됨` : null;
    case EVENT.payment: {
      const payment = parsePayment(to);
      return payment.ok && payment.value === "paid" ? "입금 확인" : "입금 취소";
    }
    case EVENT.shipDate:
    case EVENT.manualDate:
      return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `출하일 ${koreanDate(to)}로 정해짐` : null;
    case EVENT.shipDateMoved:
      return /^\d{4}-\d{2}-\d{2}$/.test(to)
        ? `출하일이 ${koreanDate(from)}에서 ${koreanDate(to)}로 바뀜`
        : `출하일이 ${koreanDate(from)}에서 바뀌어 대기 중`;
    case EVENT.status:
      switch (statusFromLabel(to)) {
        case "waitlisted":
          return "출하 대기";
        case "harvested":
          return "수확 완료";
        case "packed":
          return "포장 완료";
        case "shipped":
          return "발송";
        case "delivered":
          return "배송 완료";
        case "cancelled":
          return "주문 취소";
        default:
          return null;
      }
    default:
      return null;
  }
}

function timelineOf(
  events: readonly { event: string; from: string; to: string; at: number }[],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    const line = timelineText(e.event, e.from, e.to);
    if (line) entries.push({ at: shortTime(new Date(e.at)), text: line });
  }
  return entries;
}

/** The first line of every timeline: when the order was taken (접수일시), not when it was imported. */
function receivedEntry(orders: Table, r: number, createdAt: number | undefined): TimelineEntry[] {
  const orderedAt = orders.get(r, "orderedAt");
  const at = orderedAt instanceof Date ? orderedAt : createdAt ? new Date(createdAt) : null;
  return at ? [{ at: shortTime(at), text: "주문 접수" }] : [];
}

/** One order's view from its rows of 주문 (`rows`, in sheet order) and its history. */
export function renderOrder(
  orders: Table,
  code: string,
  rows: readonly number[],
  settings: Settings,
  history: OrderHistory,
  today: SeoulDate,
): StoredOrder {
  const first = rows[0]!;
  const amounts = orderAmounts(
    rows.map((r) => ({
      goods: Number(orders.get(r, "goods")) || 0,
      shippingFee: Number(orders.get(r, "shippingFee")) || 0,
      total: Number(orders.get(r, "total")) || 0,
    })),
  );
  const paid = isPaid(orders, first);
  const shipments = shipmentsOf(
    orders,
    rows.filter((r) => statusOf(orders, r) !== "cancelled"),
  );
  // A cancelled row is shown on its own, so the customer sees it was cancelled.
  for (const r of rows) if (statusOf(orders, r) === "cancelled") shipments.push([r]);
  shipments.sort((a, b) => a[0]! - b[0]!);
  const received = history.received;
  const partial = !paid && received > 0;
  const kept: StoredOrder["rows"] = {};
  for (const r of rows) {
    const id = orders.text(r, "rowId");
    kept[id] = history.rows[id] ?? { t: [] };
  }
  return {
    last4: phoneLast4(orders.text(first, "ordererPhone")),
    received,
    rows: kept,
    view: {
      orderCode: code,
      sellerName: settings.sellerName,
      ordererName: maskName(orders.text(first, "ordererName")),
      paid,
      goods: formatWon(amounts.goods),
      shippingFee: formatWon(amounts.shippingFee),
      total: formatWon(amounts.total),
      paymentInstructions: paid ? "" : settings.paymentInstructions,
      received: partial ? formatWon(received) : "",
      due: partial ? formatWon(Math.max(0, amounts.total - received)) : "",
      depositorDigits: paid ? "" : codeTail(code),
      paymentSetupNeeded: paid ? "" : (fillFirst(settings, ["paymentInstructions"]) ?? ""),
      recipients: shipments.map((group) => {
        const r = group[0]!;
        const own = kept[orders.text(r, "rowId")]!;
        const shipDate = orders.get(r, "shipDate");
        const courier = orders.text(r, "courier");
        const waybills = parseWaybills(orders.get(r, "trackingNumber"));
        const status = statusOf(orders, r);
        const shipped = status === "shipped" || status === "delivered";
        const lines = group.map((m) => ({
          item: orders.text(m, "item"),
          boxes: boxCount(orders.get(m, "boxes")),
        }));
        const tracking =
          shipped && waybills.ok
            ? waybills.value.map((n) => ({ number: n, url: trackingUrl(courier, n) }))
            : [];
        return {
          name: maskName(orders.text(r, "recipientName")),
          address: maskAddress(orders.text(r, "address")),
          item: itemsShort(lines),
          boxes: lines.reduce((sum, l) => sum + l.boxes, 0),
          items: itemsText(lines, true),
          status: status ? statusLabel(status) : orders.text(r, "status"),
          shipDate: shipDate instanceof Date ? koreanDate(dateOfInstant(shipDate)) : "",
          shipDateNote: status === "waitlisted" ? waitingReason(settings, today) : "",
          courier: shipped ? courier : "",
          trackingNumber: tracking.map((t) => t.number).join(WAYBILL_SEPARATOR),
          trackingUrl: tracking[0]?.url ?? "",
          tracking,
          timeline: [...receivedEntry(orders, r, own.c), ...own.t],
        };
      }),
    },
  };
}

/** An order's history as 이력 tells it (`events`: those of the order's rows). */
export function historyFromEvents(
  code: string,
  rowIds: readonly string[],
  events: readonly LoggedEvent[],
): OrderHistory {
  const rows: OrderHistory["rows"] = {};
  let received = 0;
  for (const id of rowIds) rows[id] = { t: [] };
  for (const e of events) {
    const row = rows[e.rowId];
    if (!row) continue;
    if (e.event === EVENT.created && e.at && row.c === undefined) row.c = e.at;
    // Bank lines are logged on an order's first row; any row of it counts.
    if (e.event === EVENT.bankDeposit && e.orderCode === code) received += Number(e.to) || 0;
    row.t.push(...timelineOf([e]));
  }
  return { received, rows };
}

/** A pass's events, as if read back from 이력 (logged at their own time, or `now`). */
export interface PassEvent {
  /** When it happened, if before the pass (a tick the reconcile carries). */
  at?: Date;
  rowId: string;
  orderCode?: string;
  event: string;
  from?: string;
  to?: string;
}

/** `history` followed by a pass's new events of the order's rows. */
function advance(
  code: string,
  history: OrderHistory,
  rowIds: readonly string[],
  eventsByRow: ReadonlyMap<string, readonly PassEvent[]>,
  now: Date,
): OrderHistory {
  const mine = rowIds
    .flatMap((id) => eventsByRow.get(id) ?? [])
    .map((e) => ({
      at: (e.at ?? now).getTime(),
      orderCode: e.orderCode ?? "",
      rowId: e.rowId,
      event: e.event,
      from: e.from ?? "",
      to: e.to ?? "",
      detail: "",
    }));
  const added = historyFromEvents(code, rowIds, mine);
  const rows: OrderHistory["rows"] = {};
  for (const id of rowIds) {
    const before = history.rows[id];
    const more = added.rows[id]!;
    rows[id] = { t: [...(before?.t ?? []), ...more.t] };
    const c = before?.c ?? more.c;
    if (c !== undefined) rows[id]!.c = c;
  }
  return { received: history.received + added.received, rows };
}

function dateOfInstant(d: Date): SeoulDate {
  return seoulDateTimeOf(d).slice(0, 10);
}

/** Rows of 주문 by order code (rows without a code or row id are no order yet). */
function groupRows(orders: Table, codes: ReadonlySet<string> | null): Map<string, number[]> {
  const byOrder = new Map<string, number[]>();
  for (const r of orders.rows()) {
    const code = orders.text(r, "orderCode");
    if (!code || !orders.text(r, "rowId") || (codes && !codes.has(code))) continue;
    const rows = byOrder.get(code);
    if (rows) rows.push(r);
    else byOrder.set(code, [r]);
  }
  return byOrder;
}

/** Columns of 주문 no view shows: a memo or the script's bookkeeping changes no view. */
const NOT_SHOWN = new Set(["memo", "check", "recorded", "importKey", "source"]);
/** Bumped when what a stored view holds changes shape: every row is written again. */
const VIEW_FORMAT = "v1";

/**
 * The version of an order's view: a hash of everything it is built from but its history (the
 * cells of its rows, the settings it shows, today's waiting reason for a waiting shipment). Equal
 * versions and no new events mean an unchanged view, so a reconcile compares versions, not views.
 * Returns the function for one pass (the settings' part is hashed once).
 */
export function viewVersions(
  orders: Table,
  settings: Settings,
  today: SeoulDate,
): (rows: readonly number[]) => string {
  const keys = orders.def.columns.map((c) => c.key).filter((k) => !NOT_SHOWN.has(k));
  const shown = [
    settings.sellerName,
    settings.paymentInstructions,
    fillFirst(settings, ["paymentInstructions"]) ?? "",
  ];
  const base = shown.join("\u0001");
  const waiting = waitingReason(settings, today);
  return (rows) => {
    const parts = [base];
    let waits = false;
    for (const r of rows) {
      for (const key of keys) {
        const v = orders.get(r, key);
        parts.push(v instanceof Date ? `@${v.getTime()}` : String(v));
      }
      if (!waits && statusOf(orders, r) === "waitlisted") waits = true;
    }
    if (waits) parts.push(waiting);
    return `${VIEW_FORMAT}.${fnv(parts.join("\u0001"))}`;
  };
}

/**
 * Two FNV-1a-style 32-bit hashes of the text side by side, in base 36 (64 bits: two versions of
 * one order colliding is negligible).
 */
function fnv(text: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x01000193 | 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

/** The stored JSON, shortened when a view outgrows the read model's cells (absurdly long names). */
function storedJson(order: StoredOrder): string {
  let json = JSON.stringify(order);
  if (json.length <= MAX_DATA) return json;
  // Older timeline lines go first, then the per-row history (the view keeps its own lines).
  const slim: StoredOrder = {
    ...order,
    rows: Object.fromEntries(
      Object.entries(order.rows).map(([id, row]) => [id, { ...row, t: row.t.slice(-1) }]),
    ),
  };
  json = JSON.stringify(slim);
  if (json.length <= MAX_DATA) return json;
  slim.view = {
    ...slim.view,
    recipients: slim.view.recipients.map((r) => ({ ...r, timeline: r.timeline.slice(-1) })),
  };
  json = JSON.stringify(slim);
  while (json.length > MAX_DATA && slim.view.recipients.length > 0) {
    slim.view = { ...slim.view, recipients: slim.view.recipients.slice(0, -1) };
    json = JSON.stringify(slim);
  }
  return json;
}

function parseStored(data: string): StoredOrder | null {
  try {
    const parsed = JSON.parse(data) as StoredOrder;
    return parsed && typeof parsed === "object" && parsed.view && parsed.rows ? parsed : null;
  } catch {
    return null;
  }
}

const tokensOf = (orders: Table, rows: readonly number[]) =>
  rows.map((r) => orders.text(r, "token")).filter(Boolean);

// ---- keeping the read model in step (called by sync) --------------------------------------

/** What a pass did to the read model: rows written (changed, new, cleared), views rebuilt from 이력. */
export interface ViewsUpdate {
  written: number;
  rebuilt: number;
}

/**
 * After an edit's pass wrote 주문: the views of the orders it touched (`touched`; `orders` may hold
 * only their rows, at their true sheet rows) are rebuilt from those rows and their stored
 * history, extended by the pass's events; only the rows that changed are written. Each order's
 * row is found with a TextFinder (or, past ten orders, by reading the code column). An order the
 * read model lacks that is not new in this pass waits for the reconcile, which rebuilds it from
 * 이력: an edit never reads 주문 or 이력 whole.
 */
export function refreshCachedViews(
  host: Host,
  orders: Table,
  settings: Settings,
  touched: ReadonlySet<string>,
  newEvents: readonly PassEvent[],
  now: Date,
): ViewsUpdate {
  return updateViews(host, orders, settings, touched, newEvents, now);
}

/**
 * Reconcile: every order of 주문 (`orders` whole). Reads the read model's codes and versions (two
 * columns, one call); an order whose version and history are unchanged costs nothing more. Rows
 * of orders no longer in 주문 are cleared; orders the read model lacks (a first run, the tab
 * deleted) are rebuilt from 이력, read once. With nothing changed it makes two calls
 * (the last row, the two columns) and writes nothing.
 */
export function rebuildCachedViews(
  host: Host,
  orders: Table,
  settings: Settings,
  newEvents: readonly PassEvent[] = [],
  now: Date = host.now(),
): ViewsUpdate {
  return updateViews(host, orders, settings, null, newEvents, now);
}

/**
 * Where each order's view is in 조회, kept in the cache (8 entries by the code's last character,
 * 6 hours) by the full pass and by an edit that had to search: a hint an edit reads before it
 * uses, so one order's edit skips its TextFinder. Rows of 조회 do not move (views are appended;
 * a cleared duplicate stays blank), so a hint is wrong only after 조회 was rebuilt, and then the
 * edit searches as before.
 */
const viewRowsKey = (code: string) => `peach:view-rows:v1:${code.charCodeAt(code.length - 1) % 8}`;

function viewRowHints(host: Host, code: string): Record<string, number> {
  try {
    const hints = JSON.parse(host.cache.get(viewRowsKey(code)) ?? "{}") as Record<string, number>;
    return hints && typeof hints === "object" ? hints : {};
  } catch {
    return {};
  }
}

function rememberViewRows(host: Host, rowOf: ReadonlyMap<string, number>): void {
  const entries: Record<string, string> = {};
  const shards = new Map<string, Record<string, number>>();
  for (let i = 0; i < 8; i++) shards.set(`peach:view-rows:v1:${i}`, {});
  for (const [code, row] of rowOf) shards.get(viewRowsKey(code))![code] = row;
  for (const [key, hints] of shards) entries[key] = JSON.stringify(hints);
  host.cache.putAll(entries);
}

/** Orders past which an edit reads the code column once instead of one TextFinder per order. */
const FIND_EACH_UP_TO = 10;

function updateViews(
  host: Host,
  orders: Table,
  settings: Settings,
  touched: ReadonlySet<string> | null,
  events: readonly PassEvent[],
  now: Date,
): ViewsUpdate {
  INDEXES.delete(host.workbook);
  const full = touched === null;
  if (full) forgetMisses(host, orders, null);
  const byOrder = groupRows(orders, touched);
  if (byOrder.size === 0 && !full) return { written: 0, rebuilt: 0 };
  const today = seoulDateOf(now);
  const { sheet, recreated } = openViews(host.workbook);
  if (recreated) {
    const journal = new Journal();
    journal.tabRecreated(sheet.name);
    journal.flush(host.workbook, now);
  }
  // The tab's extent is asked only when it is needed (not by an edit of a few orders).
  let known: number | null = recreated ? VIEWS_TAB.headerRow : null;
  const lastRow = () => (known ??= sheet.lastRow());
  const rowOf = new Map<string, number>();
  const changes = new Map<number, Cell[] | null>();
  let index: Map<number, { code: string; hash: string }> | null = null;
  const preRead = new Map<number, Cell[]>();
  const toRead: number[] = [];
  if (full || byOrder.size > FIND_EACH_UP_TO) {
    if (full && !recreated && (lastRow() < VIEWS_TAB.headerRow || !headerIntact(sheet))) {
      rewriteHeader(sheet, lastRow());
      known = VIEWS_TAB.headerRow;
    }
    index = readIndex(sheet, lastRow());
    for (const [row, { code }] of index) {
      // A second row of one code, or an order no longer in 주문, is cleared (reconcile only).
      if (rowOf.has(code) || (full && !byOrder.has(code))) {
        if (full) changes.set(row, null);
      } else rowOf.set(code, row);
    }
    if (full) rememberViewRows(host, rowOf);
  } else {
    // One order (an edit): its row as a pass last saw it, from the cache, read and taken only if
    // it still holds this order's code (another order's view is never written over).
    const codes = [...byOrder.keys()];
    const hints = codes.length === 1 ? viewRowHints(host, codes[0]!) : null;
    const hinted = hints?.[codes[0]!];
    if (hints && Number.isInteger(hinted) && hinted! >= VIEWS_FIRST_ROW) {
      const cells = sheet.readRows(hinted!, 1, VIEW_WIDTH)[0];
      if (parseRow(cells)?.code === codes[0]) {
        rowOf.set(codes[0]!, hinted!);
        preRead.set(hinted!, cells!);
      }
    }
    // Otherwise one search for every touched order; past one, the rows it finds are read here
    // (as they would be below) and each order takes the first row that holds its code.
    const unplaced = codes.filter((code) => !rowOf.has(code));
    const found = findRowsOfAny(sheet, VIEW_COLUMN.code, unplaced, VIEWS_FIRST_ROW);
    if (codes.length === 1) found.slice(0, 1).forEach((row) => rowOf.set(codes[0]!, row));
    else
      for (const [row, cells] of readViewRows(sheet, found, lastRow)) {
        preRead.set(row, cells);
        const code = parseRow(cells)?.code ?? "";
        if (byOrder.has(code) && !rowOf.has(code)) rowOf.set(code, row);
      }
    const row = rowOf.get(codes[0]!);
    if (hints && row !== hinted) {
      const next = { ...hints, [codes[0]!]: row };
      if (row === undefined) delete next[codes[0]!];
      host.cache.put(viewRowsKey(codes[0]!), JSON.stringify(next));
    }
  }

  const rowIdsOf = new Map<string, string[]>();
  const codeOfRowId = new Map<string, string>();
  for (const [code, rows] of byOrder) {
    const ids = rows.map((r) => orders.text(r, "rowId"));
    rowIdsOf.set(code, ids);
    for (const id of ids) codeOfRowId.set(id, code);
  }
  const withEvents = new Set<string>();
  const created = new Set<string>();
  const eventsByRow = new Map<string, PassEvent[]>();
  for (const e of events) {
    const list = eventsByRow.get(e.rowId);
    if (list) list.push(e);
    else eventsByRow.set(e.rowId, [e]);
    const code = codeOfRowId.get(e.rowId);
    if (code) withEvents.add(code);
    if (e.event === EVENT.created) created.add(e.rowId);
  }
  const versionOf = viewVersions(orders, settings, today);
  const versions = new Map<string, string>();
  const candidates: string[] = [];
  for (const [code, rows] of byOrder) {
    const version = versionOf(rows);
    versions.set(code, version);
    const row = rowOf.get(code);
    if (index && row !== undefined && index.get(row)!.hash === version && !withEvents.has(code)) continue;
    candidates.push(code);
    if (row !== undefined && !preRead.has(row)) toRead.push(row);
  }
  const read = new Map([...preRead, ...readViewRows(sheet, toRead, lastRow)]);

  const histories = new Map<string, OrderHistory>();
  const previous = new Map<string, ViewRow>();
  const missing: string[] = [];
  for (const code of candidates) {
    const row = rowOf.get(code);
    const old = row === undefined ? null : parseRow(read.get(row));
    const stored = old && old.code === code ? parseStored(old.data) : null;
    const ids = rowIdsOf.get(code)!;
    if (old && stored) {
      previous.set(code, old);
      histories.set(code, advance(code, stored, ids, eventsByRow, now));
    } else if (ids.every((id) => created.has(id))) {
      // New in this pass: its whole history is this pass's events.
      histories.set(code, advance(code, { received: 0, rows: {} }, ids, eventsByRow, now));
    } else if (full) missing.push(code);
    else {
      // A number Tony changed by hand: the rows' history is under the old number, found by token.
      const moved = movedHistory(sheet, orders, byOrder.get(code)!, ids);
      if (!moved) continue;
      histories.set(code, advance(code, moved.history, ids, eventsByRow, now));
      if (moved.clear !== null) changes.set(moved.clear, null);
    }
  }
  if (missing.length > 0) {
    // 이력 already holds this pass's events (the journal was written first).
    const wanted = new Set(missing.flatMap((code) => rowIdsOf.get(code)!));
    const byRow = new Map<string, LoggedEvent[]>();
    for (const e of readEvents(host.workbook, now)) {
      if (!wanted.has(e.rowId)) continue;
      const list = byRow.get(e.rowId);
      if (list) list.push(e);
      else byRow.set(e.rowId, [e]);
    }
    for (const code of missing) {
      const ids = rowIdsOf.get(code)!;
      histories.set(
        code,
        historyFromEvents(
          code,
          ids,
          ids.flatMap((id) => byRow.get(id) ?? []),
        ),
      );
    }
  }

  const appended: Cell[][] = [];
  const warm: Record<string, string> = {};
  let warmCount = 0;
  /** Orders new to 조회 or with new tokens: only their codes or tokens can be a remembered miss. */
  const fresh = new Set([...byOrder.keys()].filter((code) => !rowOf.has(code)));
  for (const [code, history] of histories) {
    const rows = byOrder.get(code)!;
    const order = renderOrder(orders, code, rows, settings, history, today);
    const data = storedJson(order);
    const tokens = tokensOf(orders, rows);
    const hash = versions.get(code)!;
    const old = previous.get(code);
    if (!old || old.tokens.join(" ") !== tokens.join(" ")) fresh.add(code);
    if (old && old.data === data && old.hash === hash && old.tokens.join(" ") === tokens.join(" ")) continue;
    const cells = rowCells({ code, hash, tokens, data });
    const row = rowOf.get(code);
    if (row === undefined) appended.push(cells);
    else changes.set(row, cells);
    if (warmCount < WARM_PER_PASS) {
      const value = cacheValue(order);
      if (value) {
        warm[viewKey(code)] = value;
        warmCount++;
      }
    }
  }
  writeViewRows(sheet, changes, appended, read);
  if (!full && fresh.size > 0) forgetMisses(host, orders, fresh);
  // Views a lookup cached before this pass are replaced, so the next lookup sees the change. For
  // a few (an edit's orders) a get says which are warm at all (a sixth of a put's cost): an order
  // nobody looked up lately needs no warm view, its next lookup reads 조회.
  if (warmCount > 0 && warmCount <= CHECK_WARM_UP_TO)
    for (const key of Object.keys(warm)) if (host.cache.get(key) === null) delete warm[key];
  if (Object.keys(warm).length > 0) host.cache.putAll(warm, VIEW_TTL_SECONDS);
  return { written: changes.size + appended.length, rebuilt: missing.length };
}

/**
 * The history of rows whose order number changed (an edit): the read-model row that holds the
 * first row's token, if its stored history knows these rows. That row is cleared when every row
 * it knew moved; otherwise the reconcile rebuilds it.
 */
function movedHistory(
  sheet: SheetPort,
  orders: Table,
  rows: readonly number[],
  ids: readonly string[],
): { history: OrderHistory; clear: number | null } | null {
  const token = orders.text(rows[0]!, "token");
  if (!ACCESS_TOKEN_PATTERN.test(token)) return null;
  const at = sheet.findRows(VIEW_COLUMN.tokens, token, VIEWS_FIRST_ROW, "word")[0];
  if (at === undefined) return null;
  const old = parseRow(sheet.readRows(at, 1, VIEW_WIDTH)[0]);
  const stored = old && old.tokens.includes(token) ? parseStored(old.data) : null;
  if (!stored || !ids.some((id) => stored.rows[id])) return null;
  const mine = new Set(ids);
  const rowsKept: OrderHistory["rows"] = {};
  for (const id of ids) if (stored.rows[id]) rowsKept[id] = stored.rows[id];
  const allMoved = Object.keys(stored.rows).every((id) => mine.has(id));
  return { history: { received: stored.received, rows: rowsKept }, clear: allMoved ? at : null };
}

/** A view as the cache keeps it, or null when it outgrows CacheService's 100 KB per value. */
function cacheValue(order: CachedOrder): string | null {
  const value = JSON.stringify({ last4: order.last4, view: order.view } satisfies CachedOrder);
  return fitsCache(value) ? value : null;
}

/**
 * The views of every order of a workbook as 이력 tells them, read whole: what the read model
 * must equal (a test compares them after a season of incremental passes).
 */
export function viewsFromHistory(host: Host, settings: Settings, orders: Table): Map<string, StoredOrder> {
  const byOrder = groupRows(orders, null);
  const byRow = new Map<string, LoggedEvent[]>();
  for (const e of readEvents(host.workbook, host.now())) {
    const list = byRow.get(e.rowId);
    if (list) list.push(e);
    else byRow.set(e.rowId, [e]);
  }
  const today = seoulDateOf(host.now());
  const views = new Map<string, StoredOrder>();
  for (const [code, rows] of byOrder) {
    const ids = rows.map((r) => orders.text(r, "rowId"));
    const history = historyFromEvents(
      code,
      ids,
      ids.flatMap((id) => byRow.get(id) ?? []),
    );
    views.set(code, renderOrder(orders, code, rows, settings, history, today));
  }
  return views;
}

/** The stored view of every order in the read model (for tests and 진단). */
export function readModelViews(workbook: WorkbookPort): Map<string, StoredOrder> {
  const sheet = workbook.sheet(VIEWS_TAB.name);
  const out = new Map<string, StoredOrder>();
  if (!sheet) return out;
  for (const cells of sheet.readAll().slice(VIEWS_TAB.headerRow)) {
    const row = parseRow(cells);
    const stored = row ? parseStored(row.data) : null;
    if (row && stored && !out.has(row.code)) out.set(row.code, stored);
  }
  return out;
}

// ---- lookups ------------------------------------------------------------------------------

/** An argument from the page as text: an object (`{toString: …}`) or anything odd is nothing. */
const plainText = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "number" && Number.isFinite(value)
      ? String(value)
      : "";

/**
 * The read model of one loaded workbook, read once and indexed: rows by order code, codes by
 * token. A host that keeps a workbook open (the local servers) builds it once per load, so a
 * lookup of any code, known or not, costs a map lookup; it holds the same rows a TextFinder
 * would find, so both hosts answer alike. A sync pass drops it (it may have written rows);
 * Apps Script, which loads the sheet anew for every request, never builds one.
 */
interface LookupIndex {
  byCode: Map<string, Cell[]>;
  codeOfToken: Map<string, string>;
}

const INDEXES = new WeakMap<WorkbookPort, LookupIndex>();

/** Reads the host's read model once, for the lookups that follow. */
export function indexLookups(host: Host): void {
  const sheet = host.workbook.sheet(VIEWS_TAB.name);
  if (!sheet) return;
  const byCode = new Map<string, Cell[]>();
  const codeOfToken = new Map<string, string>();
  for (const cells of sheet.readAll().slice(VIEWS_TAB.headerRow)) {
    const row = parseRow(cells);
    if (!row || byCode.has(row.code)) continue;
    byCode.set(row.code, cells);
    for (const token of row.tokens) if (!codeOfToken.has(token)) codeOfToken.set(token, row.code);
  }
  INDEXES.set(host.workbook, { byCode, codeOfToken });
}

type Wanted = { code: string } | { token: string };

/**
 * One order from the read model: its row found by code (whole cell, exact case) or by token
 * (one word of the tokens cell), with regular expressions off, then read. A miss reads the
 * header row instead, so a known and an unknown code make the same calls. `undefined`: there is
 * no read model (its tab was deleted; the next pass makes it again).
 */
function loadStored(host: Host, wanted: Wanted): StoredOrder | null | undefined {
  let cells: Cell[] | undefined;
  const index = INDEXES.get(host.workbook);
  if (index) {
    const code = "code" in wanted ? wanted.code : index.codeOfToken.get(wanted.token);
    cells = code === undefined ? undefined : index.byCode.get(code);
  } else {
    const sheet: RowFinder | null = host.workbook.tabHandle
      ? host.workbook.tabHandle(VIEWS_TAB.name)
      : host.workbook.sheet(VIEWS_TAB.name);
    if (!sheet) return undefined;
    let found: number[];
    let row: Cell[] | undefined;
    try {
      found =
        "code" in wanted
          ? sheet.findRows(VIEW_COLUMN.code, wanted.code, VIEWS_FIRST_ROW)
          : sheet.findRows(VIEW_COLUMN.tokens, wanted.token, VIEWS_FIRST_ROW, "word");
      row = sheet.readRows(found[0] ?? VIEWS_TAB.headerRow, 1, VIEW_WIDTH)[0];
    } catch {
      return undefined; // the tab is missing (a handle by name throws "Range not found")
    }
    cells = found.length > 0 ? row : undefined;
  }
  const row = parseRow(cells);
  if (!row || ("code" in wanted ? row.code !== wanted.code : !row.tokens.includes(wanted.token))) return null;
  const stored = parseStored(row.data);
  return stored && stored.view.orderCode === row.code ? stored : null;
}

/** A view a lookup read, kept warm for the next few minutes (and its token, when asked by one). */
function cacheLookup(host: Host, order: StoredOrder, token?: string): void {
  const value = cacheValue(order);
  const entries: Record<string, string> = {};
  if (value) entries[viewKey(order.view.orderCode)] = value;
  if (token) entries[tokenKey(token)] = order.view.orderCode;
  if (Object.keys(entries).length > 0) host.cache.putAll(entries, VIEW_TTL_SECONDS);
}

function cachedView(host: Host, code: string): CachedOrder | null {
  const cached = host.cache.get(viewKey(code));
  if (!cached) return null;
  try {
    return JSON.parse(cached) as CachedOrder;
  } catch {
    return null;
  }
}

// ---- misses and the global limit ----------------------------------------------------------

type Misses = Record<string, number>;

function readMisses(host: Host, now: number): Misses {
  try {
    const raw = host.cache.get(MISSES_KEY);
    const all = raw ? (JSON.parse(raw) as Misses) : {};
    return Object.fromEntries(Object.entries(all).filter(([, at]) => now - at < MISS_TTL_MS));
  } catch {
    return {};
  }
}

function isKnownMiss(host: Host, key: string, now: number): boolean {
  return Object.prototype.hasOwnProperty.call(readMisses(host, now), key);
}

function rememberMiss(host: Host, key: string, now: number): void {
  const kept = Object.entries(readMisses(host, now))
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_MISSES - 1);
  host.cache.put(MISSES_KEY, JSON.stringify(Object.fromEntries([...kept, [key, now]])));
}

/**
 * A code or token that now exists is no longer a miss: the pass that wrote it forgets it (all
 * codes of `orders` when `codes` is null), so a new order is found at once.
 */
function forgetMisses(host: Host, orders: Table, codes: ReadonlySet<string> | null): void {
  const misses = readMisses(host, host.now().getTime());
  if (Object.keys(misses).length === 0) return;
  let changed = false;
  for (const r of orders.rows()) {
    const code = orders.text(r, "orderCode");
    if (codes && !codes.has(code)) continue;
    for (const key of [`c:${code}`, `t:${orders.text(r, "token")}`]) {
      if (key in misses) {
        delete misses[key];
        changed = true;
      }
    }
  }
  if (changed) host.cache.put(MISSES_KEY, JSON.stringify(misses));
}

function globalFailures(host: Host, now: number): { count: number; since: number } {
  const raw = host.cache.get(GLOBAL_FAIL_KEY);
  const parsed = raw ? (JSON.parse(raw) as { count: number; since: number }) : null;
  return parsed && now - parsed.since < GLOBAL_WINDOW_MS ? parsed : { count: 0, since: now };
}

function countGlobalFailure(host: Host, now: number): void {
  const g = globalFailures(host, now);
  host.cache.put(
    GLOBAL_FAIL_KEY,
    JSON.stringify({ count: g.count + 1, since: g.since }),
    COUNTER_TTL_SECONDS,
  );
}

function failures(host: Host, code: string, now: number): { count: number; since: number } {
  const raw = host.cache.get(failKey(code));
  const parsed = raw ? (JSON.parse(raw) as { count: number; since: number }) : null;
  return parsed && now - parsed.since < FAILURE_WINDOW_MS ? parsed : { count: 0, since: now };
}

/**
 * Order number + last four digits of the orderer's phone (a whole phone number pasted into the
 * box counts by its last four). Past the global limit of failed lookups, only a warm, right
 * answer is given; everything else gets the same "try later", whether the order exists or not,
 * and reads no sheet.
 */
export function lookupStatus(host: Host, orderCode: unknown, last4: unknown): LookupResult {
  const code = normalizeOrderCode(orderCode);
  const digits = plainText(last4).slice(0, 40).replace(/\D/g, "").slice(-4);
  if (!code || digits.length !== 4) return { ok: false, error: LOOKUP_FAILED };
  const now = host.now().getTime();
  const tries = failures(host, code, now);
  if (tries.count >= MAX_FAILURES) {
    return { ok: false, error: tooManyTries(Math.ceil((tries.since + FAILURE_WINDOW_MS - now) / 60_000)) };
  }
  const flooded = globalFailures(host, now).count >= MAX_GLOBAL_FAILURES;
  let found = cachedView(host, code);
  const checked = found !== null || !flooded;
  if (!found && !flooded && !isKnownMiss(host, `c:${code}`, now)) {
    const loaded = loadStored(host, { code });
    if (loaded === undefined) return { ok: false, error: UNAVAILABLE };
    if (loaded) cacheLookup(host, loaded);
    else rememberMiss(host, `c:${code}`, now);
    found = loaded;
  }
  if (!found || found.last4 !== digits) {
    // A flood's refusal checked nothing, so it is no try at this order's digits.
    if (checked) {
      const count = tries.count + 1;
      // The lock-out lasts the whole window from the failure that triggered it.
      const since = count >= MAX_FAILURES ? now : tries.since;
      host.cache.put(failKey(code), JSON.stringify({ count, since }), COUNTER_TTL_SECONDS);
    }
    countGlobalFailure(host, now);
    return { ok: false, error: flooded ? TOO_MANY_TRIES : LOOKUP_FAILED };
  }
  return { ok: true, view: found.view };
}

const BAD_LINK = "링크가 올바르지 않습니다. 주문번호로 조회해 주세요";

/** The link Tony pastes into KakaoTalk: `?t=<token>` opens the order at once. */
export function lookupByToken(host: Host, token: unknown): LookupResult {
  const t = plainText(token);
  if (!ACCESS_TOKEN_PATTERN.test(t)) return { ok: false, error: BAD_LINK };
  const now = host.now().getTime();
  const flooded = globalFailures(host, now).count >= MAX_GLOBAL_FAILURES;
  const code = host.cache.get(tokenKey(t));
  let found: CachedOrder | null = code ? cachedView(host, code) : null;
  if (!found && !flooded && !(code === null && isKnownMiss(host, `t:${t}`, now))) {
    const loaded = loadStored(host, code ? { code } : { token: t });
    if (loaded === undefined) return { ok: false, error: UNAVAILABLE };
    if (loaded) cacheLookup(host, loaded, t);
    else if (!code) rememberMiss(host, `t:${t}`, now);
    found = loaded;
  }
  if (!found) {
    countGlobalFailure(host, now);
    return { ok: false, error: flooded ? TOO_MANY_TRIES : BAD_LINK };
  }
  return { ok: true, view: found.view };
}

/** Only a well-formed token ever reaches the page. */
export function safeToken(token: unknown): string {
  const t = plainText(token);
  return ACCESS_TOKEN_PATTERN.test(t) ? t : "";
}
