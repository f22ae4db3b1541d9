/**
 * The Workbook port over SpreadsheetApp, and the rest of the Host over Apps Script services.
 * Thin on purpose: every method is one or two round trips whatever the number of rows.
 */
import { columnLetters } from "../app/a1";
import type { Cell, Host, KeyValueCache, RowFinder, SheetPort, WorkbookPort } from "../app/port";
import { bytesFromUuids } from "../domain/codes";
import { recreateRepair } from "../app/setup";
import { fitsCache } from "../domain/limits";
import { asPlainText } from "../domain/validation";
import { tab, type TabDef } from "../templates";
import { applyRepair, itemNamesIn } from "./tabSetup";
import { hasWrittenSheet, sheetWritten, writtenReleased } from "./written";
import { messageOf } from "./errors";
import { recordIncident } from "../app/journal";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const SPARE_ROWS = 1000;

/** A leading apostrophe read back is Sheets' "this is text" mark, not Tony's: one is dropped. */
const unmarked = (v: Cell): Cell => (typeof v === "string" && v.startsWith("'") ? v.slice(1) : v);

class GasSheet implements SheetPort {
  /**
   * Per column (1-based): is it plain text (@)? Learnt once per execution, only when needed;
   * `true` from Sheets, "cache" when an append took it from the cache (see textColumnsOf).
   */
  private readonly textFormat = new Map<number, boolean | "cache">();
  /** The header row this execution read (readRow): what an append's formats are kept under. */
  private header = "";

  constructor(private readonly sheet: Sheet) {}

  /**
   * The 0-based offsets, within a write at `column`, of plain-text columns; asks Sheets once, of
   * the write's last row (a block may start with a title or header row above the formatted body).
   * An append below a header read in this execution keeps them in the cache under that header
   * (a column moved, added or removed changes it) and takes them from there the next time.
   * Null, without asking, when no row is given and they are not known.
   */
  private textColumnsOf(
    row: number | null,
    column: number,
    values: Cell[][],
    append = false,
  ): Map<number, unknown> | null {
    const width = values[0]!.length;
    const text = new Map<number, unknown>();
    if (!values.some((r) => r.some((v) => typeof v === "string" && asPlainText(v) !== v))) return text;
    const key = append && this.header ? `peach:text-columns:v1:${this.sheet.getSheetId()}` : "";
    const known = () => values[0]!.every((_, i) => this.textFormat.has(column + i));
    if (key && !known()) {
      try {
        const [header, columns] = JSON.parse(scriptCache().get(key) ?? "[]") as [string, number[]];
        if (header === this.header && columns.length >= column + width - 1)
          columns.forEach(
            (f, i) => this.textFormat.has(i + 1) || this.textFormat.set(i + 1, f === 1 && "cache"),
          );
      } catch {
        // Unreadable: Sheets is asked.
      }
    }
    if (!known()) {
      if (row === null) return null;
      const formats =
        this.sheet.getRange(row + values.length - 1, column, 1, width).getNumberFormats()[0] ?? [];
      formats.forEach((f, i) => this.textFormat.set(column + i, f === "@"));
      if (key && column === 1)
        scriptCache().put(key, JSON.stringify([this.header, formats.map((f) => +(f === "@"))]));
    }
    for (let i = 0; i < width; i++)
      if (this.textFormat.get(column + i)) text.set(i, this.textFormat.get(column + i));
    return text;
  }

  /**
   * Strings as text, never a formula, never a number or date: neutralised (asPlainText), but as
   * they are in plain-text columns, which may show an apostrophe. A column known only from the
   * cache may have become another format since, so a formula-like text gets one there anyway.
   */
  private plain(values: Cell[][], row: number | null, column: number, append = false): Cell[][] | null {
    const text = this.textColumnsOf(row, column, values, append);
    return (
      text &&
      values.map((cells) =>
        cells.map((v, i) =>
          typeof v !== "string" || text.get(i) === true
            ? v
            : text.has(i)
              ? /^[=+\-@\t\r]/.test(v)
                ? `'${v}`
                : v
              : asPlainText(v),
        ),
      )
    );
  }

