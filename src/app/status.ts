/**
 * The customer status page's server side, the same on both hosts: a lookup by order number and
 * the last four digits of the orderer's phone, or by a row's access token. Read-only.
 *
 * Views are kept in the cache (CacheService in Apps Script): a warm lookup reads no sheet at all.
 * Every sync pass updates the views of the orders it touched, so a lookup right after an edit
 * sees the edit; reconcile rebuilds the views of the season's open orders; a miss reads 주문 and
 * 이력 once and caches what it built.
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
import { tab } from "../templates";
import { readEvents, receivedByOrder, type LoggedEvent } from "./journal";
import { codeTail } from "../domain/deposits";
import { isPaid, statusOf } from "./orderCells";
import { boxCount, parsePayment } from "../domain/rows";
import { statusFromLabel, statusLabel } from "../domain/status";
import type { Host, WorkbookPort } from "./port";
import { shipmentsOf } from "./shipmentRows";
import { loadSmallTabs } from "./smallTabs";
import { Table } from "./table";

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
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 10 * 60 * 1000;
/**
 * CacheService keeps at most 1,000 items and, past that, evicts the oldest writes (settings,
 * rate-limit counters among them). The reconcile's warm set (views and tokens of the newest open
 * orders) stays within this many items, leaving room for lookups' own entries.
 */
const WARM_ITEMS = 500;
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

/** What the cache holds per order: the view, plus what is needed to check a lookup and update it. */
interface CachedOrder {
  last4: string;
  view: StatusView;
  /** Row id of each shipment's lead row, in view order, so new events find their timeline. */
  rowIds: string[];
  /** Won received from the bank so far (partial payments). */
  received?: number;
}

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

function timelineOf(events: LoggedEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    const line = timelineText(e.event, e.from, e.to);
    if (line) entries.push({ at: shortTime(new Date(e.at)), text: line });
  }
  return entries;
}

/** The first line of every timeline: when the order was taken (접수일시), not when it was imported. */
function receivedEntry(orders: Table, r: number, events: LoggedEvent[]): TimelineEntry[] {
  const orderedAt = orders.get(r, "orderedAt");
  const created = events.find((e) => e.event === EVENT.created);
  const at = orderedAt instanceof Date ? orderedAt : created && created.at ? new Date(created.at) : null;
  return at ? [{ at: shortTime(at), text: "주문 접수" }] : [];
}

/** The cached views of every order in rows `r` of 주문 (grouped by order number). */
export function buildViews(
  orders: Table,
  rowsByOrder: Map<string, number[]>,
  settings: Settings,
  eventsByRow: Map<string, LoggedEvent[]>,
  today: SeoulDate,
  receivedBefore: ReadonlyMap<string, number> = new Map(),
): Map<string, CachedOrder> {
  const views = new Map<string, CachedOrder>();
  for (const [code, rows] of rowsByOrder) {
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
    const rowIds = shipments.map((group) => orders.text(group[0]!, "rowId"));
    // Bank lines are logged on an order's first row; any row of it counts.
    const received =
      (receivedBefore.get(code) ?? 0) +
      (receivedByOrder(rows.flatMap((r) => eventsByRow.get(orders.text(r, "rowId")) ?? [])).get(code) ?? 0);
    const partial = !paid && received > 0;
    views.set(code, {
      last4: phoneLast4(orders.text(first, "ordererPhone")),
      rowIds,
      received,
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
        recipients: shipments.map((group, i) => {
          const r = group[0]!;
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
            timeline: [
              ...receivedEntry(orders, r, eventsByRow.get(rowIds[i]!) ?? []),
              ...timelineOf(eventsByRow.get(rowIds[i]!) ?? []),
            ],
          };
        }),
      },
    });
  }
  return views;
}

function dateOfInstant(d: Date): SeoulDate {
  return seoulDateTimeOf(d).slice(0, 10);
}

function groupRows(orders: Table, codes: ReadonlySet<string> | null): Map<string, number[]> {
  const byOrder = new Map<string, number[]>();
  for (let r = 0; r < orders.rowCount; r++) {
    const code = orders.text(r, "orderCode");
    if (!code || !orders.text(r, "rowId") || (codes && !codes.has(code))) continue;
    const rows = byOrder.get(code);
    if (rows) rows.push(r);
    else byOrder.set(code, [r]);
  }
  return byOrder;
}

/** Events by row id: of `rowIds` only, or of every row when null. */
function eventsIndex(events: LoggedEvent[], rowIds: ReadonlySet<string> | null): Map<string, LoggedEvent[]> {
  const byRow = new Map<string, LoggedEvent[]>();
  for (const e of events) {
    if (rowIds && !rowIds.has(e.rowId)) continue;
    const list = byRow.get(e.rowId);
    if (list) list.push(e);
    else byRow.set(e.rowId, [e]);
  }
  return byRow;
}

