/**
 * The tabs the script writes, found by name and written by header: a deleted tab is made again
 * with its header row, a column Tony moved is still found by its header, and a header he deleted
 * is added again after the last one, so no line ever lands under the wrong header.
 */
import type { TabDef } from "../templates";
import type { Cell, SheetPort, WorkbookPort } from "./port";

/** The tab, made again (formatted as setup makes it) when it is missing; `recreated` says which. */
export function findOrRecreateTab(
  workbook: WorkbookPort,
  def: TabDef,
): { sheet: SheetPort; recreated: boolean } {
  const sheet = workbook.sheet(def.name);
  if (sheet) return { sheet, recreated: false };
  return { sheet: workbook.addTab(def), recreated: true };
}

/**
 * The header row: first as wide as the template (one round trip in Apps Script), and only when
 * a template header is not among those cells, as wide as the tab is used.
 */
function readHeader(sheet: SheetPort, def: TabDef): Cell[] {
  const first = sheet.readRow(def.headerRow, def.columns.length);
  const names = new Set(first.map((h) => String(h ?? "").trim()));
  return def.columns.every((c) => names.has(c.header)) ? first : sheet.readRow(def.headerRow);
}

/**
 * 0-based column of each column key in the tab's header row; template columns missing from it
 * are written after the last used header first.
 */
export function columnsByHeader(
  sheet: SheetPort,
  def: TabDef,
  headerRow?: readonly Cell[],
): Map<string, number> {
  const header = (headerRow ?? readHeader(sheet, def)).map((h) => String(h ?? "").trim());
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const column = def.columns.find((c) => c.header === h);
    if (column && !at.has(column.key)) at.set(column.key, i);
  });
  const missing = def.columns.filter((c) => !at.has(c.key));
  if (missing.length > 0) {
    const last = header.reduce((end, h, i) => (h ? i + 1 : end), 0);
    sheet.write(def.headerRow, last + 1, [missing.map((c) => c.header)]);
    missing.forEach((c, i) => at.set(c.key, last + i));
  }
  return at;
}

/** Records laid out under the tab's own headers (read here unless given), for `append`. */
export function rowsByHeader(
  sheet: SheetPort,
  def: TabDef,
  records: Record<string, Cell>[],
  headerRow?: readonly Cell[],
): Cell[][] {
  const at = columnsByHeader(sheet, def, headerRow);
  const width = Math.max(0, ...at.values()) + 1;
  return records.map((record) => {
    const row: Cell[] = Array.from({ length: width }, () => "");
    for (const [key, i] of at) row[i] = record[key] ?? "";
    return row;
  });
}

/** Rows holding any of `texts` in `column` (whole cell): one search where the host offers it. */
export function findRowsOfAny(
  sheet: Pick<SheetPort, "findRows" | "findAny">,
  column: number,
  texts: readonly string[],
  fromRow: number,
): number[] {
  const wanted = texts.filter(Boolean);
  return wanted.length > 1 && sheet.findAny
    ? sheet.findAny(column, wanted, fromRow)
    : wanted.flatMap((t) => sheet.findRows(column, t, fromRow));
}
