/**
 * One tab read into memory: columns found by header (never by position), cells changed in
 * memory, and the changes written back in as few rectangles as the ownership rules allow.
 */
import { sameCell, type RowsAsRead } from "../domain/season/grid";
import type { ColumnDef, TabDef } from "../templates";
import type { Cell, SheetPort } from "./port";

export class Table {
  /** 0-based sheet column of each column key present in the header. */
  private readonly columns = new Map<string, number>();
  /** 0-based data row → 0-based sheet columns changed. */
  private readonly dirty = new Map<number, Set<number>>();
  private readonly width: number;
  /** Only some rows were read (an edit): rows between them are unknown, never written over. */
  private partial = false;
  /** A partial table's data rows, in order: the only ones a pass needs to visit. */
  private given: number[] | null = null;

  constructor(
    readonly def: TabDef,
    private readonly values: Cell[][],
  ) {
    const header = values[def.headerRow - 1] ?? [];
    header.forEach((h, i) => {
      const column = def.columns.find((c) => c.header === String(h).trim());
      if (column && !this.columns.has(column.key)) this.columns.set(column.key, i);
    });
    // A loop, not Math.max(...rows): a spread over 125,000 rows overflows the call stack.
    let width = header.length;
    for (const row of values) if (row && row.length > width) width = row.length;
    this.width = width;
  }

  static read(def: TabDef, sheet: SheetPort): Table {
    return new Table(def, sheet.readAll());
  }

  /**
   * The header and some rows only, each at its true sheet row (the rows an edit touches): rows
   * not given read as blank, and a flush writes only around the rows given.
   */
  static partial(def: TabDef, header: Cell[], rows: ReadonlyMap<number, Cell[]>): Table {
    const values: Cell[][] = [];
    values[def.headerRow - 1] = header;
    for (const [sheetRow, row] of rows) values[sheetRow - 1] = row;
    const table = new Table(def, values);
    table.partial = true;
    table.given = [...rows.keys()]
      .map((sheetRow) => table.dataRow(sheetRow))
      .filter((r) => r >= 0)
      .sort((a, b) => a - b);
    return table;
  }

  /**
   * The data rows to visit, in order: every one, or for a partial table only those it was given
   * (the rest are unknown and read as blank; on 20,000 rows an edit would otherwise walk them all).
   */
  *rows(): Generator<number> {
    if (this.given) yield* this.given;
    else for (let r = 0; r < this.rowCount; r++) yield r;
  }

  /** The data rows as they stand, for a decision (domain/season/grid.ts): no copy of a cell. */
  asRead(): RowsAsRead {
    return {
      columns: this.columns,
      rows: this.values.slice(this.def.headerRow),
      firstRow: this.def.headerRow + 1,
      ...(this.given ? { given: this.given } : {}),
    };
  }

  /** Sets the cells a decision gave (by data row and column key); unchanged cells stay clean. */
  apply(cells: ReadonlyMap<number, ReadonlyMap<string, Cell>>): void {
    for (const [r, row] of cells) for (const [key, value] of row) this.set(r, key, value);
  }

  /** The values as they stand in memory (for the cache). */
  snapshot(): Cell[][] {
    return this.values;
  }

  has(key: string): boolean {
    return this.columns.has(key);
  }

  missingColumns(): ColumnDef[] {
    return this.def.columns.filter((c) => !this.columns.has(c.key));
  }

  /** Rows below the header. */
  get rowCount(): number {
    return Math.max(0, this.values.length - this.def.headerRow);
  }

  /** The 1-based sheet row of a data row. */
  sheetRow(r: number): number {
    return this.def.headerRow + 1 + r;
  }

  /** The data row of a 1-based sheet row. */
  dataRow(sheetRow: number): number {
    return sheetRow - this.def.headerRow - 1;
  }

  get(r: number, key: string): Cell {
    const c = this.columns.get(key);
    return c === undefined ? "" : (this.values[this.def.headerRow + r]?.[c] ?? "");
  }

  /** A data row's cells as they stand in memory (read-only; may be shorter than the header). */
  row(r: number): readonly Cell[] {
    return this.values[this.def.headerRow + r] ?? [];
  }

  /** The 0-based sheet column of a key, or -1 when the tab lacks it. */
  columnOf(key: string): number {
    return this.columns.get(key) ?? -1;
  }

  /** A cell by 1-based sheet coordinates, header rows included. */
  at(row: number, column: number): Cell {
    return this.values[row - 1]?.[column - 1] ?? "";
  }

  text(r: number, key: string): string {
    return String(this.get(r, key) ?? "").trim();
  }