function store(
  host: Host,
  orders: Table,
  views: Map<string, CachedOrder>,
  byOrder: Map<string, number[]>,
): void {
  const entries: Record<string, string> = {};
  for (const [code, cached] of views) {
    entries[viewKey(code)] = JSON.stringify(cached);
    for (const r of byOrder.get(code) ?? []) {
      const token = orders.text(r, "token");
      if (token) entries[tokenKey(token)] = code;
    }
  }
  if (Object.keys(entries).length > 0) host.cache.putAll(entries);
}

// ---- keeping the cache in step (called by sync) -----------------------------------------

/**
 * After a pass wrote 주문: cached views of the orders it touched are rebuilt from the rows in
 * memory, their timelines extended by the events the pass logged. Orders not in the cache stay
 * out (the next lookup builds them from the sheet).
 */
export function refreshCachedViews(
  host: Host,
  orders: Table,
  settings: Settings,
  touched: ReadonlySet<string>,
  newEvents: { rowId: string; orderCode?: string; event: string; from?: string; to?: string }[],
  now: Date,
): void {
  INDEXES.delete(host.workbook);
  forgetMisses(host, orders, touched);
  const present = new Map<string, CachedOrder>();
  for (const code of touched) {
    const cached = host.cache.get(viewKey(code));
    if (cached) present.set(code, JSON.parse(cached) as CachedOrder);
  }
  if (present.size === 0) return;
  const byOrder = groupRows(orders, new Set(present.keys()));
  // Views are rebuilt without reading 이력: what the bank paid carries over, plus this pass's lines.
  const received = new Map([...present].map(([code, old]) => [code, old.received ?? 0]));
  for (const e of newEvents)
    if (e.event === EVENT.bankDeposit && e.orderCode && received.has(e.orderCode))
      received.set(e.orderCode, received.get(e.orderCode)! + (Number(e.to) || 0));
  const views = buildViews(orders, byOrder, settings, new Map(), seoulDateOf(now), received);
  for (const [code, fresh] of views) {
    const old = present.get(code)!;
    fresh.view.recipients.forEach((recipient, i) => {
      const rowId = fresh.rowIds[i]!;
      const previous = old.view.recipients[old.rowIds.indexOf(rowId)]?.timeline ?? recipient.timeline;
      const added = timelineOf(
        newEvents
          .filter((e) => e.rowId === rowId)
          .map((e) => ({
            at: now.getTime(),
            orderCode: "",
            rowId,
            event: e.event,
            from: e.from ?? "",
            to: e.to ?? "",
            detail: "",
          })),
      );
      recipient.timeline = [...previous, ...added];
    });
  }
  store(host, orders, views, byOrder);
}

