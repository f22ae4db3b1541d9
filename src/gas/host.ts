/**
 * The Workbook port over SpreadsheetApp, and the rest of the Host over Apps Script services.
 * Thin on purpose: every method is one or two round trips whatever the number of rows.
 */
import { columnLetters } from "../app/a1";
import type { Cell, Host, KeyValueCache, RowFinder, SheetPort, WorkbookPort } from "../app/port";
import { bytesFromUuids } from "../domain/codes";
import { recreateRepair } from "../app/setup";
import { asPlainText } from "../domain/validation";
import { tab, type TabDef } from "../templates";
import { applyRepair, itemNamesIn } from "./tabSetup";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const SPARE_ROWS = 1000;

/**
 * Text stays text in Sheets: never a formula, never converted to a number or date. A plain-text
 * (@) cell needs no apostrophe (and may show one), so text bound for @ columns goes as it is.
 */

/** A leading apostrophe read back is Sheets' "this is text" mark, not Tony's: one is dropped. */
const unmarked = (v: Cell): Cell => (typeof v === "string" && v.startsWith("'") ? v.slice(1) : v);

/** A text a cell would take for a formula: an apostrophe keeps it text whatever the format. */
const formulaSafe = (v: Cell): Cell => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * Where an append remembers which columns of a tab are plain text (@), between executions: by
 * tab, with the header row it was learnt under (a column moved, added or removed changes it).
 */
const TEXT_COLUMNS_KEY = "peach:text-columns:v1:";

class GasSheet implements SheetPort {
  /** Per column (1-based): is it plain text (@)? Learnt once per execution, only when needed. */
  private readonly textFormat = new Map<number, boolean>();
  /** Columns whose format came from the cache, not from Sheets in this execution. */
  private readonly remembered = new Set<number>();
  /** The header row this execution read (readRow), which names the formats an append remembers. */
  private header: string | null = null;

  constructor(private readonly sheet: Sheet) {}

  /**
   * The 0-based offsets, within a write at `column`, of plain-text columns; asks Sheets once, of
   * the write's last row (a block may start with a title or header row above the formatted body).
   * An append below a header read in this execution may take them from the cache instead.
   */
  private textColumnsOf(row: number, column: number, values: Cell[][], append = false): Set<number> {
    const width = values[0]!.length;
    const needs = values.some((r) => r.some((v) => typeof v === "string" && asPlainText(v) !== v));
    if (!needs) return new Set();
    const columns = Array.from({ length: width }, (_, i) => column + i);
    if (append && this.header && columns.some((c) => !this.textFormat.has(c))) this.recall(columns);
    if (columns.some((c) => !this.textFormat.has(c))) {
      const last = row + values.length - 1;
      const formats = this.sheet.getRange(last, column, 1, width).getNumberFormats()[0] ?? [];
      formats.forEach((f, i) => {
        this.textFormat.set(column + i, f === "@");
        this.remembered.delete(column + i);
      });
      if (append && this.header) this.remember(columns);
    }
    const text = new Set<number>();
    for (let i = 0; i < width; i++) if (this.textFormat.get(column + i)) text.add(i);
    return text;
  }

  /** Formats an earlier append learnt under the same header, if the cache still has them. */
  private recall(columns: number[]): void {
    try {
      const kept = JSON.parse(scriptCache().get(TEXT_COLUMNS_KEY + this.sheet.getSheetId()) ?? "null") as {
        h: string;
        w: number;
        t: number[];
      } | null;
      if (!kept || kept.h !== this.header || columns.some((c) => c > kept.w)) return;
      for (const c of columns) {
        this.textFormat.set(c, kept.t.includes(c));
        this.remembered.add(c);
      }
    } catch {
      // Unreadable: Sheets is asked.
    }
  }

  private remember(columns: number[]): void {
    const w = Math.max(...columns);
    const t = Array.from({ length: w }, (_, i) => i + 1).filter((c) => this.textFormat.get(c));
    if (Array.from({ length: w }, (_, i) => i + 1).some((c) => !this.textFormat.has(c))) return;
    scriptCache().put(TEXT_COLUMNS_KEY + this.sheet.getSheetId(), JSON.stringify({ h: this.header, w, t }));
  }

