/**
 * The customers' status views as a hidden tab of the script's own (조회): one row per order with
 * its code, a version (a hash of what the view was built from), its access tokens and the stored
 * view (JSON). A lookup finds one row with a TextFinder and reads it; a pass writes only the rows
 * whose view changed. The tab is the cache's source: CacheService holds only a warm few.
 */
import type { StoredOrder } from "../domain/statusView";
import { tab } from "../templates";
import type { Cell, SheetPort, WorkbookPort } from "./port";
import { findOrRecreateTab } from "./tabs";

export const VIEWS_TAB = tab("views");
/** 1-based columns, as the template lays them out (the script's own hidden tab). */
export const VIEW_COLUMN = { code: 1, hash: 2, tokens: 3, data: 4 } as const;
export const VIEW_WIDTH = VIEWS_TAB.columns.length;
const DATA_CELLS = VIEW_WIDTH - VIEW_COLUMN.data + 1;
/**
 * Characters of JSON per cell: Sheets keeps at most 50,000 in a cell (Google Docs Editors Help,
 * "Files you can store in Google Drive") and Excel 32,767 ("Excel specifications and limits"),
 * and the local host keeps this tab in Tony's .xlsx, so a view is cut into pieces of 30,000.
 */
export const DATA_CHUNK = 30_000;
/** The longest stored view (JSON characters); a longer one is shortened before it is stored. */
export const MAX_DATA = DATA_CHUNK * DATA_CELLS;
/** The first row of data, below the header. */
export const VIEWS_FIRST_ROW = VIEWS_TAB.headerRow + 1;
const FIRST_ROW = VIEWS_FIRST_ROW;

/** One row of the read model. */
export interface ViewRow {
  code: string;
  hash: string;
  tokens: string[];
  /** The stored view's JSON (the data cells joined). */
  data: string;
}

export function rowCells(row: ViewRow): Cell[] {
  const cells: Cell[] = [row.code, row.hash, row.tokens.join(" ")];
  for (let i = 0; i < DATA_CELLS; i++) cells.push(row.data.slice(i * DATA_CHUNK, (i + 1) * DATA_CHUNK));
  return cells;
}

export function parseRow(cells: readonly Cell[] | undefined): ViewRow | null {
  if (!cells) return null;
  const text = (c: number) => String(cells[c - 1] ?? "");
  const code = text(VIEW_COLUMN.code).trim();
  if (!code) return null;
  let data = "";
  for (let c = VIEW_COLUMN.data; c <= VIEW_WIDTH; c++) data += text(c);
  return {
    code,
    hash: text(VIEW_COLUMN.hash).trim(),
    tokens: text(VIEW_COLUMN.tokens).split(" ").filter(Boolean),
    data,
  };
}