/** Reconcile: the views of the newest orders not yet finished, built from 주문 and 이력. */
export function rebuildCachedViews(host: Host, orders: Table, settings: Settings): void {
  INDEXES.delete(host.workbook);
  forgetMisses(host, orders, null);
  const open = new Set<string>();
  let items = 0; // a view per order plus a token per row
  for (let r = orders.rowCount - 1; r >= 0 && items < WARM_ITEMS; r--) {
    const status = statusOf(orders, r);
    const code = orders.text(r, "orderCode");
    if (status === "delivered" || status === "cancelled" || !code) continue;
    if (!open.has(code)) items++;
    if (orders.text(r, "token")) items++;
    open.add(code);
  }
  const byOrder = groupRows(orders, open);
  const rowIds = new Set([...byOrder.values()].flat().map((r) => orders.text(r, "rowId")));
  const views = buildViews(
    orders,
    byOrder,
    settings,
    eventsIndex(readEvents(host.workbook, host.now()), rowIds),
    seoulDateOf(host.now()),
  );
  store(host, orders, views, byOrder);
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
 * 주문 and 이력 of one loaded workbook, read once and indexed: rows by order code, codes by
 * token, events by row id. A host that keeps a workbook open (the local servers) builds it once
 * per load, so a lookup of any code, known or not, costs a map lookup: no scan of 주문 that
 * takes longer for an unknown code (a timing oracle, and a way to slow every customer down).
 * A sync pass drops it (it may have changed 주문); Apps Script, which loads the sheet anew for
 * every request, never builds one.
 */
interface LookupIndex {
  orders: Table;
  settings: Settings | null;
  byCode: Map<string, number[]>;
  codeOfToken: Map<string, string>;
  eventsByRow: Map<string, LoggedEvent[]>;
}

const INDEXES = new WeakMap<WorkbookPort, LookupIndex>();

/** Reads 주문 and 이력 of the host's workbook once, for the lookups that follow. */
export function indexLookups(host: Host): void {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return;
  const small = loadSmallTabs(host, false);
  const orders = Table.read(tab("orders"), sheet);
  const byCode = groupRows(orders, null);
  const codeOfToken = new Map<string, string>();
  for (const [code, rows] of byCode)
    for (const r of rows) {
      const token = orders.text(r, "token");
      if (token) codeOfToken.set(token, code);
    }
  INDEXES.set(host.workbook, {
    orders,
    settings: small.settings.ok ? small.settings.value : null,
    byCode,
    codeOfToken,
    eventsByRow: eventsIndex(readEvents(host.workbook, host.now()), null),
  });
}

type Wanted = { code: string } | { token: string };

/** Builds one order's view (a cache miss) from the index, or else from the sheet, and caches it. */
function loadView(host: Host, wanted: Wanted): CachedOrder | null {
  const index = INDEXES.get(host.workbook);
  if (index) {
    const code = "code" in wanted ? wanted.code : (index.codeOfToken.get(wanted.token) ?? "");
    const rows = index.byCode.get(code);
    if (!rows || !index.settings) return null;
    const byOrder = new Map([[code, rows]]);
    const views = buildViews(
      index.orders,
      byOrder,
      index.settings,
      index.eventsByRow,
      seoulDateOf(host.now()),
    );
    store(host, index.orders, views, byOrder);
    return views.get(code) ?? null;
  }
  const small = loadSmallTabs(host, false);
  if (!small.settings.ok) return null;
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return null;
  const orders = Table.read(tab("orders"), sheet);
  const code = findCode(orders, wanted);
  if (!code) return null;
  const byOrder = groupRows(orders, new Set([code]));
  const rowIds = new Set((byOrder.get(code) ?? []).map((r) => orders.text(r, "rowId")));
  const views = buildViews(
    orders,
    byOrder,
    small.settings.value,
    eventsIndex(readEvents(host.workbook, host.now()), rowIds),
    seoulDateOf(host.now()),
  );
  store(host, orders, views, byOrder);
  return views.get(code) ?? null;
}

function findCode(orders: Table, wanted: Wanted): string | null {
  for (let r = 0; r < orders.rowCount; r++) {
    if (
      "code" in wanted
        ? orders.text(r, "orderCode") === wanted.code
        : orders.text(r, "token") === wanted.token
    )
      return orders.text(r, "orderCode");
  }
  return null;
}

function cachedOrLoad(host: Host, code: string): CachedOrder | null {
  const cached = host.cache.get(viewKey(code));
  if (cached) return JSON.parse(cached) as CachedOrder;
  return loadView(host, { code });
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
  for (let r = 0; r < orders.rowCount; r++) {
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
  host.cache.put(GLOBAL_FAIL_KEY, JSON.stringify({ count: g.count + 1, since: g.since }));
}

function failures(host: Host, code: string, now: number): { count: number; since: number } {
  const raw = host.cache.get(failKey(code));
  const parsed = raw ? (JSON.parse(raw) as { count: number; since: number }) : null;
  return parsed && now - parsed.since < FAILURE_WINDOW_MS ? parsed : { count: 0, since: now };
}

/**
 * Order number + last four digits of the orderer's phone (a whole phone number pasted into the
 * box counts by its last four). Past the global limit of failed
 * lookups, only a warm, right answer is given; everything else gets the same "try later",
 * whether the order exists or not, and reads no sheet.
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
  const cached = host.cache.get(viewKey(code));
  const found: CachedOrder | null = cached
    ? (JSON.parse(cached) as CachedOrder)
    : flooded || isKnownMiss(host, `c:${code}`, now)
      ? null
      : loadByCode(host, code, now);
  if (!found || found.last4 !== digits) {
    const count = tries.count + 1;
    // The lock-out lasts the whole window from the failure that triggered it.
    const since = count >= MAX_FAILURES ? now : tries.since;
    host.cache.put(failKey(code), JSON.stringify({ count, since }));
    countGlobalFailure(host, now);
    return { ok: false, error: flooded ? TOO_MANY_TRIES : LOOKUP_FAILED };
  }
  return { ok: true, view: found.view };
}

function loadByCode(host: Host, code: string, now: number): CachedOrder | null {
  const found = loadView(host, { code });
  if (!found) rememberMiss(host, `c:${code}`, now);
  return found;
}

const BAD_LINK = "링크가 올바르지 않습니다. 주문번호로 조회해 주세요";

/** The link Tony pastes into KakaoTalk: `?t=<token>` opens the order at once. */
export function lookupByToken(host: Host, token: unknown): LookupResult {
  const t = plainText(token);
  if (!ACCESS_TOKEN_PATTERN.test(t)) return { ok: false, error: BAD_LINK };
  const now = host.now().getTime();
  const flooded = globalFailures(host, now).count >= MAX_GLOBAL_FAILURES;
  const code = host.cache.get(tokenKey(t));
  let found: CachedOrder | null = null;
  if (code) found = cachedOrLoad(host, code);
  else if (!flooded && !isKnownMiss(host, `t:${t}`, now)) {
    found = loadView(host, { token: t });
    if (!found) rememberMiss(host, `t:${t}`, now);
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