  get name(): string {
    return this.sheet.getName();
  }

  readAll(): Cell[][] {
    let all: Cell[][];
    try {
      // One call: -1 reads to the last row and column with data (Sheet reference, getSheetValues).
      all = this.sheet.getSheetValues(1, 1, -1, -1) as Cell[][];
    } catch {
      all = this.sheet.getDataRange().getValues() as Cell[][]; // an empty tab has no such block
    }
    const values = all.map((r) => r.map(unmarked));
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

  readRow(row: number, width = 0): Cell[] {
    // A known width is one round trip; getRange throws when the tab is narrower (or shorter).
    let cells: Cell[] = [];
    try {
      cells = width > 0 ? ((this.sheet.getRange(row, 1, 1, width).getValues()[0] ?? []) as Cell[]) : [];
    } catch {
      // the used width below
    }
    if (cells.length === 0) {
      const used = this.sheet.getLastColumn();
      try {
        cells = used === 0 ? [] : ((this.sheet.getRange(row, 1, 1, used).getValues()[0] ?? []) as Cell[]);
      } catch {
        cells = [];
      }
    }
    this.header = JSON.stringify([row, cells.map(String)]);
    return cells;
  }

  readRows(first: number, count: number, width: number): Cell[][] {
    if (count <= 0 || width <= 0) return [];
    try {
      return (this.sheet.getRange(first, 1, count, width).getValues() as Cell[][]).map((r) =>
        r.map(unmarked),
      );
    } catch {
      return []; // past the tab's end: nothing there
    }
  }

  findRows(column: number, text: string, fromRow: number, match: "cell" | "word" = "cell"): number[] {
    const letters = columnLetters(column);
    return findIn(() => this.sheet.getRange(`${letters}${fromRow}:${letters}`), text, match);
  }

  findAny(column: number, texts: readonly string[], fromRow: number): number[] {
    // Exact texts, metacharacters escaped: "382-915|417-003" as one regular expression (RE2).
    const pattern = `^(?:${texts.map((t) => t.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")).join("|")})$`;
    return findIn(
      () => this.sheet.getRange(`${columnLetters(column)}${fromRow}:${columnLetters(column)}`),
      pattern,
      "cell",
      true,
    );
  }

  lastRow(): number {
    return this.sheet.getLastRow();
  }

  hide(): void {
    this.sheet.hideSheet();
  }

  write(row: number, column: number, values: Cell[][]): void {
    if (values.length === 0) return;
    sheetWritten();
    const range = this.range(row, column, values.length, values[0]!.length);
    range.setValues(this.plain(values, row, column)!);
  }

  append(rows: Cell[][]): void {
    if (rows.length === 0) return;
    sheetWritten();
    // One row whose text needs no format asked (none could convert, or the cache knows them):
    // appendRow finds the end itself, one call instead of two. It honours a plain-text column as
    // setValues does: an assumption the reference leaves open, checked live by 진단 D14.
    const one = rows.length === 1 ? this.plain(rows, null, 1, true) : null;
    if (one) return void this.sheet.appendRow(one[0]!);
    const first = this.sheet.getLastRow() + 1;
    const range = this.range(first, 1, rows.length, rows[0]!.length);
    range.setValues(this.plain(rows, first, 1, true)!);
  }
}

/**
 * The rows of `range` (one column) whose cell is `text` (exact case; the whole cell, or for a
 * word, within the cell), with regular expressions off (on for findAny's pattern): one TextFinder call.
 */
function findIn(
  range: () => GoogleAppsScript.Spreadsheet.Range,
  text: string,
  match: "cell" | "word",
  regex = false,
): number[] {
  // A word is searched for within the cell: it must hold no space, or it could span two words.
  if (text === "" || (match === "word" && /\s/.test(text))) return [];
  return range()
    .createTextFinder(text)
    .matchCase(true)
    .matchEntireCell(match === "cell")
    .useRegularExpression(regex)
    .findAll()
    .map((r) => r.getRow());
}

/**
 * A tab reached through `Spreadsheet.getRange("'name'!A1")`: no call lists the tabs, so a
 * customer lookup makes only its TextFinder and its read (a missing tab throws "Range not found").
 */
class GasTabHandle implements RowFinder {
  private readonly quoted: string;

