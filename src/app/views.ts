/**
 * Keeping the read model 조회 (src/app/readModel.ts) in step with 주문 and 이력: one row per order
 * holding its view (src/domain/statusView.ts) and the history a pass extends. Every sync pass
 * writes the rows whose view it changed (an edit: the orders it touched; a reconcile: the orders
 * whose inputs or timeline changed), so a lookup (src/app/lookups.ts) right after an edit sees
 * the edit; the views it changed are warmed in the cache (src/app/viewCache.ts).
 */
import { seoulDateOf, type SeoulDate } from "../domain/clock";
import { ACCESS_TOKEN_PATTERN } from "../domain/codes";
import { EVENT } from "../domain/events";
import type { Settings } from "../domain/schemas";
import { renderOrder, type StoredOrder } from "../domain/statusView";
import { extendHistory, historyFromEvents, type OrderHistory, type PassEvent } from "../domain/timeline";
import { Journal, readEvents, type LoggedEvent } from "./journal";
import { forgetLookupIndex, forgetMisses } from "./lookups";
import type { Cell, Host, SheetPort, WorkbookPort } from "./port";
import {
  headerIntact,
  openViews,
  parseRow,
  parseStored,
  readIndex,
  readViewRows,
  rewriteHeader,
  rowCells,
  storedJson,
  VIEW_COLUMN,
  VIEW_WIDTH,
  VIEWS_FIRST_ROW,
  VIEWS_TAB,
  writeViewRows,
  type ViewRow,
} from "./readModel";
import type { Table } from "./table";
import { findRowsOfAny } from "./tabs";
import { cacheValue, replaceWarmViews, viewKey, WARM_PER_PASS } from "./viewCache";
import { viewVersions } from "./viewVersions";

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

/** One order's view from its rows of 주문 (`rows`, in sheet order): their cells by column key. */
function render(
  orders: Table,
  code: string,
  rows: readonly number[],
  settings: Settings,
  history: OrderHistory,
  today: SeoulDate,
): StoredOrder {
  const keys = orders.def.columns.map((c) => c.key);
  const cells = rows.map((r) => Object.fromEntries(keys.map((key) => [key, orders.get(r, key)])));
  return renderOrder(code, cells, settings, history, today);
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
  forgetLookupIndex(host.workbook);
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
      histories.set(code, extendHistory(code, stored, ids, eventsByRow, now));
    } else if (ids.every((id) => created.has(id))) {
      // New in this pass: its whole history is this pass's events.
      histories.set(code, extendHistory(code, { received: 0, rows: {} }, ids, eventsByRow, now));
    } else if (full) missing.push(code);
    else {
      // A number Tony changed by hand: the rows' history is under the old number, found by token.
      const moved = movedHistory(sheet, orders, byOrder.get(code)!, ids);
      if (!moved) continue;
      histories.set(code, extendHistory(code, moved.history, ids, eventsByRow, now));
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
    const order = render(orders, code, rows, settings, history, today);
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
  // Views a lookup cached before this pass are replaced, so the next lookup sees the change.
  replaceWarmViews(host, warm);
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
    views.set(code, render(orders, code, rows, settings, history, today));
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
