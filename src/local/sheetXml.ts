/**
 * The cells of an .xlsx read and written without a spreadsheet library's object per cell:
 * a sheet's XML is scanned row by row (a row's markup is ASCII, so rows are found in the bytes),
 * values come out as plain cells, and text is decoded straight from the file's bytes so no value
 * keeps its row's markup alive. This is what lets a 100,000-row season fit in memory.
 */
import type { Cell } from "../app/port";
import { instantToWallClock, wallClockToInstant } from "../domain/clock";
import { WorkbookFileError } from "./xlsxParts";
import { columnLetters } from "../app/a1";

const ENTITY: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML text and OOXML's `_xHHHH_` escapes (a carriage return is `_x000D_`) decoded. */
export function decodeText(raw: string): string {
  // A CDATA section (some writers use one for text with `&` or `<`) is taken as it stands.
  if (raw.includes("<![CDATA["))
    return raw
      .split(/<!\[CDATA\[([\s\S]*?)\]\]>/)
      .map((piece, i) => (i % 2 === 1 ? piece : decodeText(piece)))
      .join("");
  let text = raw;
  if (text.includes("&")) {
    // Only XML's own entities: a DOCTYPE's declared ones (a "billion laughs") are never expanded.
    text = text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
      if (e[0] !== "#") return ENTITY[e]!;
      const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      // A reference past Unicode (`&#x110000;`) is not a character: shown as �, never a crash.
      return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    });
  }
  if (text.includes("_x"))
    text = text.replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return text;
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]/;
// Control characters XML cannot hold, and the carriage return, which XML readers (Excel's) turn
// into a line feed unless written as Excel writes it, `_x000D_`.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\x00-\x08\x0b-\x1f\ufffe\uffff]/g;

