/**
 * The edit path: an edit of 주문 reads the edited rows, every row of the orders they
 * touch (found with the port's findRows, Sheets' TextFinder) and the season's sums, runs the
 * same pass as the reconcile over those rows only, and writes what changed. Whenever the edit
 * cannot be decided from those rows alone (a sort or a big paste, copied hidden cells, a moved
 * row, sums that are missing or do not add up, an allocation that could involve other orders, a
 * 오늘 출하 that needs rewriting whole) it says so before writing anything, and the caller runs
 * the full pass: the full pass is correct by definition, and the reconcile stays the safety net.
 */
import type { Cell, Host } from "./port";
import { claimOf, parseRecorded, type RowState } from "../domain/season/state";
import { todaySummary } from "../domain/season/today";
import {
  sync,
  syncEdit,
  type EditedRows,
  type EditScope,
  type EditedTab,
  type SyncMode,
  type TodayPatch,
} from "./sync";
import { loadSums, othersOf, type RowClaim } from "./seasonSums";
import { Table } from "./table";
import { findRowsOfAny } from "./tabs";
import { rememberTodayIndex, rememberTodayLines, todayIndex, type TodayIndex } from "./today";
import { tab } from "../templates";
import { seoulDateOf } from "../domain/clock";

/**
 * Tabs whose edits the edit trigger leaves to the next reconcile: Tutu's ticks and tracking
 * numbers on 오늘 출하. She makes ~500 of them on a busy day; carried one by one (an execution
 * that reads her line, the shipment's rows, writes 주문, 이력, 조회 and flushes, ~3 modelled
 * seconds) they alone would spend 25 of a free account's 90 trigger minutes, and the reconcile
 * reads 오늘 출하 anyway. Her tab shows what she ticked at once; 주문, 이력 (at the time she
 * ticked, tickNotes.ts) and the status page follow within one reconcile interval.
 */
export function carriedByReconcile(edited: EditedTab): boolean {
  return edited === "today";
}

/** The cells an edit event names (1-based, as Apps Script gives them). */
export interface EditedRange {
  first: number;
  count: number;
  column: number;
  columns: number;
}

/** More rows than this in one edit (a sort, a paste bigger than a day's orders) run the full pass. */
export const MAX_EDITED_ROWS = 50;
/** More orders than this in one edit run the full pass. */
export const MAX_ORDERS = 5;
/** Rows of the touched orders read in one span when no further apart than this. */
const SPAN_GAP = 10;

/** Columns a person never types into: a paste that covers one carries another row's identity. */
const HIDDEN_KEYS = ["rowId", "token", "recorded"];

/**
 * The edit trigger's work: the edit path, and the full pass when it cannot decide. Returns why
 * the full pass ran, or null.
 */
export function handleEdit(host: Host, mode: EditMode, range: EditedRange): string | null {
  const fallback = applyEdit(host, mode, range);
  if (fallback !== null) sync(host, withRows(mode, [range]));
  return fallback;
}

/** An edit's mode (SyncMode of kind "edit"). */
export type EditMode = Extract<SyncMode, { kind: "edit" }>;

/** The mode with the edited rows, which only an edit of 주문 carries. */
const withRows = (mode: EditMode, ranges: readonly EditedRange[]): EditMode =>
  mode.tab === "orders"
    ? { ...mode, editedRows: ranges.map((r): EditedRows => ({ first: r.first, count: r.count })) }
    : mode;

/**
 * Decides an edit from the rows it touches. Null when done (written, or nothing to do);
 * otherwise why the full pass must run, in which case nothing was written.
 */
export function applyEdit(host: Host, mode: EditMode, range: EditedRange): string | null {
  return applyEdits(host, mode, [range]);
}

/**
 * applyEdit for several edits of 주문 at once (edits noted while the lock was held, carried in
 * one pass: one read of the header, one search, one append to 이력, one write of each view),
 * decided from the rows they all touch.
 */