  /** Sets a cell in memory; returns whether it changed. Missing columns are ignored. */
  set(r: number, key: string, value: Cell): boolean {
    const c = this.columns.get(key);
    if (c === undefined || sameCell(this.get(r, key), value)) return false;
    const row = (this.values[this.def.headerRow + r] ??= []);
    while (row.length <= c) row.push("");
    row[c] = value;
    const cols = this.dirty.get(r) ?? new Set<number>();
    cols.add(c);
    this.dirty.set(r, cols);
    return true;
  }

  /** Data rows changed in memory and not yet written. */
  changedRows(): Set<number> {
    return new Set(this.dirty.keys());
  }

  /** Appends an empty data row in memory and returns its index. */
  addRow(): number {
    while (this.values.length < this.def.headerRow) this.values.push([]);
    this.values.push(Array.from({ length: this.width }, () => ""));
    return this.rowCount - 1;
  }

  /** Whether every one of the given columns is blank in a row. */
  isBlank(r: number, keys: readonly string[]): boolean {
    return keys.every((k) => this.text(r, k) === "" || this.get(r, k) === false);
  }

  private ownerOf(sheetColumn: number): string | undefined {
    for (const [key, c] of this.columns)
      if (c === sheetColumn) return this.def.columns.find((d) => d.key === key)?.owner;
    return undefined;
  }

  /**
   * Writes the changes. Adjacent script-owned columns go out as one rectangle over the changed
   * rows (rewriting the script's own values in between is harmless); any other column is written
   * only where it changed, so a cell Tony or Tutu is typing into is never overwritten.
   */
  flush(sheet: SheetPort): void {
    if (this.dirty.size === 0) return;
    const changedColumns = new Set<number>();
    for (const cols of this.dirty.values()) for (const c of cols) changedColumns.add(c);
    const sorted = [...changedColumns].sort((a, b) => a - b);
    const scriptOwned = (c: number) => this.ownerOf(c) === "script";
    const rowsChanging = (cols: number[]) =>
      [...this.dirty].filter(([, set]) => cols.some((c) => set.has(c))).map(([r]) => r);

    let i = 0;
    while (i < sorted.length) {
      const start = sorted[i]!;
      if (!scriptOwned(start)) {
        // Next columns changed at exactly the same rows go in the same rectangle: it still holds
        // only changed cells (a paste's new rows get 주문번호 and 접수일시 in one call, not two).
        const rows = rowsChanging([start]);
        const same = (c: number) => {
          const other = rowsChanging([c]);
          return other.length === rows.length && other.every((r, k) => r === rows[k]);
        };
        let end = start;
        while (sorted[i + 1] === end + 1 && !scriptOwned(end + 1) && same(end + 1)) {
          end++;
          i++;
        }
        this.writeRuns(sheet, start, end, rows);
        i++;
        continue;
      }
      let end = start;
      while (scriptOwned(end + 1) && this.columnSpanHasChange(end + 1, sorted)) end++;
      while (i < sorted.length && sorted[i]! <= end) i++;
      const cols = Array.from({ length: end - start + 1 }, (_, k) => start + k);
      const rows = rowsChanging(cols);
      if (this.partial) {
        this.writeRuns(sheet, start, end, rows);
        continue;
      }
      let first = rows[0]!;
      let last = first;
      for (const r of rows) [first, last] = [Math.min(first, r), Math.max(last, r)];
      this.writeBlock(sheet, first, last, start, end);
    }
    this.dirty.clear();
  }

  /** Whether extending a script run to `c` reaches another changed script column. */
  private columnSpanHasChange(c: number, sorted: number[]): boolean {
    for (let k = c; this.ownerOf(k) === "script"; k++) if (sorted.includes(k)) return true;
    return false;
  }

  /** Writes columns start..end at the changed rows, one rectangle per run of consecutive rows. */
  private writeRuns(sheet: SheetPort, start: number, end: number, rows: number[]): void {
    rows.sort((a, b) => a - b);
    let k = 0;
    while (k < rows.length) {
      let last = k;
      while (last + 1 < rows.length && rows[last + 1] === rows[last]! + 1) last++;
      this.writeBlock(sheet, rows[k]!, rows[last]!, start, end);
      k = last + 1;
    }
  }

  private writeBlock(
    sheet: SheetPort,
    firstRow: number,
    lastRow: number,
    firstCol: number,
    lastCol: number,
  ): void {
    const block: Cell[][] = [];
    for (let r = firstRow; r <= lastRow; r++) {
      const row = this.values[this.def.headerRow + r] ?? [];
      const out: Cell[] = [];
      for (let c = firstCol; c <= lastCol; c++) {
        out.push(row[c] ?? "");
      }
      block.push(out);
    }
    sheet.write(this.sheetRow(firstRow), firstCol + 1, block);
  }
}
