/**
 * An emulation of the SpreadsheetApp subset the project uses, faithful to Google's documented
 * behaviour (see docs/emulator.md for each behaviour and its source). It counts round trips:
 * every call that reads or writes the document or asks for its extent. Handles (getRange,
 * getName, getRow…) are local and free, as in Apps Script, where a Range is only a reference.
 */
import { spreadsheetCallMs, type CostModel } from "./costModel";

export type Cell = string | number | boolean | Date;

export interface Counter {
  roundTrips: number;
  calls: Map<string, number>;
  /** Called after each round trip (lets a test interleave another execution). */
  onRoundTrip?: () => void;
  /** A fault to inject: the next call of this method throws (a test of error handling). */
  failNext?: { method: string; message: string };
  /** Turns a stored value into one of the running script's realm (its Date). */
  toScript?: (value: Cell) => Cell;
  /**
   * Writes of the running execution not yet flushed. Apps Script batches writes and applies them
   * at a read, at SpreadsheetApp.flush() or when the execution ends; a lock released before
   * that lets the next execution read the old cells (Google's Lock reference says to flush).
   */
  pendingWrites?: number;
  /** Cells carried by reads and writes since the emulator started (the payload Google bills). */
  cellsRead?: number;
  cellsWritten?: number;
  /** Charges the running execution modelled milliseconds (set by the emulator per execution). */
  /** Charges a call; false when the call is replayed and was charged before (not counted again). */
  charge?: (ms: number, cellsRead: number, cellsWritten: number) => boolean;
  /**
   * CPU milliseconds the emulator spent doing what Google does on its side (a TextFinder's
   * search): charged by the cost model's figure for it, so not the script's JavaScript time.
   */
  googleSideMs?: number;
  /** The cost figures in force (the floor or the worst published; costModel.ts). */
  costs?: CostModel;
  /**
   * A handle call of the running script (getRange, the event's range coordinates, getName):
   * no round trip, but charged a small figure (issue 22; docs/emulator.md). Unset outside a run.
   */
  handle?: (method: string) => void;
}

/** Work Google does on its side, done here by the emulator: its CPU is not the script's. */
function onGoogleSide<T>(counter: Counter, work: () => T): T {
  const started = process.cpuUsage();
  try {
    return work();
  } finally {
    const used = process.cpuUsage(started);
    counter.googleSideMs = (counter.googleSideMs ?? 0) + (used.user + used.system) / 1000;
  }
}

/** One round trip: counted, and failed first when a test asked for a fault here. */
export function countTrip(
  counter: Counter,
  method: string,
  cellsRead = 0,
  cellsWritten = 0,
  cellsScanned = 0,
): void {
  if (counter.failNext?.method === method) {
    const { message } = counter.failNext;
    counter.failNext = undefined;
    throw new Error(message);
  }
  const charged =
    counter.charge?.(
      spreadsheetCallMs(method, cellsRead, cellsWritten, cellsScanned, counter.costs),
      cellsRead,
      cellsWritten,
    ) ?? true;
  if (charged) {
    counter.roundTrips++;
    counter.calls.set(method, (counter.calls.get(method) ?? 0) + 1);
    if (process.env.PEACH_TRACE_CALLS)
      console.error(`  call ${method} read ${cellsRead} wrote ${cellsWritten}`);
    counter.cellsRead = (counter.cellsRead ?? 0) + cellsRead;
    counter.cellsWritten = (counter.cellsWritten ?? 0) + cellsWritten;
  }
  // A read makes Apps Script apply the batched writes first; anything else is a write.
  // TextFinder.findAll reads too (it returns the cells matching now).
  if (method.startsWith("get") || method === "openById" || method === "flush" || method === "findAll")
    counter.pendingWrites = 0;
  else counter.pendingWrites = (counter.pendingWrites ?? 0) + 1;
  counter.onRoundTrip?.();
}

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === "[object Date]";