export function applyEdits(host: Host, mode: EditMode, ranges: readonly EditedRange[]): string | null {
  if (mode.tab !== "orders") return "tab";
  if (ranges.length === 0 || ranges.some((r) => r.count < 1)) return "many rows";
  if (ranges.reduce((n, r) => n + r.count, 0) > MAX_EDITED_ROWS) return "many rows";
  const sums = loadSums(host);
  if (!sums) return "no sums";
  const def = tab("orders");
  const sheet = host.workbook.sheet(def.name);
  if (!sheet) return "no tab";
  const header = readHeader(
    sheet.readRow.bind(sheet),
    def.headerRow,
    def.columns.map((c) => c.header),
  );
  const width = header.length;
  const column = new Map<string, number>();
  header.forEach((h, i) => {
    const c = def.columns.find((d) => d.header === String(h).trim());
    if (c && !column.has(c.key)) column.set(c.key, i);
  });
  const codeColumn = column.get("orderCode");
  if (codeColumn === undefined || width === 0) return "no order number column";

  const read = new Map<number, Cell[]>();
  const codes = new Set<string>();
  const edited = new Set<number>();
  const codeOf = (row: Cell[] | undefined) => String(row?.[codeColumn] ?? "").trim();

  if (ranges.some((range) => range.first <= def.headerRow)) return "header";
  // Each block with the row above: a pasted row without a number joins the order of the same
  // orderer above. Close blocks are read together.
  const blocks = ranges.map((range) => {
    const from = Math.max(def.headerRow + 1, range.first - 1);
    return [from, range.first + range.count - from] as [number, number];
  });
  for (const [first, count] of spans(blocks.flatMap(([f, n]) => Array.from({ length: n }, (_, i) => f + i))))
    sheet.readRows(first, count, width).forEach((row, i) => read.set(first + i, row));
  for (const range of ranges) {
    const lastColumn = range.column + range.columns - 1;
    const hidden = HIDDEN_KEYS.map((key) => column.get(key)).filter(
      (c): c is number => c !== undefined && c + 1 >= range.column && c + 1 <= lastColumn,
    );
    // A block over the hidden cells is only new rows pasted whole below the last one, with those
    // cells blank; anything else may carry (or clear) another row's identity.
    if (hidden.length > 0) {
      if (range.first <= sums.lastRow) return "hidden cells";
      for (let row = range.first; row < range.first + range.count; row++)
        if (hidden.some((c) => String(read.get(row)?.[c] ?? "") !== "")) return "hidden cells";
    }
    const codeEdited = codeColumn + 1 >= range.column && codeColumn + 1 <= lastColumn;
    for (let row = range.first; row < range.first + range.count; row++) {
      edited.add(row);
      const cells = read.get(row) ?? [];
      // A typed order number on a row the script knew moves it out of an order it cannot see.
      const recorded = column.has("recorded") ? String(cells[column.get("recorded")!] ?? "") : "";
      if (codeEdited && recorded) return "order number changed";
      if (codeOf(cells)) codes.add(codeOf(cells));
    }
    const above = codeOf(read.get(range.first - 1));
    if (above && !codeOf(read.get(range.first))) codes.add(above);
  }
  if (codes.size > MAX_ORDERS) return "many orders";

  // Every row of the touched orders, wherever they are.
  const wanted = new Set<number>(edited);
  for (const row of findRowsOfAny(sheet, codeColumn + 1, [...codes], def.headerRow + 1)) wanted.add(row);
  if (wanted.size > MAX_EDITED_ROWS * 3) return "many rows";
  for (const [first, count] of spans([...wanted].filter((r) => !read.has(r))))
    sheet.readRows(first, count, width).forEach((row, i) => read.set(first + i, row));
  const rows = new Map<number, Cell[]>();
  for (const row of wanted) {
    const cells = read.get(row) ?? [];
    if (edited.has(row) || codes.has(codeOf(cells))) rows.set(row, cells);
  }
  const table = Table.partial(def, header, rows);

  // What the touched rows held before the edit, taken out of the sums: the rest are the others.
  const claimsBefore: RowClaim[] = [];
  const before = new Map<string, { paidAt: number | null; shipDate: string }>();
  for (const r of table.rows()) {
    const rowId = table.text(r, "rowId");
    if (!rowId) continue;
    if (before.has(rowId) || sums.unsummed.includes(rowId)) return "row not in the sums";
    const recorded = parseRecorded(table.text(r, "recorded"));
    const paidAt = table.get(r, "paidAt");
    before.set(rowId, {
      paidAt: paidAt instanceof Date ? paidAt.getTime() : null,
      shipDate: recorded?.d ?? "",
    });
    // A cleared row's claim is refused by the pass (it is not in the sums), so every one counts.
    if (recorded) claimsBefore.push(claimOf(recorded));
  }
  const others = othersOf(sums, claimsBefore);
  if (!others) return "sums do not add up";

  const early = touchedTodayLines(host, before);
  const scope: EditScope = {
    table,
    others,
    sums,
    claimsBefore,
    // One search for all: any in use (rare) counts for all, and the pass draws them all again.
    codesTaken: (candidates) =>
      new Set(
        findRowsOfAny(sheet, codeColumn + 1, candidates, def.headerRow + 1).length > 0 ? candidates : [],
      ),
    todayLines: early.lines.size > 0 ? Table.partial(tab("today"), TODAY_HEADER, early.lines) : null,
    today: (patch) => patchToday(host, patch, before, sums.held[patch.date] ?? 0, early),
  };
  syncEdit(host, withRows(mode, ranges), scope);
  return scope.undecided ?? null;
}

/**
 * The header row: as wide as the template first (one round trip), wider only when a template
 * header is not among those cells (Tony added columns before it).
 */
function readHeader(
  readRow: (row: number, width?: number) => Cell[],
  row: number,
  headers: string[],
): Cell[] {
  const first = readRow(row, headers.length);
  const names = new Set(first.map((h) => String(h ?? "").trim()));
  return headers.every((h) => names.has(h)) ? first : readRow(row);
}