  /**
   * Strings as text: neutralised, but as they are in plain-text columns. A column known only from
   * the cache may have been set to another format since, so a formula-like text gets its
   * apostrophe there anyway (it may show; a formula never runs); a number-like text does not.
   */
  private plain(values: Cell[][], column: number, text: ReadonlySet<number>): Cell[][] {
    return values.map((row) =>
      row.map((v, i) =>
        typeof v !== "string"
          ? v
          : !text.has(i)
            ? asPlainText(v)
            : this.remembered.has(column + i)
              ? formulaSafe(v)
              : v,
      ),
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
    const cells = this.readRowCells(row, width);
    this.header = JSON.stringify([row, cells.map((c) => String(c))]);
    return cells;
  }

  private readRowCells(row: number, width: number): Cell[] {
    // A known width is one round trip; getRange throws when the tab is narrower (or shorter).
    try {
      if (width > 0) return (this.sheet.getRange(row, 1, 1, width).getValues()[0] ?? []) as Cell[];
    } catch {
      // fall through to the used width
    }
    const used = this.sheet.getLastColumn();
    try {
      return used === 0 ? [] : ((this.sheet.getRange(row, 1, 1, used).getValues()[0] ?? []) as Cell[]);
    } catch {
      return [];
    }
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
    const letters = columnLetters(column);
    // Exact text, metacharacters escaped: "382-915|417-003" as one regular expression (RE2).
    const pattern = `^(?:${texts.map((t) => t.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")).join("|")})$`;
    const rows = this.sheet
      .getRange(`${letters}${fromRow}:${letters}`)
      .createTextFinder(pattern)
      .matchCase(true)
      .matchEntireCell(true)
      .useRegularExpression(true)
      .findAll()
      .map((r) => r.getRow());
    return [...new Set(rows)].sort((a, b) => a - b);
  }

  lastRow(): number {
    return this.sheet.getLastRow();
  }

  hide(): void {
    this.sheet.hideSheet();
  }

  write(row: number, column: number, values: Cell[][]): void {
    if (values.length === 0) return;
    const range = this.range(row, column, values.length, values[0]!.length);
    range.setValues(this.plain(values, column, this.textColumnsOf(row, column, values)));
  }

  append(rows: Cell[][]): void {
    if (rows.length === 0) return;
    const first = this.sheet.getLastRow() + 1;
    const range = this.range(first, 1, rows.length, rows[0]!.length);
    range.setValues(this.plain(rows, 1, this.textColumnsOf(first, 1, rows, true)));
  }
}

/**
 * The rows of `range` (one column) whose cell is `text` (exact case; the whole cell, or for a
 * word, within the cell), with regular expressions off: one TextFinder call.
 */
function findIn(
  range: () => GoogleAppsScript.Spreadsheet.Range,
  text: string,
  match: "cell" | "word",
): number[] {
  // A word is searched for within the cell: it must hold no space, or it could span two words.
  if (text === "" || (match === "word" && /\s/.test(text))) return [];
  return range()
    .createTextFinder(text)
    .matchCase(true)
    .matchEntireCell(match === "cell")
    .useRegularExpression(false)
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
  private sheets: Map<string, Sheet> | null = null;

  /** The spreadsheet is opened on first use: a warm status lookup never opens it. */
  constructor(private readonly open: () => Spreadsheet) {}

  /** One port per tab for the execution: what it learnt of the tab's text columns is kept. */
  private readonly ports = new Map<string, GasSheet>();

  sheet(name: string): SheetPort | null {
    // One round trip for all tabs, then handles are free.
    this.sheets ??= new Map(
      this.open()
        .getSheets()
        .map((s) => [s.getName(), s]),
    );
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
    this.sheets?.set(def.name, sheet);
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
 * Cache writes made while this execution holds the script lock, by expiry: they go out as one
 * putAll per expiry when the lock is released (CacheService charges a putAll like one put, and a
 * pass puts 설정, the season's sums, 오늘 출하's index and the warm views one after another). They
 * leave before the lock does, so the next execution reads them; a remove goes at once, since
 * forgetting must not wait (a run that dies must leave no stale entry behind).
 */
let pending: Map<number, Record<string, string>> | null = null;

/** CacheService's largest value (Cache reference: 100 KB). */
const MAX_VALUE_BYTES = 100 * 1024;

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a surrogate pair counts 3 + 3 ≥ its 4 bytes
  }
  return bytes;
}

function putAllNow(cache: GoogleAppsScript.Cache.Cache, entries: Record<string, string>, ttl: number): void {
  try {
    cache.putAll(entries, ttl);
  } catch {
    // One pair too large fails the whole call: store the rest one by one (better none than stale).
    for (const [key, value] of Object.entries(entries)) {
      try {
        cache.put(key, value, ttl);
      } catch {
        cache.remove(key);
      }
    }
  }
}

const scriptCache = (): KeyValueCache => {
  const cache = CacheService.getScriptCache();
  const unsent = (key: string) => {
    for (const entries of pending?.values() ?? []) if (key in entries) return entries[key]!;
    return null;
  };
  const drop = (key: string) => {
    for (const entries of pending?.values() ?? []) delete entries[key];
  };
  const putAll = (entries: Record<string, string>, ttl = LONGEST_SECONDS) => {
    const fitting: Record<string, string> = {};
    for (const [key, value] of Object.entries(entries)) {
      drop(key);
      // Past CacheService's 100 KB a value fails its whole call: better no entry than a stale one.
      if (utf8Bytes(value) > MAX_VALUE_BYTES) cache.remove(key);
      else fitting[key] = value;
    }
    if (Object.keys(fitting).length === 0) return;
    if (!pending) return putAllNow(cache, fitting, ttl);
    pending.set(ttl, { ...pending.get(ttl), ...fitting });
  };
  return {
    get: (key) => unsent(key) ?? cache.get(key),
    put: (key, value, ttl = LONGEST_SECONDS) => putAll({ [key]: value }, ttl),
    putAll,
    remove: (key) => {
      drop(key);
      cache.remove(key);
    },
  };
};

/** The held cache writes, sent (one putAll per expiry); called before the lock is released. */
function sendCacheWrites(): void {
  const held = pending;
  pending = null;
  if (!held) return;
  const cache = CacheService.getScriptCache();
  for (const [ttl, entries] of held) if (Object.keys(entries).length > 0) putAllNow(cache, entries, ttl);
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
  const hold = (ok: boolean) => {
    if (ok) pending ??= new Map();
    return ok;
  };
  return {
    tryLock: (ms: number) => hold(taken.tryLock(ms)),
    waitLock: (ms: number) => {
      taken.waitLock(ms);
      hold(true);
    },
    hasLock: () => taken.hasLock(),
    releaseLock: () => taken.releaseLock(),
  };
}

/** Google's Lock reference: flush pending spreadsheet writes before releasing the lock. */
export function release(lock: GoogleAppsScript.Lock.Lock): void {
  try {
    sendCacheWrites();
  } catch {
    // The cache is unavailable: as before, an entry that cannot be written is not trusted.
  }
  try {
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
}