/** Milliseconds a zone is ahead of UTC at an instant (Node's ICU knows every IANA zone). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * What Sheets makes of a value written with setValues or typed by a user. A typed date is
 * midnight in the spreadsheet's own time zone (File → Settings), not the script's.
 */
export function convertInput(
  value: unknown,
  textFormat: boolean,
  timeZone = "Asia/Seoul",
): { value: Cell; formula?: string } {
  if (value === null || value === undefined) return { value: "" };
  if (isDate(value)) return { value: new Date(value.getTime()) };
  if (typeof value === "number" || typeof value === "boolean") return { value };
  const text = String(value);
  // Plain-text (@) cells keep what was written, a leading apostrophe included: Google does not
  // document hiding it there, so the emulator takes the worst case (진단 checks it live).
  if (textFormat) return { value: text };
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith("=")) return { value: "#ERROR!", formula: text };
  if (/^[+-]?\d+(\.\d+)?$/.test(text.trim())) return { value: Number(text) };
  if (/^(true|false)$/i.test(text.trim())) return { value: text.trim().toLowerCase() === "true" };
  const date = /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?$/.exec(text.trim());
  if (date) {
    const utcMidnight = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    return { value: new Date(utcMidnight - zoneOffsetMs(timeZone, new Date(utcMidnight))) };
  }
  return { value: text };
}

