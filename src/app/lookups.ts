/**
 * The customer status page's lookups, the same on both hosts: by order number and the last four
 * digits of the orderer's phone, or by a row's access token. Read-only, and guarded: a miss is
 * remembered so asking again reads no sheet, a code is locked out after repeated failures, and a
 * flood of failures from anyone stops every lookup that is not a warm, right answer.
 *
 * A lookup takes a warm view from the cache (src/app/viewCache.ts, no spreadsheet call) or else
 * finds the order's row of the read model 조회 (src/app/readModel.ts, kept by src/app/views.ts)
 * with one TextFinder call and reads that row: it never reads 주문 or 이력.
 */
import { ACCESS_TOKEN_PATTERN, normalizeOrderCode } from "../domain/codes";
import type { StatusView, StoredOrder } from "../domain/statusView";
import type { Cell, Host, RowFinder, WorkbookPort } from "./port";
import { parseRow, parseStored, VIEW_COLUMN, VIEW_WIDTH, VIEWS_FIRST_ROW, VIEWS_TAB } from "./readModel";
import type { Table } from "./table";
import {
  cachedView,
  cacheValue,
  COUNTER_TTL_SECONDS,
  VIEW_TTL_SECONDS,
  viewKey,
  type CachedOrder,
} from "./viewCache";

export type LookupResult = { ok: true; view: StatusView } | { ok: false; error: string };
/** A lookup's order with what only the server keeps (its digits, its cards' rows). */
export type OrderLookup = { ok: true; order: CachedOrder } | { ok: false; error: string };

const viewOf = (found: OrderLookup): LookupResult =>
  found.ok ? { ok: true, view: found.order.view } : found;

export const LOOKUP_FAILED = "주문번호와 전화번호 뒷자리 4개를 다시 확인해 주세요";
/** Every lookup is refused a while when the whole page sees too many failures (a flood). */
export const TOO_MANY_TRIES = "잠시 후 다시 시도해 주세요";
/** The read model is missing (its tab was deleted): the next pass makes it again. */
export const UNAVAILABLE = "지금은 조회할 수 없습니다. 잠시 후 다시 시도해 주세요";
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 10 * 60 * 1000;

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
const tokenKey = (token: string) => `peach:token:${token}`;
const FAIL_PREFIX = "peach:fail:";
const failKey = (code: string) => `${FAIL_PREFIX}${code}`;

/**
 * The lock-out counters (per code, and all codes together) among the cache's keys: a host that
 * reloads its workbook keeps these, so reloading never resets an attacker's count.
 */
export const isLookupCounter = (key: string): boolean => key.startsWith(FAIL_PREFIX);

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

/** A pass may have written rows of 조회: the lookups after it read them again. */
export function forgetLookupIndex(workbook: WorkbookPort): void {
  INDEXES.delete(workbook);
}

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
export function forgetMisses(host: Host, orders: Table, codes: ReadonlySet<string> | null): void {
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
  return viewOf(lookupOrder(host, orderCode, last4));
}

/** lookupStatus, answering with the order as the server keeps it. */
export function lookupOrder(host: Host, orderCode: unknown, last4: unknown): OrderLookup {
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
  return { ok: true, order: found };
}

const BAD_LINK = "링크가 올바르지 않습니다. 주문번호로 조회해 주세요";

/** The link Tony pastes into KakaoTalk: `?t=<token>` opens the order at once. */
export function lookupByToken(host: Host, token: unknown): LookupResult {
  return viewOf(lookupOrderByToken(host, token));
}

/** lookupByToken, answering with the order as the server keeps it. */
export function lookupOrderByToken(host: Host, token: unknown): OrderLookup {
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
  return { ok: true, order: found };
}

/** Only a well-formed token ever reaches the page. */
export function safeToken(token: unknown): string {
  const t = plainText(token);
  return ACCESS_TOKEN_PATTERN.test(t) ? t : "";
}