  constructor(
    private readonly open: () => Spreadsheet,
    name: string,
  ) {
    this.quoted = `'${name.replace(/'/g, "''")}'`;
  }

  findRows(column: number, text: string, fromRow: number, match: "cell" | "word" = "cell"): number[] {
    const letters = columnLetters(column);
    return findIn(() => this.open().getRange(`${this.quoted}!${letters}${fromRow}:${letters}`), text, match);
  }

  readRows(first: number, count: number, width: number): Cell[][] {
    if (count <= 0 || width <= 0) return [];
    const a1 = `${this.quoted}!A${first}:${columnLetters(width)}${first + count - 1}`;
    return (this.open().getRange(a1).getValues() as Cell[][]).map((r) => r.map(unmarked));
  }
}

class GasWorkbook implements WorkbookPort {
  /** Tabs found (or found missing) in this execution, by name. */
  private readonly sheets = new Map<string, Sheet | null>();

  /** The spreadsheet is opened on first use: a warm status lookup never opens it. */
  constructor(private readonly open: () => Spreadsheet) {}

  /** One port per tab for the execution: what it learnt of the tab's text columns is kept. */
  private readonly ports = new Map<string, GasSheet>();

  sheet(name: string): SheetPort | null {
    // A tab by its name in A1 notation: two handles (the range, its sheet) and no round trip,
    // where listing the tabs was one call and a getName per tab (issue 22: handles are charged).
    // A tab that does not exist fails with "Range not found".
    if (!this.sheets.has(name)) {
      let found: Sheet | null;
      try {
        found = this.open()
          .getRange(`'${name.replace(/'/g, "''")}'!A1`)
          .getSheet();
      } catch {
        found = null;
      }
      this.sheets.set(name, found);
    }
    const sheet = this.sheets.get(name);
    if (!sheet) return null;
    const port = this.ports.get(name) ?? new GasSheet(sheet);
    this.ports.set(name, port);
    return port;
  }

  addTab(def: TabDef): SheetPort {
    const ss = this.open();
    // The dropdown of 품목 lists 설정's items, as the menu's setup gives it.
    const items = itemNamesIn(ss.getSheetByName(tab("settings").name) ?? undefined);
    const sheet = applyRepair(ss, undefined, recreateRepair(def), items)!;
    this.sheets.set(def.name, sheet);
    const port = new GasSheet(sheet);
    this.ports.set(def.name, port);
    return port;
  }

  tabHandle(name: string): RowFinder {
    return new GasTabHandle(() => (this.opened ??= this.open()), name);
  }