function display(value: Cell, format: string | undefined, timeZone: string): string {
  if (isDate(value)) {
    const d = new Date(value.getTime() + zoneOffsetMs(timeZone, value));
    const p = (n: number) => String(n).padStart(2, "0");
    const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
    return format && /h/.test(format) ? `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` : date;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number" && format === "#,##0") return value.toLocaleString("en-US");
  if (typeof value === "number" && Math.abs(value) >= 1e11 && !format)
    return value.toExponential(5).toUpperCase();
  return String(value);
}

interface FormatRule {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  format: string;
}

export class EmuValidation {
  constructor(
    readonly kind: "list" | "checkbox",
    readonly values: string[],
    readonly allowInvalid: boolean,
  ) {}
  getCriteriaType(): string {
    return this.kind === "list" ? "VALUE_IN_LIST" : "CHECKBOX";
  }
  getCriteriaValues(): unknown[] {
    return [this.values, true];
  }
}

export class EmuValidationBuilder {
  private kind: "list" | "checkbox" = "list";
  private values: string[] = [];
  private allowInvalid = true;
  requireValueInList(values: string[]): this {
    this.kind = "list";
    this.values = [...values];
    return this;
  }
  requireCheckbox(): this {
    this.kind = "checkbox";
    return this;
  }
  setAllowInvalid(allow: boolean): this {
    this.allowInvalid = allow;
    return this;
  }
  build(): EmuValidation {
    return new EmuValidation(this.kind, this.values, this.allowInvalid);
  }
}

export class EmuProtection {
  description = "";
  warningOnly = false;
  constructor(readonly target: string) {}
  setDescription(d: string): this {
    this.description = d;
    return this;
  }
  setWarningOnly(w: boolean): this {
    this.warningOnly = w;
    return this;
  }
  isWarningOnly(): boolean {
    return this.warningOnly;
  }
}

export class EmuSheet {
  values: Cell[][] = [];
  formulas = new Map<string, string>();
  formats: FormatRule[] = [];
  validations: (FormatRule & { rule: EmuValidation })[] = [];
  notes = new Map<string, string>();
  widths = new Map<number, number>();
  hidden = new Set<number>();
  /** Cells set in bold ("row:column"); every other cell is "normal". */
  bold = new Set<string>();
  protections: EmuProtection[] = [];
  frozenRows = 0;
  maxRows = 1000;
  maxColumns = 26;

  constructor(
    private name: string,
    readonly counter: Counter,
    readonly id: number,
    /** The spreadsheet's time zone, which typed dates and displayed dates follow. */
    readonly timeZone: () => string = () => "Asia/Seoul",
  ) {}

  trip(method: string, cellsRead = 0, cellsWritten = 0, cellsScanned = 0): void {
    if (process.env.PEACH_TRACE_CALLS) console.error(`  on ${this.name}:`);
    countTrip(this.counter, method, cellsRead, cellsWritten, cellsScanned);
  }

  // ---- handles (no round trip; charged COST_MODEL.handleMs each when the script asks) ----
  getName(): string {
    this.counter.handle?.("getName");
    return this.name;
  }
  /** The tab's name for the emulator itself (no charge). */
  get title(): string {
    return this.name;
  }
  setName(name: string): this {
    this.trip("setName");
    this.name = name;
    return this;
  }
  getSheetId(): number {
    return this.id;
  }
  getRange(row: number | string, column?: number, numRows = 1, numColumns = 1): EmuRange {
    this.counter.handle?.("getRange");
    return this.rangeAt(row, column, numRows, numColumns);
  }
  /** A range for the emulator itself (no charge). */
  rangeAt(row: number | string, column?: number, numRows = 1, numColumns = 1): EmuRange {
    if (typeof row === "string") return this.a1Range(row);
    if (
      !Number.isInteger(row) ||
      !Number.isInteger(column) ||
      row < 1 ||
      (column as number) < 1 ||
      numRows < 1 ||
      numColumns < 1
    ) {
      throw new Error("The starting row of the range is too small.");
    }
    if (row + numRows - 1 > this.maxRows || (column as number) + numColumns - 1 > this.maxColumns) {
      throw new Error("The coordinates of the range are outside the dimensions of the sheet.");
    }
    return new EmuRange(this, row, column as number, numRows, numColumns);
  }

  /**
   * A1 notation: a cell ("B2"), a block ("B2:D9") or a whole column from a row ("B2:B"), which
   * covers every row the sheet has or will have, as in Sheets.
   */
  private a1Range(a1: string): EmuRange {
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+)?)?$/.exec(a1);
    if (!m) throw new Error(`Range not found: ${a1}`);
    const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const c1 = col(m[1]!);
    const r1 = Number(m[2]);
    const c2 = m[3] ? col(m[3]) : c1;
    const open = !!m[3] && m[4] === undefined;
    const r2 = open ? Math.max(r1, this.maxRows) : m[4] ? Number(m[4]) : r1;
    const range = this.rangeAt(r1, c1, r2 - r1 + 1, c2 - c1 + 1);
    if (open) range.openEnded = true;
    return range;
  }

  // ---- round trips ----
  /** Clears contents and formats (Sheet.clear()). */
  clear(): this {
    this.trip("clear");
    this.values = [];
    this.formulas.clear();
    this.formats = [];
    this.validations = [];
    return this;
  }
  deleteColumns(column: number, howMany = 1): void {
    this.trip("deleteColumns");
    for (const row of this.values) if (row) row.splice(column - 1, howMany);
    this.maxColumns -= howMany;
  }
  deleteRows(row: number, howMany = 1): void {
    this.trip("deleteRows");
    this.values.splice(row - 1, howMany);
    this.maxRows -= howMany;
  }
  getLastRow(): number {
    this.trip("getLastRow");
    return this.lastRow();
  }
  getLastColumn(): number {
    this.trip("getLastColumn");
    return this.lastColumn();
  }
  getMaxRows(): number {
    this.trip("getMaxRows");
    return this.maxRows;
  }
  getMaxColumns(): number {
    this.trip("getMaxColumns");
    return this.maxColumns;
  }
  getDataRange(): EmuRange {
    this.trip("getDataRange");
    return new EmuRange(this, 1, 1, Math.max(1, this.lastRow()), Math.max(1, this.lastColumn()));
  }
  /**
   * One call for a block's values; -1 rows or columns reach the last row or column with data
   * (Sheet reference, getSheetValues). A tab with no data has no such block: like getRange with
   * no rows, it throws (an assumption; the host reads such a tab with getDataRange instead).
   */
  getSheetValues(row: number, column: number, numRows: number, numColumns: number): Cell[][] {
    const rows = numRows === -1 ? this.lastRow() - row + 1 : numRows;
    const columns = numColumns === -1 ? this.lastColumn() - column + 1 : numColumns;
    return this.rangeAt(row, column, rows, columns).read("getSheetValues");
  }
  createTextFinder(text: string): EmuTextFinder {
    if (typeof text !== "string" || text === "") throw new Error("Invalid argument: findText");
    return new EmuTextFinder(new EmuRange(this, 1, 1, this.maxRows, this.maxColumns), text);
  }
  /**
   * Values parsed as setValues parses them, a plain-text (@) column honoured (the reference does
   * not say: an assumption 진단 D14 checks on a live sheet). Cells past 50,000 characters fail
   * the call, as with setValues.
   */
  appendRow(row: unknown[]): this {
    this.trip("appendRow", 0, row.length);
    checkCellText([row]);
    const r = this.lastRow() + 1;
    if (r > this.maxRows) this.maxRows = r;
    if (row.length > this.maxColumns) this.maxColumns = row.length;
    row.forEach((v, i) => this.put(r, i + 1, v));
    return this;
  }
  insertRowsAfter(after: number, howMany: number): this {
    this.trip("insertRowsAfter");
    this.checkCells(howMany * this.maxColumns);
    this.values.splice(after, 0, ...Array.from({ length: howMany }, () => []));
    this.maxRows += howMany;
    return this;
  }
  insertColumnsAfter(after: number, howMany: number): this {
    this.trip("insertColumnsAfter");
    this.checkCells(howMany * this.maxRows);
    for (const row of this.values)
      if (row) row.splice(after, 0, ...Array.from({ length: howMany }, () => "" as Cell));
    this.maxColumns += howMany;
    return this;
  }
  setFrozenRows(n: number): this {
    this.trip("setFrozenRows");
    this.frozenRows = n;
    return this;
  }
  getFrozenRows(): number {
    this.trip("getFrozenRows");
    return this.frozenRows;
  }
  setColumnWidth(column: number, width: number): this {
    this.trip("setColumnWidth");
    this.widths.set(column, width);
    return this;
  }
  hideColumns(column: number, howMany = 1): this {
    this.trip("hideColumns");
    for (let c = column; c < column + howMany; c++) this.hidden.add(c);
    return this;
  }
  /** Sheet.hideSheet(): no effect on a hidden tab; the only visible tab cannot be hidden. */
  sheetHidden = false;
  hideSheet(): this {
    this.trip("hideSheet");
    if (!this.sheetHidden && this.visibleSiblings() <= 1)
      throw new Error("You can't hide all the sheets in a document.");
    this.sheetHidden = true;
    return this;
  }
  showSheet(): this {
    this.trip("showSheet");
    this.sheetHidden = false;
    return this;
  }
  isSheetHidden(): boolean {
    this.trip("isSheetHidden");
    return this.sheetHidden;
  }
  /** Visible tabs of the spreadsheet, this one included (set by the spreadsheet). */
  visibleSiblings: () => number = () => 2;
  isColumnHiddenByUser(column: number): boolean {
    this.trip("isColumnHiddenByUser");
    return this.hidden.has(column);
  }
  protect(): EmuProtection {
    this.trip("protect");
    const p = new EmuProtection(`sheet:${this.name}`);
    this.protections.push(p);
    return p;
  }

  /** The spreadsheet limit: 10 million cells over all tabs (Google Sheets help, "Files you can store"). */
  cellLimitCheck: (added: number) => void = () => undefined;
  private checkCells(added: number): void {
    this.cellLimitCheck(added);
  }

  // ---- internals used by ranges and by the test's "user" ----
  /** The extent of the data: Google knows it; the emulator scans for it (not the script's time). */
  lastRow(): number {
    return onGoogleSide(this.counter, () => {
      for (let r = this.values.length; r >= 1; r--)
        if (this.values[r - 1]?.some((v) => v !== "" && v !== undefined)) return r;
      return 0;
    });
  }
  lastColumn(): number {
    return onGoogleSide(this.counter, () => {
      let last = 0;
      for (const row of this.values) {
        if (!row) continue;
        for (let c = row.length; c > last; c--) if (row[c - 1] !== "" && row[c - 1] !== undefined) last = c;
      }
      return last;
    });
  }
  get(row: number, column: number): Cell {
    return this.values[row - 1]?.[column - 1] ?? "";
  }
  formatAt(row: number, column: number): string | undefined {
    for (let i = this.formats.length - 1; i >= 0; i--) {
      const f = this.formats[i]!;
      if (row >= f.r1 && row <= f.r2 && column >= f.c1 && column <= f.c2) return f.format;
    }
    return undefined;
  }
  validationAt(row: number, column: number): EmuValidation | null {
    for (let i = this.validations.length - 1; i >= 0; i--) {
      const v = this.validations[i]!;
      if (row >= v.r1 && row <= v.r2 && column >= v.c1 && column <= v.c2) return v.rule;
    }
    return null;
  }
  put(row: number, column: number, input: unknown): void {
    const converted = convertInput(input, this.formatAt(row, column) === "@", this.timeZone());
    while (this.values.length < row) this.values.push([]);
    const r = (this.values[row - 1] ??= []);
    while (r.length < column) r.push("");
    r[column - 1] = converted.value;
    const key = `${row}:${column}`;
    if (converted.formula) this.formulas.set(key, converted.formula);
    else this.formulas.delete(key);
  }
  /** Reorders data rows as the Sort range menu does (for tests: Tony sorting 주문). */
  sortRows(fromRow: number, compare: (a: Cell[], b: Cell[]) => number): void {
    const body = this.values.slice(fromRow - 1).map((r) => r ?? []);
    body.sort(compare);
    this.values.splice(fromRow - 1, body.length, ...body);
  }
}

