/**
 * Tony's existing orders into 주문: headers matched by common Korean synonyms
 * (sheets-templates/import-synonyms.json) or by 주문's own headers, every source row accounted
 * for (imported, or reported with its line and reason), rows of one orderer on one day forming
 * one order unless the file numbers its orders itself, and a fingerprint per row so importing
 * the same file again adds nothing twice.
 *
 * Nothing in the source is dropped: a column 주문 does not have becomes an extra column, a
 * column the script recomputes (합계, 확인 필요…) is kept beside it as "(가져온 값)", a second
 * column with the same header and cells beyond the header row get columns of their own.
 */
import synonyms from "../../sheets-templates/import-synonyms.json";
import { ACCESS_TOKEN_PATTERN, keepableOrderCode, newOrderCode } from "../domain/codes";
import { parseSeoulDate, seoulDateOf, seoulMidnight } from "../domain/clock";
import { duplicateKey } from "../domain/duplicates";
import { cutToCell, MAX_CELL_CHARS } from "../domain/limits";
import type { Settings } from "../domain/schemas";
import { statusFromLabel } from "../domain/status";
import { normalizePhone } from "../domain/validation";
import { tab } from "../templates";
import type { Cell, Host } from "./port";
import { Table } from "./table";

const SYNONYMS = synonyms.columns as Record<string, string[]>;
const ORDERS = tab("orders");
const squash = (text: unknown) =>
  String(text ?? "")
    .normalize("NFC")
    .replace(/[\s()[\]{}:;,./_\-·]/g, "")
    .toLowerCase();

/** Script columns whose value comes in as it is (validated by the next pass). */
const ADOPTED = new Set([
  "courier",
  "trackingNumber",
  "shipDate",
  "status",
  "paidAt",
  "rowId",
  "token",
  "importKey",
]);
/** Script columns the next pass recomputes: the source's values are kept beside them. */
const RECOMPUTED = new Set(["goods", "shippingFee", "total", "check", "recorded"]);
const ASIDE = " (가져온 값)";
/** Columns holding numbers (상자수) or won (상품금액, 합계… kept beside as 가져온 값). */
const NUMERIC = new Set(
  ORDERS.columns.filter((c) => c.type === "number" || c.type === "money").map((c) => c.key),
);
/**
 * A number a CSV (or a text cell) gives as text, `3` or `45,000`, as the number: a sum in Excel
 * skips a number stored as text (issue 23). Anything else (`3상자`, `세 상자`) stays as written.
 */
export function plainNumber(cell: Cell): Cell {
  if (typeof cell !== "string" || !/^\s*-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*$/.test(cell)) return cell;
  const value = Number(cell.replace(/[,\s]/g, ""));
  return Number.isSafeInteger(Math.trunc(value)) ? value : cell;
}

/** What became of one source column. */
export interface ColumnReport {
  source: string;
  /** The 주문 header its values went to. */
  target: string;
  /** matched: a 주문 column; aside: kept beside a recomputed column; extra: a new column. */
  how: "matched" | "aside" | "extra";
}

export interface RowNote {
  /** Line of the source file (CSV) or row of its sheet (xlsx), 1-based. */
  line: number;
  reason: string;
}

export interface ImportReport {
  columns: ColumnReport[];
  /** Set when the source had no 품목 column and every row got the first item of 설정. */
  defaultItem: string | null;
  headerRow: number;
  /** Rows below the header row: always added + alreadyThere + duplicates + blank + refused. */
  dataRows: number;
  added: number;
  alreadyThere: number;
  duplicates: number;
  blank: number;
  refused: RowNote[];
  /** Rows with cells beyond the header row (those cells kept in extra columns). */
  ragged: number[];
  codesKept: number;
  codesReplaced: { line: number; from: string; to: string; reason: string }[];
  /** 진행상태 values that are not a status: kept beside, the row starts as 접수. */
  statusesAside: number;
  /**
   * Lines that look like an order already there or already in this file (issue 23): imported
   * into that order and held as 확인 필요 until Tony keeps one (domain/season/duplicates.ts).
   */
  askDuplicates: number[];
  /** Cells longer than Excel keeps: imported cut (domain/limits.ts cutToCell), the row 확인 필요. */
  cut: { line: number; column: string; length: number }[];
}