  /** The spreadsheet, opened once for the handles of this execution. */
  private opened: Spreadsheet | null = null;
}

/** The longest CacheService keeps anything (Cache reference: 21,600 seconds). */
const LONGEST_SECONDS = 21600;

/**
 * Cache writes made while this execution holds the script lock (key → value and expiry): they go
 * out as one putAll per expiry when the lock is released (CacheService charges a putAll like one
 * put, and a pass puts 설정, the season's sums, 오늘 출하's index and the warm views one after
 * another). They leave before the lock does, so the next execution reads them; a remove goes at
 * once, since forgetting must not wait (a run that dies must leave no stale entry behind).
 */
let pending: Map<string, [value: string, ttl: number]> | null = null;

function putAllNow(cache: GoogleAppsScript.Cache.Cache, entries: Record<string, string>, ttl: number): void {
  try {
    cache.putAll(entries, ttl);
  } catch {
    for (const key of Object.keys(entries)) cache.remove(key); // better no entry than a stale one
  }
}

const scriptCache = (): KeyValueCache => {
  const cache = CacheService.getScriptCache();
  const putAll = (entries: Record<string, string>, ttl = LONGEST_SECONDS) => {
    const now: Record<string, string> = {};
    for (const [key, value] of Object.entries(entries)) {
      pending?.delete(key);
      // A value past 100 KB would fail its whole call: better no entry than a stale one.
      if (!fitsCache(value)) cache.remove(key);
      else if (pending) pending.set(key, [value, ttl]);
      else now[key] = value;
    }
    if (Object.keys(now).length > 0) putAllNow(cache, now, ttl);
  };
  return {
    get: (key) => pending?.get(key)?.[0] ?? cache.get(key),
    put: (key, value, ttl = LONGEST_SECONDS) => putAll({ [key]: value }, ttl),
    putAll,
    remove: (key) => {
      pending?.delete(key);
      cache.remove(key);
    },
  };
};

/** The held cache writes, sent (one putAll per expiry); called before the lock is released. */
function sendCacheWrites(): void {
  const byExpiry = new Map<number, Record<string, string>>();
  for (const [key, [value, ttl]] of pending ?? []) byExpiry.set(ttl, { ...byExpiry.get(ttl), [key]: value });
  pending = null;
  const cache = CacheService.getScriptCache();
  for (const [ttl, entries] of byExpiry) putAllNow(cache, entries, ttl);
}

export function gasHost(open: () => Spreadsheet): Host {
  return {
    workbook: new GasWorkbook(open),
    cache: scriptCache(),
    now: () => new Date(),
    random: bytesFromUuids(() => Utilities.getUuid()),
  };
}

/**
 * Host.later for the passes of Tony's edits (editNotes.ts) and the reconcile's (main.ts): kept
 * while the lock is held (run by the carrying when no note waits, or by the release), run at once
 * without it. A menu's own code may refresh the same views after its pass (the bank import logs
 * its deposits after the pass's payments), in an order the deferral would change: it runs them
 * at once.
 */
export function laterWhileHeld(task: () => void): void {
  if (pending) later.push(task);
  else task();
}

/**
 * Work left until the release (Host.later: the status views of the passes run under this hold),
 * in the order it was left: a later pass's views of the same order overwrite an earlier one's.
 */
const later: (() => void)[] = [];

/**
 * Runs what was left for the release (the first `tasks` of it). Every task is tried; when one
 * fails, the next reconcile is a full pass (which rebuilds every view) and the error goes to the
 * log.
 */
export function runLater(tasks = Number.POSITIVE_INFINITY): void {
  for (let run = 0; run < tasks && later.length > 0; run++) {
    try {
      later.shift()!();
    } catch (error) {
      console.error("release: a status view", error);
      markFailure();
      try {
        const host = gasHost(() => SpreadsheetApp.getActiveSpreadsheet());
        const problem = {
          tab: "스크립트",
          field: tab("views").name, // the status views, whichever execution carried them
          message: `실행 중 오류: ${messageOf(error)}`,
          raw: "",
        };
        recordIncident(host.workbook, problem, host.now());
      } catch {
        // The spreadsheet itself is unreachable: the failure mark is enough.
      }
    }
  }
}

export const hasLater = (): boolean => later.length > 0;

/** The script's property store (one name for a call every execution makes several times). */
export const scriptProperties = (): GoogleAppsScript.Properties.Properties =>
  PropertiesService.getScriptProperties();

/** Set when an execution failed or found the lock busy: the next reconcile is a full pass. */
export const RECONCILE_FAILURE = "RECONCILE_FAILURE";

/** What failed may have bypassed every trigger: the next reconcile reads everything again. */
export function markFailure(): void {
  try {
    scriptProperties().setProperty(RECONCILE_FAILURE, Utilities.getUuid());
  } catch {
    // The periodic full pass catches it anyway.
  }
}

/**
 * The lock every mutation takes: the script lock exists in every context (the document lock is
 * null in a web app), and one sheet per script project makes it the same thing. Null is still
 * handled: then nothing runs, and the next reconcile catches up.
 */
export function scriptLock(): GoogleAppsScript.Lock.Lock | null {
  let lock: GoogleAppsScript.Lock.Lock | null;
  try {
    lock = LockService.getScriptLock() ?? null;
  } catch {
    return null;
  }
  if (!lock) return null;
  const taken = lock;
  // While it is held, cache writes wait for its release (sendCacheWrites).
  const hold = (ok: boolean) => ok && !!(pending ??= new Map());
  return {
    tryLock: (ms: number) => hold(taken.tryLock(ms)),
    waitLock: (ms: number) => void hold((taken.waitLock(ms), true)),
    hasLock: () => taken.hasLock(),
    releaseLock: () => taken.releaseLock(),
  };
}

/**
 * The sheet's version (issue 22): a new random value each time an execution that wrote to the
 * spreadsheet lets the lock go, put after its writes are flushed. The reconcile reads 주문 before
 * it takes the lock (main.ts readAhead) and trusts that read only when the version is the same
 * once it holds the lock; a version missing (expired, evicted, the cache failing) is never the
 * same, so the worst a lost entry does is a read under the lock, as before. People's own typing
 * changes no version: it reaches the script through its edit trigger, which takes the lock (or
 * leaves a note for its holder), as it did while a reconcile held the lock for its read.
 */
const SHEET_VERSION = "peach:sheet-version";

/** The sheet's version now, or a new one put when none is known; null when the cache fails. */
export function sheetVersion(orNew = false): string | null {
  try {
    const cache = CacheService.getScriptCache();
    const known = cache.get(SHEET_VERSION);
    if (known || !orNew) return known;
    const version = Utilities.getUuid();
    cache.put(SHEET_VERSION, version, LONGEST_SECONDS);
    return version;
  } catch {
    return null;
  }
}

/** Set by the reconcile when 주문 is large enough to read before the lock (main.ts readAhead). */
const READS_AHEAD = "peach:reads-ahead";
let readingAhead: boolean | null = null;

/** Whether the last reconcile found 주문 large enough to read it before the lock. */
export function readsAhead(): boolean {
  try {
    readingAhead = CacheService.getScriptCache().get(READS_AHEAD) === "1";
  } catch {
    readingAhead = false;
  }
  return readingAhead;
}

/** Remembers for the next reconcile whether to read ahead (sent with the release's cache writes). */
export function readAheadNextTime(large: boolean): void {
  if (large === readingAhead) return;
  try {
    if (large) pending?.set(READS_AHEAD, ["1", LONGEST_SECONDS]);
    else CacheService.getScriptCache().remove(READS_AHEAD);
  } catch {
    // Not remembered: the next reconcile reads under the lock, as a small sheet's does.
  }
}

/** Google's Lock reference: flush pending spreadsheet writes before releasing the lock. */
export function release(lock: GoogleAppsScript.Lock.Lock): void {
  try {
    runLater(); // writes too: before the flush
    SpreadsheetApp.flush();
  } finally {
    try {
      // After the flush, so a version read after this one is never paired with older cells.
      if (hasWrittenSheet()) pending?.set(SHEET_VERSION, [Utilities.getUuid(), LONGEST_SECONDS]);
      sendCacheWrites();
    } catch {
      // The cache is unavailable: as before, an entry that cannot be written is not trusted.
    }
    writtenReleased();
    lock.releaseLock();
  }
}