/** Sheet rows as [first, count] spans, close rows read together. */
function spans(rows: number[]): [number, number][] {
  const sorted = [...rows].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const row of sorted) {
    const last = out[out.length - 1];
    if (last && row - (last[0] + last[1] - 1) <= SPAN_GAP) last[1] = row - last[0] + 1;
    else out.push([row, 1]);
  }
  return out;
}

/** 오늘 출하 is the script's own tab, in the template's column order from its first column. */
const TODAY_HEADER = tab("today").columns.map((c) => c.header);

/** The touched shipments' lines of 오늘 출하, and the tab's index when it was asked for. */
interface TouchedLines {
  lines: Map<number, Cell[]>;
  /** undefined: not asked (no touched shipment was dated today), so patchToday asks. */
  index?: TodayIndex | null;
}

/**
 * The lines of today's 오늘 출하 that show the touched shipments (by their lead rows' ids, through
 * the tab's index in the cache), read as the tab holds them now, by sheet row: the pass carries
 * Tutu's edits waiting there before it judges Tony's, and patchToday rewrites them.
 */
function touchedTodayLines(host: Host, touched: ReadonlyMap<string, { shipDate: string }>): TouchedLines {
  const lines = new Map<number, Cell[]>();
  // Only a shipment dated today is on today's list (its date as the last pass recorded it).
  const today = seoulDateOf(host.now());
  if (![...touched.values()].some((b) => b.shipDate === today)) return { lines };
  const index = todayIndex(host);
  if (!index || index.date !== today) return { lines, index };
  const rows = index.ids.flatMap((id, i) => (touched.has(id) ? [tab("today").headerRow + 1 + i] : []));
  const sheet = rows.length > 0 ? host.workbook.sheet(tab("today").name) : null;
  if (sheet)
    for (const [first, count] of spans(rows))
      sheet.readRows(first, count, TODAY_HEADER.length).forEach((row, i) => lines.set(first + i, row));
  return { lines, index };
}

/**
 * 오늘 출하 after an edit of 주문: the lines of the touched shipments (read before the pass, which
 * carried Tutu's edits waiting there) rewritten in place, and the top line when the day's totals
 * changed. False when the list itself changes (a shipment joins or leaves the day, or its place
 * in the order moves) or the index does not describe the tab as it stands: then only a rewrite
 * of the whole tab will do.
 */
function patchToday(
  host: Host,
  patch: TodayPatch,
  before: Map<string, { paidAt: number | null; shipDate: string }>,
  assignedBefore: number,
  early: TouchedLines,
): boolean {
  const onDay = (s: RowState) => s.shipDate === patch.date && s.status !== "cancelled";
  const wasOnDay = [...before.values()].some((b) => b.shipDate === patch.date);
  if (!wasOnDay && !patch.shipments.some((g) => g.some(onDay))) return true;
  const def = tab("today");
  const sheet = host.workbook.sheet(def.name);
  const index = early.index !== undefined ? early.index : todayIndex(host);
  if (!sheet || !index || index.date !== patch.date) return false;
  const day = patch.days.find((d) => d.date === patch.date);
  const places = index.ids.length;
  const shown = todaySummary(
    patch.date,
    { date: patch.date, capacity: day?.capacity ?? 0, assigned: assignedBefore },
    places,
    patch.settings,
  );
  if (index.summary !== shown) return false; // the tab shows another state than the one the sums say

  const lineOf = new Map(index.ids.map((id, i) => [id, i]));
  const touchedLines = index.ids.filter((id) => before.has(id));
  const today = Table.partial(def, TODAY_HEADER, early.lines);

  const { plan } = patch;
  const planned = new Set(plan.rows.map((line) => String(line.rowId)));
  if (touchedLines.length !== planned.size || touchedLines.some((id) => !planned.has(id))) return false;
  // Lines keep their places only if their payment time (the list's order) is unchanged.
  for (const group of patch.shipments) {
    const lead = group[0]!;
    if (!planned.has(lead.rowId)) continue;
    if ((lead.paidAt?.getTime() ?? null) !== before.get(lead.rowId)!.paidAt) return false;
  }

  const columns = def.columns;
  let wrote = false;
  const written = new Map<number, Record<string, Cell>>();
  for (const planned of plan.rows) {
    const r = lineOf.get(String(planned.rowId))!;
    const line: Record<string, Cell> = { ...planned, seq: r + 1 }; // its place in the whole list
    written.set(r, line);
    const cells = columns.map((c) => line[c.key] ?? "");
    // Only the cells that differ (often just the hidden 기록): Tutu's own cells are not written back.
    const differs = columns.map((c, i) => String(today.get(r, c.key)) !== String(cells[i]));
    const first = differs.indexOf(true);
    if (first < 0) continue;
    const last = differs.lastIndexOf(true);
    sheet.write(today.sheetRow(r), first + 1, [cells.slice(first, last + 1)]);
    wrote = true;
  }
  const summary = todaySummary(patch.date, day, places, patch.settings);
  if (summary !== shown) {
    sheet.write(1, 1, [[summary]]);
    rememberTodayIndex(host, { ...index, summary });
    wrote = true;
  }
  if (wrote) rememberTodayLines(host, summary, written);
  return true;
}