/**
 * Sheets keeps at most 50,000 characters in one cell (Google Docs Editors Help, "Files you can
 * store in Google Drive"); a longer text written with setValues fails the whole call.
 */
export const CELL_CHARACTER_LIMIT = 50_000;
function checkCellText(values: unknown[][]): void {
  for (const row of values ?? [])
    for (const v of row ?? [])
      if (typeof v === "string" && v.length > CELL_CHARACTER_LIMIT)
        throw new Error(
          `Your input contains more than the maximum of ${CELL_CHARACTER_LIMIT} characters in a single cell.`,
        );
}

export class EmuRange {
  /** A whole-column range ("B2:B"): formats and validation reach rows added later. */
  openEnded = false;

  constructor(
    readonly sheet: EmuSheet,
    private readonly row: number,
    private readonly column: number,
    private readonly numRows: number,
    private readonly numColumns: number,
  ) {}

  getRow(): number {
    this.sheet.counter.handle?.("getRow");
    return this.row;
  }
  getColumn(): number {
    this.sheet.counter.handle?.("getColumn");
    return this.column;
  }
  getNumRows(): number {
    this.sheet.counter.handle?.("getNumRows");
    return this.numRows;
  }
  getNumColumns(): number {
    this.sheet.counter.handle?.("getNumColumns");
    return this.numColumns;
  }
  /** Where the range is, for the emulator itself (no charge). */
  get at(): { row: number; column: number; rows: number; columns: number } {
    return { row: this.row, column: this.column, rows: this.numRows, columns: this.numColumns };
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.column + this.numColumns - 1;
  }
  getSheet(): EmuSheet {
    this.sheet.counter.handle?.("getSheet");
    return this.sheet;
  }
  /** A handle call like getRow: the notation is the range's own, no data. */
  getA1Notation(): string {
    this.sheet.counter.handle?.("getA1Notation");
    return this.a1;
  }
  /** The notation, for the emulator itself (no charge). */
  get a1(): string {
    const col = (c: number): string =>
      (c > 26 ? col(Math.floor((c - 1) / 26)) : "") + String.fromCharCode(65 + ((c - 1) % 26));
    const start = `${col(this.column)}${this.row}`;
    return this.numRows === 1 && this.numColumns === 1
      ? start
      : `${start}:${col(this.getLastColumn())}${this.getLastRow()}`;
  }