export interface SourceRows {
  rows: Cell[][];
  /** Line of each row in the source, when it differs from its index + 1 (CSV line breaks). */
  lines?: number[];
}

export interface ImportOptions {
  /** Import rows even when the same order line is already in 주문. */
  allowDuplicates?: boolean;
}

function keyOfHeader(header: unknown): string | null {
  const wanted = squash(header);
  if (!wanted) return null;
  const own = ORDERS.columns.find((c) => squash(c.header) === wanted);
  if (own) return own.key;
  return Object.keys(SYNONYMS).find((key) => SYNONYMS[key]!.some((s) => squash(s) === wanted)) ?? null;
}

/** The header row (the first of the first ten rows matching two known headers) and its columns. */
export function matchHeaders(rows: Cell[][]): { headerRow: number; keys: (string | null)[] } | null {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const keys = (rows[r] ?? []).map(keyOfHeader);
    // Two name (or phone) columns and no orderer column: the first is the orderer's, as in
    // 성함 | 핸드폰 | 받는사람 | 연락처. Otherwise a key claimed twice goes to its first column.
    const claimed = (key: string) => keys.filter((k) => k === key).length;
    for (const [recipient, orderer] of [
      ["recipientName", "ordererName"],
      ["recipientPhone", "ordererPhone"],
    ] as const) {
      if (claimed(recipient) >= 2 && claimed(orderer) === 0) keys[keys.indexOf(recipient)] = orderer;
    }
    const seen = new Set<string>();
    const unique = keys.map((k) => (k && !seen.has(k) ? (seen.add(k), k) : null));
    if (unique.filter((k) => k && !ADOPTED.has(k) && !RECOMPUTED.has(k)).length >= 2)
      return { headerRow: r, keys: unique };
  }
  return null;
}

