/**
 * A tab's rows as the app read them, seen by column key, with the decision's changes held apart:
 * the input is never mutated, and what the rows must hold afterwards is `changes()`. Plain data
 * in (what a sheet gives), plain data out (the cells to write): no sheet, no port.
 */

/** A cell as a sheet gives it: text, a number, a checkbox, a date. */
export type Cell = string | number | boolean | Date;

/** A tab's rows as read: the plain input of a decision. */
export interface RowsAsRead {
  /** The 0-based column of each column key the header has (a missing column reads blank). */
  columns: ReadonlyMap<string, number>;
  /** The data rows, 0 = the first row below the header; a partial read leaves holes. */
  rows: readonly (readonly Cell[] | undefined)[];
  /** The 1-based sheet row of data row 0. */
  firstRow: number;
  /** Only these data rows were read (an edit), in order: the others are unknown and never visited. */
  given?: readonly number[];
}

/** The same value as a sheet keeps it: dates by instant, a blank as "". */
export const sameCell = (a: Cell | undefined, b: Cell | undefined): boolean =>
  a instanceof Date || b instanceof Date
    ? a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
    : (a ?? "") === (b ?? "");

export class Grid {
  /** Data row → column → the value the decision gave it (an array: a get on 20,000 rows is hot). */
  private readonly changed: (Map<number, Cell> | undefined)[] = [];
  private readonly keyOf = new Map<number, string>();
  private all: number[] | null = null;

  constructor(private readonly read: RowsAsRead) {
    for (const [key, c] of read.columns) this.keyOf.set(c, key);
  }

  get rowCount(): number {
    return this.read.rows.length;
  }

  /** The data rows to visit, in order: every one, or only those a partial read was given. */
  rows(): readonly number[] {
    if (this.read.given) return this.read.given;
    if (!this.all) {
      this.all = [];
      for (let r = 0; r < this.read.rows.length; r++) this.all.push(r);
    }
    return this.all;
  }

  sheetRow(r: number): number {
    return this.read.firstRow + r;
  }

  has(key: string): boolean {
    return this.read.columns.has(key);
  }

  /** The 0-based column of a key, or -1 when the tab lacks it. */
  columnOf(key: string): number {
    return this.read.columns.get(key) ?? -1;
  }

  get(r: number, key: string): Cell {
    const c = this.read.columns.get(key);
    if (c === undefined) return "";
    const mine = this.changed[r];
    if (mine !== undefined && mine.has(c)) return mine.get(c)!;
    return this.read.rows[r]?.[c] ?? "";
  }

  text(r: number, key: string): string {
    return String(this.get(r, key) ?? "").trim();
  }

  /** Gives a cell a value; returns whether it differs from what the cell holds. Missing columns are ignored. */
  set(r: number, key: string, value: Cell): boolean {
    const c = this.read.columns.get(key);
    if (c === undefined || sameCell(this.get(r, key), value)) return false;
    let mine = this.changed[r];
    if (!mine) this.changed[r] = mine = new Map();
    mine.set(c, value);
    return true;
  }

  /** A data row's cells with the decision's values (may be shorter than the header). */
  row(r: number): readonly Cell[] {
    const base = this.read.rows[r] ?? [];
    const mine = this.changed[r];
    if (!mine) return base;
    const out = [...base];
    for (const [c, v] of mine) {
      while (out.length <= c) out.push("");
      out[c] = v;
    }
    return out;
  }

  /** Whether every one of the given columns is blank in a row (an unticked box counts as blank). */
  isBlank(r: number, keys: readonly string[]): boolean {
    return keys.every((k) => this.text(r, k) === "" || this.get(r, k) === false);
  }

  /** What the rows must hold now, by data row and column key: only cells that differ from the read. */
  changes(): Map<number, Map<string, Cell>> {
    const out = new Map<number, Map<string, Cell>>();
    this.changed.forEach((mine, r) => {
      if (!mine) return;
      const cells = new Map<string, Cell>();
      for (const [c, v] of mine) if (!sameCell(this.read.rows[r]?.[c], v)) cells.set(this.keyOf.get(c)!, v);
      if (cells.size > 0) out.set(r, cells);
    });
    return out;
  }
}