  private each<T>(fn: (r: number, c: number) => T): T[][] {
    return Array.from({ length: this.numRows }, (_, i) =>
      Array.from({ length: this.numColumns }, (_, j) => fn(this.row + i, this.column + j)),
    );
  }

  getValues(): Cell[][] {
    return this.read("getValues");
  }
  /** The values, in one call named `method` (Sheet.getSheetValues reads through here too). */
  read(method: string): Cell[][] {
    this.sheet.trip(method, this.numRows * this.numColumns);
    // Plain loops: this copies every cell of 주문 on each read, and its time counts as the
    // script's (docs/emulator.md); only a Date needs converting into the script's realm.
    const toScript = this.sheet.counter.toScript;
    const out: Cell[][] = new Array(this.numRows);
    for (let i = 0; i < this.numRows; i++) {
      const source = this.sheet.values[this.row - 1 + i];
      const row: Cell[] = new Array(this.numColumns);
      for (let j = 0; j < this.numColumns; j++) {
        const v = source?.[this.column - 1 + j] ?? "";
        row[j] = toScript && typeof v === "object" ? toScript(v) : v;
      }
      out[i] = row;
    }
    return out;
  }
  getValue(): Cell {
    this.sheet.trip("getValue", 1);
    return (this.sheet.counter.toScript ?? ((v: Cell) => v))(this.sheet.get(this.row, this.column));
  }
  getDisplayValue(): string {
    this.sheet.trip("getDisplayValue", 1);
    return display(
      this.sheet.get(this.row, this.column),
      this.sheet.formatAt(this.row, this.column),
      this.sheet.timeZone(),
    );
  }
  getDisplayValues(): string[][] {
    this.sheet.trip("getDisplayValues", this.numRows * this.numColumns);
    return this.each((r, c) =>
      display(this.sheet.get(r, c), this.sheet.formatAt(r, c), this.sheet.timeZone()),
    );
  }
  setValues(values: unknown[][]): this {
    if (process.env.PEACH_TRACE_CALLS) console.error(`  at ${this.a1}`);
    this.sheet.trip("setValues", 0, this.numRows * this.numColumns);
    checkCellText(values);
    if (!Array.isArray(values) || values.length !== this.numRows) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values?.length ?? 0} but the range has ${this.numRows}.`,
      );
    }
    for (const row of values) {
      if (row.length !== this.numColumns) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numColumns}.`,
        );
      }
    }
    values.forEach((row, i) => row.forEach((v, j) => this.sheet.put(this.row + i, this.column + j, v)));
    return this;
  }
  setValue(value: unknown): this {
    this.sheet.trip("setValue", 0, 1);
    checkCellText([[value]]);
    this.sheet.put(this.row, this.column, value);
    return this;
  }
  clearContent(): this {
    this.sheet.trip("clearContent", 0, this.numRows * this.numColumns);
    this.each((r, c) => this.sheet.put(r, c, ""));
    return this;
  }
  setNumberFormat(format: string): this {
    this.sheet.trip("setNumberFormat");
    this.sheet.formats.push({
      r1: this.row,
      c1: this.column,
      r2: this.openEnded ? Infinity : this.getLastRow(),
      c2: this.getLastColumn(),
      format,
    });
    return this;
  }
  getFormula(): string {
    this.sheet.trip("getFormula");
    return this.sheet.formulas.get(`${this.row}:${this.column}`) ?? "";
  }
  getNumberFormats(): string[][] {
    this.sheet.trip("getNumberFormats", this.numRows * this.numColumns);
    return this.each((r, c) => this.sheet.formatAt(r, c) ?? "General");
  }
  getNumberFormat(): string {
    this.sheet.trip("getNumberFormat");
    return this.sheet.formatAt(this.row, this.column) ?? "General";
  }
  setDataValidation(rule: EmuValidation | null): this {
    this.sheet.trip("setDataValidation");
    if (rule)
      this.sheet.validations.push({
        r1: this.row,
        c1: this.column,
        r2: this.openEnded ? Infinity : this.getLastRow(),
        c2: this.getLastColumn(),
        format: "",
        rule,
      });
    return this;
  }
  getDataValidation(): EmuValidation | null {
    this.sheet.trip("getDataValidation");
    return this.sheet.validationAt(this.row, this.column);
  }
  setNote(note: string): this {
    this.sheet.trip("setNote");
    this.sheet.notes.set(`${this.row}:${this.column}`, note);
    return this;
  }
  getNote(): string {
    this.sheet.trip("getNote");
    return this.sheet.notes.get(`${this.row}:${this.column}`) ?? "";
  }
  setFontWeight(weight: string | null): this {
    this.sheet.trip("setFontWeight");
    this.each((r, c) => {
      if (weight === "bold") this.sheet.bold.add(`${r}:${c}`);
      else this.sheet.bold.delete(`${r}:${c}`); // "normal" or null resets it
    });
    return this;
  }
  createTextFinder(text: string): EmuTextFinder {
    if (typeof text !== "string" || text === "") throw new Error("Invalid argument: findText");
    return new EmuTextFinder(this, text);
  }
  getFontWeight(): string {
    this.sheet.trip("getFontWeight");
    return this.sheet.bold.has(`${this.row}:${this.column}`) ? "bold" : "normal";
  }
  protect(): EmuProtection {
    this.sheet.trip("protect");
    const p = new EmuProtection(`range:${this.sheet.title}!${this.a1}`);
    this.sheet.protections.push(p);
    return p;
  }
}

