/**
 * The Workbook port in memory: the local host's working copy (an .xlsx file is read into it and
 * written back from it) and the demo season. Values stay exactly as written: there is no
 * spreadsheet here to turn text into numbers.
 */
import { planSetup, recreateRepair, type TabRepair } from "../app/setup";
import type { SeoulDate } from "../domain/clock";
import type { Cell, KeyValueCache, SheetPort, WorkbookPort } from "../app/port";
import type { TabDef } from "../templates";

const lastUsedRow = (rows: Cell[][]): number => {
  for (let r = rows.length; r >= 1; r--) if (rows[r - 1]?.some((v) => v !== "" && v !== undefined)) return r;
  return 0;
};

/** What a spreadsheet shows for a code or id cell: numbers and text alike, as text. */
const cellText = (v: Cell | undefined): string =>
  v === undefined || v === "" ? "" : v instanceof Date ? "" : String(v);

class MemorySheet implements SheetPort {
  constructor(
    readonly name: string,
    readonly rows: Cell[][],
  ) {}

  readAll(): Cell[][] {
    const height = lastUsedRow(this.rows);
    // A loop, not Math.max(...rows): a spread over 125,000 rows overflows the call stack.
    let width = 0;
    for (let r = 0; r < height; r++) width = Math.max(width, this.rows[r]?.length ?? 0);
    return Array.from({ length: height }, (_, r) =>
      Array.from({ length: width }, (_, c) => {
        const v = this.rows[r]?.[c] ?? "";
        return v instanceof Date ? new Date(v.getTime()) : v;
      }),
    );
  }

  readRow(row: number, width = 0): Cell[] {
    const cells = [...(this.rows[row - 1] ?? [])];
    return width > 0 ? cells.slice(0, width) : cells;
  }

  readRows(first: number, count: number, width: number): Cell[][] {
    return Array.from({ length: Math.max(0, count) }, (_, i) =>
      Array.from({ length: width }, (_, c) => {
        const v = this.rows[first - 1 + i]?.[c] ?? "";
        return v instanceof Date ? new Date(v.getTime()) : v;
      }),
    ).filter((_, i) => first - 1 + i < this.rows.length);
  }

  findRows(column: number, text: string, fromRow: number, match: "cell" | "word" = "cell"): number[] {
    const found: number[] = [];
    if (text === "") return found;
    const hit = (cell: string) => (match === "cell" ? cell === text : cell.split(" ").includes(text));
    for (let r = fromRow; r <= this.rows.length; r++)
      if (hit(cellText(this.rows[r - 1]?.[column - 1]))) found.push(r);
    return found;
  }

  lastRow(): number {
    return lastUsedRow(this.rows);
  }

  /** Whether the tab is hidden from the tab bar (kept when written to a file). */
  hidden = false;

  hide(): void {
    this.hidden = true;
  }

  write(row: number, column: number, values: Cell[][]): void {
    values.forEach((line, i) => {
      const target = (this.rows[row - 1 + i] ??= []);
      line.forEach((v, j) => {
        while (target.length < column - 1 + j) target.push("");
        target[column - 1 + j] = v instanceof Date ? new Date(v.getTime()) : v;
      });
    });
    for (let i = 0; i < this.rows.length; i++) this.rows[i] ??= [];
  }

  append(rows: Cell[][]): void {
    this.write(lastUsedRow(this.rows) + 1, 1, rows);
  }
}

export class MemoryWorkbook implements WorkbookPort {
  readonly sheets = new Map<string, MemorySheet>();

  sheet(name: string): MemorySheet | null {
    return this.sheets.get(name) ?? null;
  }

  addSheet(name: string, rows: Cell[][] = []): MemorySheet {
    const sheet = new MemorySheet(name, rows);
    this.sheets.set(name, sheet);
    return sheet;
  }

  addTab(def: TabDef): MemorySheet {
    return this.repair(recreateRepair(def));
  }

  /** 탭 만들기 / 고치기 for a workbook in memory: the same plan the Apps Script menu applies. */
  setUp(today: SeoulDate): void {
    const headers = new Map<string, Cell[]>();
    for (const [name, sheet] of this.sheets) headers.set(name, sheet.rows[0] ?? []);
    for (const repair of planSetup(headers, today)) this.repair(repair);
  }

  /** One tab's repair; memory has values only, so that is headers and first rows (and hidden). */
  private repair(repair: TabRepair): MemorySheet {
    const sheet = this.sheet(repair.tab.name) ?? this.addSheet(repair.tab.name);
    if (repair.create && repair.tab.hidden) sheet.hide();
    for (const { column, index } of repair.add) sheet.write(repair.tab.headerRow, index, [[column.header]]);
    if (repair.initialRows.length > 0)
      sheet.write(repair.tab.headerRow + 1, 1, repair.initialRows as Cell[][]);
    return sheet;
  }
}

/** A cache for one process (the local server's lifetime); entries given a lifetime expire. */
export class MemoryCache implements KeyValueCache {
  private readonly values = new Map<string, { value: string; until: number }>();
  get(key: string): string | null {
    const entry = this.values.get(key);
    if (!entry) return null;
    if (entry.until <= Date.now()) {
      this.values.delete(key);
      return null;
    }
    return entry.value;
  }
  put(key: string, value: string, ttlSeconds?: number): void {
    this.values.set(key, {
      value,
      until: ttlSeconds === undefined ? Infinity : Date.now() + ttlSeconds * 1000,
    });
  }
  putAll(entries: Record<string, string>, ttlSeconds?: number): void {
    for (const [key, value] of Object.entries(entries)) this.put(key, value, ttlSeconds);
  }
  remove(key: string): void {
    this.values.delete(key);
  }
}
