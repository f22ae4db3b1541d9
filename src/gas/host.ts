/**
 * The Workbook port over SpreadsheetApp, and the rest of the Host over Apps Script services.
 * Thin on purpose: every method is one or two round trips whatever the number of rows.
 */
import type { Cell, Host, KeyValueCache, SheetPort, WorkbookPort } from "../app/port";
import { bytesFromUuids } from "../domain/codes";
import { asPlainText } from "../domain/validation";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const SPARE_ROWS = 1000;

/** Text stays text in Sheets: never a formula, never converted to a number or date. */
const plain = (rows: Cell[][]): Cell[][] =>
  rows.map((row) => row.map((v) => (typeof v === "string" ? asPlainText(v) : v)));

class GasSheet implements SheetPort {
  constructor(private readonly sheet: Sheet) {}

  get name(): string {
    return this.sheet.getName();
  }

  readAll(): Cell[][] {
    const values = this.sheet.getDataRange().getValues() as Cell[][];
    // An empty sheet reads as [[""]]: no rows at all.
    return values.length === 1 && values[0]!.every((v) => v === "") ? [] : values;
  }

  /**
   * A range, growing the sheet first when it is too short (getRange throws then). It grows by a
   * thousand spare rows at a time, so appends to 이력 rarely pay for it.
   */
  private range(
    row: number,
    column: number,
    rows: number,
    columns: number,
  ): GoogleAppsScript.Spreadsheet.Range {
    try {
      return this.sheet.getRange(row, column, rows, columns);
    } catch {
      const max = this.sheet.getMaxRows();
      if (row + rows - 1 > max) this.sheet.insertRowsAfter(max, row + rows - 1 - max + SPARE_ROWS);
      return this.sheet.getRange(row, column, rows, columns);
    }
  }

  write(row: number, column: number, values: Cell[][]): void {
    if (values.length === 0) return;
    this.range(row, column, values.length, values[0]!.length).setValues(plain(values));
  }

  append(rows: Cell[][]): void {
    if (rows.length === 0) return;
    if (rows.length === 1) {
      this.sheet.appendRow(plain(rows)[0]!);
      return;
    }
    this.range(this.sheet.getLastRow() + 1, 1, rows.length, rows[0]!.length).setValues(plain(rows));
  }
}

class GasWorkbook implements WorkbookPort {
  private sheets: Map<string, Sheet> | null = null;

  /** The spreadsheet is opened on first use: a warm status lookup never opens it. */
  constructor(private readonly open: () => Spreadsheet) {}

  sheet(name: string): SheetPort | null {
    // One round trip for all tabs, then handles are free.
    this.sheets ??= new Map(
      this.open()
        .getSheets()
        .map((s) => [s.getName(), s]),
    );
    const sheet = this.sheets.get(name);
    return sheet ? new GasSheet(sheet) : null;
  }
}

const scriptCache = (): KeyValueCache => {
  const cache = CacheService.getScriptCache();
  return {
    get: (key) => cache.get(key),
    put: (key, value) => {
      try {
        cache.put(key, value, 21600); // the longest CacheService keeps anything
      } catch {
        // Too large or the cache is unavailable: better no entry than a stale one.
        cache.remove(key);
      }
    },
    remove: (key) => cache.remove(key),
  };
};

export function gasHost(open: () => Spreadsheet): Host {
  return {
    workbook: new GasWorkbook(open),
    cache: scriptCache(),
    now: () => new Date(),
    random: bytesFromUuids(() => Utilities.getUuid()),
  };
}

/**
 * The lock every mutation takes: the script lock exists in every context (the document lock is
 * null in a web app), and one sheet per script project makes it the same thing. Null is still
 * handled: then nothing runs, and the next reconcile catches up.
 */
export function scriptLock(): GoogleAppsScript.Lock.Lock | null {
  try {
    return LockService.getScriptLock() ?? null;
  } catch {
    return null;
  }
}

/** Google's Lock reference: flush pending spreadsheet writes before releasing the lock. */
export function release(lock: GoogleAppsScript.Lock.Lock): void {
  try {
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
}