/**
 * Range.createTextFinder / Sheet.createTextFinder (reference: developers.google.com/apps-script/
 * reference/spreadsheet/text-finder): the builder is local; findAll() is one round trip that
 * searches on Google's side and returns the matching cells as ranges. As documented, matching is
 * case-insensitive and partial unless matchCase / matchEntireCell say otherwise, and compares the
 * cell's displayed value (a formula's shown result unless matchFormulaText).
 */
export class EmuTextFinder {
  private caseSensitive = false;
  private entireCell = false;
  private regex = false;

  constructor(
    private readonly range: EmuRange,
    private readonly text: string,
  ) {}

  matchCase(on: boolean): this {
    this.caseSensitive = on;
    return this;
  }
  matchEntireCell(on: boolean): this {
    this.entireCell = on;
    return this;
  }
  useRegularExpression(on: boolean): this {
    this.regex = on;
    return this;
  }

  findAll(): EmuRange[] {
    const sheet = this.range.sheet;
    const first = this.range.at.row;
    const last = Math.min(this.range.getLastRow(), sheet.lastRow());
    const c1 = this.range.at.column;
    const c2 = Math.min(this.range.getLastColumn(), sheet.lastColumn());
    const fold = (t: string) => (this.caseSensitive ? t : t.toLowerCase());
    const wanted = fold(this.text);
    const pattern = this.regex
      ? new RegExp(this.entireCell ? `^(?:${this.text})$` : this.text, this.caseSensitive ? "" : "i")
      : null;
    const found: EmuRange[] = [];
    onGoogleSide(sheet.counter, () => {
      for (let r = first; r <= last; r++) {
        for (let c = c1; c <= c2; c++) {
          const shown = display(sheet.get(r, c), sheet.formatAt(r, c), sheet.timeZone());
          if (shown === "") continue;
          const hit = pattern
            ? pattern.test(shown)
            : this.entireCell
              ? fold(shown) === wanted
              : fold(shown).includes(wanted);
          if (hit) found.push(new EmuRange(sheet, r, c, 1, 1));
        }
      }
    });
    // Charged: the call, the cells it returns, and the cells it searched on Google's side.
    const scanned = Math.max(0, last - first + 1) * Math.max(0, c2 - c1 + 1);
    sheet.trip("findAll", found.length, 0, scanned);
    return found;
  }
}