/** The stored JSON, shortened when a view outgrows the read model's cells (absurdly long names). */
export function storedJson(order: StoredOrder): string {
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

/** A row's stored view (its data cells' JSON), or null when they hold none. */
export function parseStored(data: string): StoredOrder | null {
  try {
    const parsed = JSON.parse(data) as StoredOrder;
    return parsed && typeof parsed === "object" && parsed.view && parsed.rows ? parsed : null;
  } catch {
    return null;
  }
}

const BLANK: Cell[] = Array.from({ length: VIEW_WIDTH }, () => "");

/** The read model's tab: found by name, or made again (hidden, with its header) when deleted. */
export function openViews(workbook: WorkbookPort): { sheet: SheetPort; recreated: boolean } {
  const found = findOrRecreateTab(workbook, VIEWS_TAB);
  if (found.recreated) found.sheet.hide();
  return found;
}

/**
 * Whether the header is the template's (the columns a lookup reads by position). Tony cannot see
 * the tab unless he unhides it; if he moved its columns, the pass puts the header back and writes
 * every row again.
 */
export function headerIntact(sheet: SheetPort): boolean {
  const header = sheet.readRow(VIEWS_TAB.headerRow, VIEW_WIDTH);
  return VIEWS_TAB.columns.every((c, i) => String(header[i] ?? "").trim() === c.header);
}

export function rewriteHeader(sheet: SheetPort, lastRow: number): void {
  sheet.write(VIEWS_TAB.headerRow, 1, [VIEWS_TAB.columns.map((c) => c.header)]);
  if (lastRow >= FIRST_ROW)
    sheet.write(
      FIRST_ROW,
      1,
      Array.from({ length: lastRow - FIRST_ROW + 1 }, () => [...BLANK]),
    );
}

/** Code and version of every row, in one read (the reconcile's check of what changed). */
export function readIndex(sheet: SheetPort, lastRow: number): Map<number, { code: string; hash: string }> {
  const index = new Map<number, { code: string; hash: string }>();
  if (lastRow < FIRST_ROW) return index;
  sheet.readRows(FIRST_ROW, lastRow - FIRST_ROW + 1, VIEW_COLUMN.hash).forEach((cells, i) => {
    const code = String(cells[0] ?? "").trim();
    if (code) index.set(FIRST_ROW + i, { code, hash: String(cells[1] ?? "").trim() });
  });
  return index;
}

/**
 * Cells one call is worth in the cost model (0.15 s a call, 1 s per 100,000 cells read): reading
 * the whole tab beats one read per run of rows when it carries fewer than this many cells a run.
 */
const CELLS_PER_CALL = 15_000;

/** Whole rows: one read per run of rows, or every row in one read when that costs less. */
export function readViewRows(
  sheet: SheetPort,
  rows: readonly number[],
  lastRow: () => number,
): Map<number, Cell[]> {
  const out = new Map<number, Cell[]>();
  if (rows.length === 0) return out;
  const runs = runsOf(rows);
  if (runs.length > 2 && (lastRow() - FIRST_ROW + 1) * VIEW_WIDTH < (runs.length - 1) * CELLS_PER_CALL) {
    sheet
      .readRows(FIRST_ROW, lastRow() - FIRST_ROW + 1, VIEW_WIDTH)
      .forEach((cells, i) => out.set(FIRST_ROW + i, cells));
    return out;
  }
  for (const [first, last] of runs)
    sheet.readRows(first, last - first + 1, VIEW_WIDTH).forEach((cells, i) => out.set(first + i, cells));
  return out;
}

/**
 * Writes rows (1-based sheet row → cells; a null clears the row) and appends new ones. Runs of
 * rows go out as one write each; two runs are joined into one write when the rows between them
 * are known (`known`) and rewriting them costs less than a call (a call ~ 7,500 cells written in
 * the cost model: 0.15 s at 2 s per 100,000 cells, half of CELLS_PER_CALL).
 */
export function writeViewRows(
  sheet: SheetPort,
  changes: ReadonlyMap<number, Cell[] | null>,
  appended: Cell[][],
  known: ReadonlyMap<number, Cell[]> = new Map(),
): number {
  let calls = 0;
  const cellsOf = (r: number): Cell[] | undefined => {
    if (changes.has(r)) return changes.get(r) ?? [...BLANK];
    const cells = known.get(r);
    return cells ? Array.from({ length: VIEW_WIDTH }, (_, c) => cells[c] ?? "") : undefined;
  };
  const gapRows = Math.max(1, Math.floor(CELLS_PER_CALL / 2 / VIEW_WIDTH));
  const rows = [...changes.keys()].sort((a, b) => a - b);
  let i = 0;
  while (i < rows.length) {
    let last = i;
    // Extend over rows that are changing, and over short known gaps.
    for (;;) {
      const next = rows[last + 1];
      if (next === undefined) break;
      const gap = next - rows[last]! - 1;
      let fits = gap === 0;
      if (!fits && gap <= gapRows) {
        fits = true;
        for (let r = rows[last]! + 1; r < next; r++) if (!cellsOf(r)) fits = false;
      }
      if (!fits) break;
      last++;
    }
    const block: Cell[][] = [];
    for (let r = rows[i]!; r <= rows[last]!; r++) block.push(cellsOf(r)!);
    sheet.write(rows[i]!, 1, block);
    calls++;
    i = last + 1;
  }
  if (appended.length > 0) {
    sheet.append(appended);
    calls++;
  }
  return calls;
}

function runsOf(rows: readonly number[]): [number, number][] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[1] === r - 1) run[1] = r;
    else runs.push([r, r]);
  }
  return runs;
}