/** Text for an element's content: XML-escaped, and characters XML cannot hold as `_xHHHH_`. */
export function encodeText(text: string): string {
  if (!UNSAFE.test(text)) return text; // nearly every cell: nothing to escape
  return (
    text
      // A literal `_x0041_` in Tony's text must not read back as "A".
      .replace(/_x([0-9A-F]{4})_/g, "_x005F_x$1_")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(NOT_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`)
      // Lone surrogates are not characters XML can carry.
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
  );
}

export const encodeAttribute = (text: string) => encodeText(text).replace(/"/g, "&quot;");

/** Attributes of one start tag (`a="1" b='2'`), names with their prefix. */
export function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    found.set(m[1]!, decodeText(m[2] ?? m[3] ?? ""));
  return found;
}

/** `A` → 1, `AA` → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

export { columnLetters };

/** The namespace prefix of a part's root element (`x:` for `<x:worksheet>`), or "". */
export function rootPrefix(xml: Buffer | string): string {
  const head = typeof xml === "string" ? xml.slice(0, 4096) : xml.toString("latin1", 0, 4096);
  const m = /<([\w.-]+:)?[\w.-]+[\s>/]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""));
  return m?.[1] ?? "";
}

/**
 * Built-in number formats that show dates: the international ones, and 27–36 and 50–58, which
 * Korean (and Japanese, Chinese) Excel uses for `yyyy"년" m"월" d"일"`, `h"시" mm"분"` and the like
 * without writing their codes into styles.xml.
 */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);
export const isDateFormat = (code: string) =>
  /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));

/** What the cells need from styles.xml: which cell formats show dates, and each format's markup. */
export interface Styles {
  /** Raw `<xf>` elements of cellXfs, by index. */
  xfs: string[];
  /** Number format id of each xf. */
  numFmtIds: number[];
  /** Custom number formats by id. */
  formats: Map<number, string>;
  isDate(xf: number): boolean;
}

export function parseStyles(xml: string | null): Styles {
  const prefix = xml ? rootPrefix(xml) : "";
  const formats = new Map<number, string>();
  const xfs: string[] = [];
  const numFmtIds: number[] = [];
  if (xml) {
    for (const m of xml.matchAll(new RegExp(`<${prefix}numFmt\\b([^>]*?)/?>`, "g"))) {
      const a = attributes(m[1]!);
      formats.set(Number(a.get("numFmtId")), a.get("formatCode") ?? "");
    }
    const cellXfs =
      new RegExp(`<${prefix}cellXfs\\b[^>]*>([\\s\\S]*?)</${prefix}cellXfs>`).exec(xml)?.[1] ?? "";
    for (const m of cellXfs.matchAll(
      new RegExp(`<${prefix}xf\\b([^>]*?)(?:/>|>[\\s\\S]*?</${prefix}xf>)`, "g"),
    )) {
      xfs.push(m[0]);
      numFmtIds.push(Number(attributes(m[1]!).get("numFmtId") ?? 0));
    }
  }
  const dates = numFmtIds.map((id) =>
    formats.has(id) ? isDateFormat(formats.get(id)!) : BUILT_IN_DATES.has(id),
  );
  return { xfs, numFmtIds, formats, isDate: (xf) => dates[xf] ?? false };
}

/**
 * The strings of sharedStrings.xml, each decoded from the file's own bytes (rich text runs
 * joined, phonetic guides left out).
 */
export function parseSharedStrings(bytes: Buffer | null): string[] {
  if (!bytes) return [];
  const prefix = rootPrefix(bytes);
  const text = bytes.toString("latin1"); // one byte per character: offsets are byte offsets
  const strings: string[] = [];
  const si = new RegExp(`<${prefix}si>([\\s\\S]*?)</${prefix}si>|<${prefix}si/>`, "g");
  for (const m of text.matchAll(si)) {
    if (m[1] === undefined) {
      strings.push("");
      continue;
    }
    strings.push(runsText(bytes, m.index + m[0].indexOf(">") + 1, m[1], prefix));
  }
  return strings;
}

/** The text of `<t>` runs in a string item (`body` starts at byte `at`), without `<rPh>` guides. */
function runsText(bytes: Buffer, at: number, body: string, prefix: string): string {
  const parts: string[] = [];
  const t = new RegExp(
    `<${prefix}rPh\\b[\\s\\S]*?</${prefix}rPh>|<${prefix}t(?:\\s[^>]*)?>([\\s\\S]*?)</${prefix}t>`,
    "g",
  );
  for (const m of body.matchAll(t)) {
    if (m[1] === undefined) continue;
    const start = at + m.index + m[0].indexOf(">") + 1;
    parts.push(decodeText(bytes.toString("utf8", start, start + m[1].length)));
  }
  return parts.join("");
}

/** What the cell reader needs to know about the workbook. */
export interface CellContext {
  shared: readonly string[];
  styles: Styles;
  date1904: boolean;
  prefix: string;
}

/** An Excel serial as the instant our cells hold (the file holds Seoul wall-clock time). */
export function serialToCell(serial: number, date1904: boolean): Date {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  return wallClockToInstant(new Date(ms));
}

export function dateToSerial(date: Date, date1904: boolean): number {
  return 25569 + instantToWallClock(date).getTime() / 86_400_000 - (date1904 ? 1462 : 0);
}

/** One cell as found in a row: its column, its markup, and the attributes a rewrite keeps. */
export interface RawCell {
  column: number;
  /** Byte range of the `<c>` element within the row. */
  start: number;
  end: number;
  style: string | null;
  value: Cell;
}

/**
 * The cells of one `<row>`: `bytes[from, to)` is the row's markup. Values as the application
 * reads them (as the ExcelJS host did): shared and inline text (rich text joined), numbers, dates
 * by their cell format, booleans, an error's code, a formula's last result.
 */
export function rowCells(bytes: Buffer, from: number, to: number, context: CellContext): RawCell[] {
  const text = bytes.toString("latin1", from, to);
  const p = context.prefix;
  const cells: RawCell[] = [];
  let column = 0;
  const cellPattern = new RegExp(`<${p}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${p}c>)`, "g");
  for (const m of text.matchAll(cellPattern)) {
    const attrs = attributes(m[1]!);
    const ref = attrs.get("r");
    const letters = ref ? /^\$?([A-Z]+)/.exec(ref.toUpperCase())?.[1] : undefined;
    column = letters ? columnNumber(letters) : column + 1;
    if (column > MAX_COLUMN) throw offGrid(ref ?? columnLetters(column));
    const style = attrs.get("s") ?? null;
    const body = m[2];
    let value: Cell = "";
    if (body !== undefined) {
      const bodyAt = from + m.index + m[0].indexOf(">") + 1;
      value = cellValue(bytes, bodyAt, body, attrs.get("t") ?? "n", style, context);
    }
    cells.push({ column, start: m.index, end: m.index + m[0].length, style, value });
  }
  return cells;
}

function cellValue(
  bytes: Buffer,
  at: number,
  body: string,
  type: string,
  style: string | null,
  context: CellContext,
): Cell {
  const p = context.prefix;
  if (type === "inlineStr") {
    const is = new RegExp(`<${p}is>([\\s\\S]*?)</${p}is>`).exec(body);
    return is ? runsText(bytes, at + is.index + is[0].indexOf(">") + 1, is[1]!, p) : "";
  }
  const v = new RegExp(`<${p}v(?:\\s[^>]*)?>([\\s\\S]*?)</${p}v>`).exec(body);
  if (!v) return "";
  const raw = v[1]!;
  switch (type) {
    case "s":
      return context.shared[Number(raw)] ?? "";
    case "str": {
      const start = at + v.index + v[0].indexOf(">") + 1;
      return decodeText(bytes.toString("utf8", start, start + raw.length));
    }
    case "b":
      return raw.trim() === "1" || raw.trim() === "true";
    case "e":
      return decodeText(raw);
    case "d": {
      const date = new Date(`${raw.trim().replace(/Z$/, "")}Z`);
      return Number.isNaN(date.getTime()) ? raw : wallClockToInstant(date);
    }
    default: {
      const n = parseFloat(raw);
      if (Number.isNaN(n)) return "";
      return style !== null && context.styles.isDate(Number(style)) ? serialToCell(n, context.date1904) : n;
    }
  }
}

/** Where each `<row>` of a sheet lies in its bytes, found without decoding the text. */
export interface RowSpan {
  /** 1-based row number. */
  row: number;
  start: number;
  end: number;
  /** The row's own start tag ends with `/>`: no cells. */
  empty: boolean;
}

/** The byte ranges of a sheet's parts: before, inside and after `<sheetData>`. */
export interface SheetLayout {
  prefix: string;
  /** End of `<sheetData>` (or of `<sheetData/>`), where rows begin. */
  dataStart: number;
  /** Start of `</sheetData>` (equal to dataStart when self-closed). */
  dataEnd: number;
  /** Start of the `<sheetData` tag and end of its closing tag. */
  tagStart: number;
  tagEnd: number;
}

export function sheetLayout(bytes: Buffer): SheetLayout | null {
  const prefix = rootPrefix(bytes);
  const open = bytes.indexOf(`<${prefix}sheetData`);
  if (open < 0) return null;
  const close = bytes.indexOf(">", open);
  if (close < 0) return null;
  if (bytes[close - 1] === 0x2f /* / */)
    return { prefix, dataStart: close + 1, dataEnd: close + 1, tagStart: open, tagEnd: close + 1 };
  const end = bytes.indexOf(`</${prefix}sheetData>`, close);
  if (end < 0) return null;
  return {
    prefix,
    dataStart: close + 1,
    dataEnd: end,
    tagStart: open,
    tagEnd: end + `</${prefix}sheetData>`.length,
  };
}

const offGrid = (where: string) =>
  new WorkbookFileError(
    `엑셀 파일의 시트에 엑셀이 담을 수 없는 위치(${where})가 있어 읽을 수 없습니다. 손상된 파일입니다`,
  );
const cutShort = (row: number) =>
  new WorkbookFileError(`엑셀 파일의 시트 내용이 ${row}행에서 끊겨 있어 읽을 수 없습니다. 손상된 파일입니다`);

/** Each row of sheetData in order (rows without `r` numbered after the previous one). */
export function* rowSpans(bytes: Buffer, layout: SheetLayout): Generator<RowSpan> {
  const open = Buffer.from(`<${layout.prefix}row`);
  const close = Buffer.from(`</${layout.prefix}row>`);
  let at = layout.dataStart;
  let previous = 0;
  while (at < layout.dataEnd) {
    const start = bytes.indexOf(open, at);
    if (start < 0 || start >= layout.dataEnd) return;
    const next = bytes[start + open.length];
    // `<rowBreaks` and the like are not rows.
    if (next !== 0x20 && next !== 0x3e && next !== 0x2f && next !== 0x09 && next !== 0x0a && next !== 0x0d) {
      at = start + open.length;
      continue;
    }
    const tagEnd = bytes.indexOf(">", start);
    // A row cut short: what follows cannot be known, and reading on would skip rows silently.
    if (tagEnd < 0 || tagEnd >= layout.dataEnd) throw cutShort(previous + 1);
    const tag = bytes.toString("latin1", start, tagEnd + 1);
    const r = /\sr\s*=\s*["'](\d+)["']/.exec(tag);
    const row = r ? Number(r[1]) : previous + 1;
    // A row past Excel's last would make the reader's array as long as its number.
    if (row > MAX_ROW || row < 1) throw offGrid(`${row}행`);
    previous = row;
    if (bytes[tagEnd - 1] === 0x2f) {
      yield { row, start, end: tagEnd + 1, empty: true };
      at = tagEnd + 1;
      continue;
    }
    const endAt = bytes.indexOf(close, tagEnd);
    if (endAt < 0 || endAt > layout.dataEnd || bytes.subarray(tagEnd, endAt).includes(open))
      throw cutShort(row);
    yield { row, start, end: endAt + close.length, empty: false };
    at = endAt + close.length;
  }
}

/** The start tag of a row (its attributes kept when the row is rewritten). */
export function rowStartTag(bytes: Buffer, span: RowSpan): string {
  return bytes.toString("utf8", span.start, bytes.indexOf(">", span.start) + 1);
}

/** Markup for one cell; `style` is the xf index to keep (or null), `p` the sheet's namespace prefix. */
export function cellXml(ref: string, value: Cell, style: string | null, date1904: boolean, p = ""): string {
  const s = style === null ? "" : ` s="${style}"`;
  const text = (t: string, space: boolean) =>
    `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t${space ? ' xml:space="preserve"' : ""}>${encodeText(t)}</${p}t></${p}is></${p}c>`;
  if (value === "" || value === null || value === undefined) return `<${p}c r="${ref}"${s}/>`;
  if (typeof value === "number")
    return Number.isFinite(value)
      ? `<${p}c r="${ref}"${s}><${p}v>${value}</${p}v></${p}c>`
      : text(String(value), false);
  if (typeof value === "boolean")
    return `<${p}c r="${ref}"${s} t="b"><${p}v>${value ? 1 : 0}</${p}v></${p}c>`;
  if (value instanceof Date)
    return `<${p}c r="${ref}"${s}><${p}v>${dateToSerial(value, date1904)}</${p}v></${p}c>`;
  return text(String(value), true);
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/**
 * A formula as it reads `rows` down and `columns` right of where it was written (Excel's fill):
 * relative references move, `$` ones stay, text in quotes and function names are left alone, and
 * a reference moved off the sheet becomes `#REF!`.
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  const cell = /(?<![\w.$])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\w(])/g;
  const shift = (quoteFree: string) =>
    quoteFree.replace(cell, (whole, colAbs: string, letters: string, rowAbs: string, digits: string) => {
      const c = colAbs ? columnNumber(letters) : columnNumber(letters) + columns;
      const r = rowAbs ? Number(digits) : Number(digits) + rows;
      if (c < 1 || c > MAX_COLUMN || r < 1 || r > MAX_ROW) return "#REF!";
      return `${colAbs}${columnLetters(c)}${rowAbs}${r}`;
    });
  // Strings ("…") and quoted sheet names ('…') are split out and kept as written.
  return formula
    .split(/("(?:[^"]|"")*"|'(?:[^']|'')*')/)
    .map((piece, i) => (i % 2 === 1 ? piece : shift(piece)))
    .join("");
}