export class EmuSpreadsheet {
  readonly sheets: EmuSheet[] = [];
  readonly toasts: string[] = [];
  /**
   * The spreadsheet's own zone, apart from the script's (appsscript.json). A new sheet takes its
   * creator's locale zone; here a zone far from Seoul, so a script that forgets to set it shows.
   */
  timeZone = "America/Los_Angeles";
  private nextSheetId = 1;

  constructor(
    readonly id: string,
    readonly counter: Counter,
  ) {}

  private trip(method: string): void {
    countTrip(this.counter, method);
  }

  getId(): string {
    return this.id;
  }
  getName(): string {
    return "복숭아 주문";
  }
  getSheets(): EmuSheet[] {
    this.trip("getSheets");
    return [...this.sheets];
  }
  /**
   * Spreadsheet.getRange(a1Notation) with the tab's name (`'조회'!A2:A`): a handle like
   * Sheet.getRange, so free; a tab that does not exist throws "Range not found".
   */
  getRange(a1: string): EmuRange {
    const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(a1);
    if (!m) throw new Error(`Range not found`);
    const name = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!;
    const sheet = this.sheets.find((s) => s.title === name);
    if (!sheet) throw new Error("Range not found");
    this.counter.handle?.("getRange");
    return sheet.rangeAt(m[3]!);
  }
  getSheetByName(name: string): EmuSheet | null {
    this.trip("getSheetByName");
    return this.sheets.find((s) => s.title === name) ?? null;
  }
  insertSheet(name: string): EmuSheet {
    this.trip("insertSheet");
    if (this.sheets.some((s) => s.title === name)) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.checkCells(1000 * 26); // Sheets makes a new tab 1000 rows by 26 columns
    const sheet = new EmuSheet(name, this.counter, this.nextSheetId++, () => this.timeZone);
    sheet.cellLimitCheck = (added) => this.checkCells(added);
    sheet.visibleSiblings = () => this.sheets.filter((s) => !s.sheetHidden).length;
    this.sheets.push(sheet);
    return sheet;
  }
  deleteSheet(sheet: EmuSheet): void {
    this.trip("deleteSheet");
    const i = this.sheets.indexOf(sheet);
    if (i >= 0) this.sheets.splice(i, 1);
  }
  static readonly CELL_LIMIT = 10_000_000;
  cells(): number {
    return this.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
  }
  private checkCells(added: number): void {
    if (this.cells() + added > EmuSpreadsheet.CELL_LIMIT)
      throw new Error(
        "This action would increase the number of cells in the workbook above the limit of 10000000 cells.",
      );
  }
  getSpreadsheetTimeZone(): string {
    this.trip("getSpreadsheetTimeZone");
    return this.timeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    this.trip("setSpreadsheetTimeZone");
    this.timeZone = timeZone;
  }
  toast(message: string): void {
    this.trip("toast");
    this.toasts.push(message);
  }
  /** Direct access for test setup and assertions: no round trip. */
  tab(name: string): EmuSheet {
    const sheet = this.sheets.find((s) => s.title === name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }
}