function fingerprint(cells: Cell[]): string {
  // FNV-1a over the row's text: stable, short, no crypto needed.
  let hash = 0x811c9dc5;
  const text = JSON.stringify(
    cells.map((c) => (c instanceof Date ? c.toISOString() : String(c ?? "").trim())),
  );
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

const isBlankCell = (c: Cell | undefined) => String(c ?? "").trim() === "";

export function importRows(
  host: Host,
  source: SourceRows,
  settings: Settings,
  options: ImportOptions = {},
): ImportReport {
  const found = matchHeaders(source.rows);
  if (!found) throw new Error("머리글 줄을 찾지 못했습니다 (예: 이름, 연락처, 주소, 상자수)");
  const { headerRow, keys } = found;
  const lineOf = (i: number) => source.lines?.[i] ?? i + 1;
  const headers = (source.rows[headerRow] ?? []).map((h) => String(h ?? "").trim());
  const sheet = host.workbook.sheet(ORDERS.name);
  if (!sheet) throw new Error("주문 탭이 없습니다");
  const current = sheet.readAll();
  const table = new Table(ORDERS, current);
  const orderHeaders = (current[0] ?? []).map((h) => String(h ?? "").trim());
  const dataRows = source.rows.slice(headerRow + 1);

  // Where each source column goes. A header 주문 already has from an earlier import is reused;
  // a header this import already used, or one of the template's, gets a numbered twin.
  const templateHeaders = new Set(ORDERS.columns.map((c) => c.header));
  const usedNow = new Set<string>();
  const newColumn = (wanted: string): number => {
    let name = wanted;
    for (let n = 2; templateHeaders.has(name) || usedNow.has(name); n++) name = `${wanted} (${n})`;
    usedNow.add(name);
    let index = orderHeaders.indexOf(name);
    if (index < 0) {
      orderHeaders.push(name);
      index = orderHeaders.length - 1;
      sheet.write(1, index + 1, [[name]]);
    }
    return index;
  };
  const headerOfKey = (key: string) => ORDERS.columns.find((c) => c.key === key)!.header;
  const columnOfKey = (key: string) => orderHeaders.indexOf(headerOfKey(key));
  let width = headers.length;
  for (const cells of dataRows) if (cells.length > width) width = cells.length;
  const targets: number[] = [];
  const columns: ColumnReport[] = [];
  for (let i = 0; i < width; i++) {
    const h = headers[i] ?? "";
    const key = keys[i] ?? null;
    const used = dataRows.some((cells) => !isBlankCell(cells[i]));
    let target: number;
    let how: ColumnReport["how"];
    if (key && !RECOMPUTED.has(key)) {
      target = columnOfKey(key);
      how = "matched";
    } else if (key) {
      target = newColumn(headerOfKey(key) + ASIDE);
      how = "aside";
    } else if (h || used) {
      target = newColumn(h || `(머리글 없음 ${i + 1}번째 열)`);
      how = "extra";
    } else {
      target = -1; // an empty column with no header: nothing to keep
      how = "extra";
    }
    targets.push(target);
    if (target >= 0)
      columns.push({ source: h || `(머리글 없음 ${i + 1}번째 열)`, target: orderHeaders[target]!, how });
  }
  // A 진행상태 that is no status is kept beside it; the row starts as 접수.
  const statusColumn = keys.indexOf("status");
  const statusAside =
    statusColumn >= 0 &&
    dataRows.some((cells) => !isBlankCell(cells[statusColumn]) && !statusFromLabel(cells[statusColumn]))
      ? newColumn(headerOfKey("status") + ASIDE)
      : -1;

  const existingImports = new Set<string>();
  const existingLines = new Set<string>();
  /** The order of each line in 주문, by the line with its boxes left out (a corrected line finds it). */
  const existingPlaces = new Map<string, string>();
  /** Lines of this file by their identity: the second of two alike is asked about. */
  const fileLines = new Set<string>();
  const taken = new Set<string>();
  const seasonYear = Number(settings.seasonStart.slice(0, 4));
  for (let r = 0; r < table.rowCount; r++) {
    if (table.text(r, "importKey")) existingImports.add(table.text(r, "importKey"));
    if (table.text(r, "orderCode")) taken.add(table.text(r, "orderCode"));
    const identity = {
      ordererName: table.get(r, "ordererName"),
      recipientName: table.get(r, "recipientName"),
      address: table.get(r, "address"),
      item: table.get(r, "item"),
      boxes: table.get(r, "boxes"),
      orderedAt: table.get(r, "orderedAt"),
    };
    existingLines.add(duplicateKey(identity, seasonYear));
    if (table.text(r, "orderCode"))
      existingPlaces.set(duplicateKey({ ...identity, boxes: "" }, seasonYear), table.text(r, "orderCode"));
  }

  const hasItem = keys.includes("item");
  const defaultItem = hasItem ? null : (settings.items[0]?.name ?? null);
  const codes = new Map<string, string>();
  const occurrences = new Map<string, number>();
  const report: ImportReport = {
    columns,
    defaultItem,
    headerRow: lineOf(headerRow),
    dataRows: dataRows.length,
    added: 0,
    alreadyThere: 0,
    duplicates: 0,
    blank: 0,
    refused: [],
    ragged: [],
    codesKept: 0,
    codesReplaced: [],
    statusesAside: 0,
    askDuplicates: [],
    cut: [],
  };
  const out: Cell[][] = [];
  dataRows.forEach((cells, k) => {
    const line = lineOf(headerRow + 1 + k);
    if (cells.every(isBlankCell)) {
      report.blank++;
      return;
    }
    // A cell longer than Excel keeps (a pasted chat log in 메모) is cut, saying so in the cell,
    // and the order kept: the pass shows the row as 확인 필요 until Tony edits the cell.
    cells.forEach((c, i) => {
      if (typeof c !== "string" || c.length <= MAX_CELL_CHARS) return;
      report.cut.push({ line, column: headers[i] || `${i + 1}번째 열`, length: c.length });
    });
    const print = fingerprint(cells);
    const n = (occurrences.get(print) ?? 0) + 1;
    occurrences.set(print, n);
    const ownImportKey = keys.includes("importKey")
      ? String(cells[keys.indexOf("importKey")] ?? "").trim()
      : "";
    const importKey = ownImportKey || `${print}.${n}`;
    if (existingImports.has(importKey)) {
      report.alreadyThere++;
      return;
    }
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => !isBlankCell(c)))
      report.ragged.push(line);
    const row: Cell[] = orderHeaders.map(() => "");
    cells.forEach((c, i) => {
      if (targets[i]! < 0) return;
      const key = keys[i];
      const cell = key && NUMERIC.has(key) ? plainNumber(c ?? "") : (c ?? "");
      row[targets[i]!] = typeof cell === "string" ? cutToCell(cell) : cell;
    });
    const value = (key: string): Cell => row[columnOfKey(key)] ?? "";
    const set = (key: string, v: Cell) => (row[columnOfKey(key)] = v);
    // Only recipients in the file: each orders for themselves.
    if (!keys.includes("ordererName")) set("ordererName", value("recipientName"));
    if (!keys.includes("ordererPhone")) set("ordererPhone", value("recipientPhone"));
    if (defaultItem) set("item", defaultItem);
    if (keys.includes("status") && !isBlankCell(value("status")) && !statusFromLabel(value("status"))) {
      row[statusAside] = value("status");
      set("status", "");
      report.statusesAside++;
    }
    if (keys.includes("paidAt") && !(value("paidAt") instanceof Date) && !isBlankCell(value("paidAt"))) {
      const day = parseSeoulDate(value("paidAt"), seasonYear);
      if (day.ok) set("paidAt", seoulMidnight(day.value));
    }
    if (keys.includes("token") && !ACCESS_TOKEN_PATTERN.test(String(value("token")))) set("token", "");
    const ordered = value("orderedAt");
    const parsedDay = ordered === "" ? null : parseSeoulDate(ordered, seasonYear);
    const day =
      parsedDay === null ? seoulDateOf(host.now()) : parsedDay.ok ? parsedDay.value : String(ordered);
    const lineIdentity = {
      ordererName: value("ordererName"),
      recipientName: value("recipientName"),
      address: value("address"),
      item: value("item"),
      boxes: value("boxes"),
      orderedAt: ordered === "" ? day : ordered,
    };
    const identity = duplicateKey(lineIdentity, seasonYear);
    if (!options.allowDuplicates && existingLines.has(identity)) {
      report.duplicates++;
      return;
    }
    // The same line twice in this file, or a corrected line (other boxes) of an order already
    // in 주문: kept, in that order, and asked about (the pass holds it as 확인 필요).
    const correctionOf = options.allowDuplicates
      ? undefined
      : existingPlaces.get(duplicateKey({ ...lineIdentity, boxes: "" }, seasonYear));
    if (fileLines.has(identity) || correctionOf) report.askDuplicates.push(line);
    fileLines.add(identity);
    const ordererName = String(value("ordererName")).trim();
    const phone = normalizePhone(value("ordererPhone"));
    // One order per orderer and day, unless the file numbers its orders itself. A row without
    // an orderer is an order of its own: merging strangers would let one pay for another.
    const sourceCode = keys.includes("orderCode") ? cells[keys.indexOf("orderCode")] : "";
    const kept = keepableOrderCode(sourceCode);
    const group = kept
      ? `#${kept}`
      : ordererName === ""
        ? `@${line}`
        : `${ordererName}|${phone.ok ? phone.value : String(value("ordererPhone"))}|${day}`;
    let code = codes.get(group) ?? correctionOf;
    if (correctionOf) codes.set(group, correctionOf);
    if (!code) {
      if (kept && !taken.has(kept)) {
        code = kept;
        report.codesKept++;
      } else {
        code = newOrderCode(host.random, taken);
        if (!isBlankCell(sourceCode)) {
          report.codesReplaced.push({
            line,
            from: String(sourceCode),
            to: code,
            reason: kept ? "이미 주문 탭에 있는 번호입니다" : "주문번호로 쓸 수 없는 글자가 있습니다",
          });
        }
      }
      taken.add(code);
      codes.set(group, code);
    }
    set("orderCode", code);
    set("importKey", importKey);
    out.push(row);
  });
  if (out.length > 0) sheet.append(out);
  report.added = out.length;
  return report;
}
