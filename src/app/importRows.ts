/**
 * Tony's existing orders into 주문: headers matched by common Korean synonyms
 * (sheets-templates/import-synonyms.json), every source row arriving (bad ones are flagged by the
 * next pass, with the text kept), rows of one orderer on one day forming one order, and a
 * fingerprint per row so importing the same file again adds nothing twice.
 */
import synonyms from "../../sheets-templates/import-synonyms.json";
import { newOrderCode } from "../domain/codes";
import { parseSeoulDate, seoulDateOf } from "../domain/clock";
import type { Settings } from "../domain/schemas";
import { normalizePhone } from "../domain/validation";
import { tab } from "../templates";
import type { Cell, Host } from "./port";
import { Table } from "./table";

const SYNONYMS = synonyms.columns as Record<string, string[]>;
const squash = (text: unknown) =>
  String(text ?? "")
    .replace(/[\s()[\]{}:;,./_\-·]/g, "")
    .toLowerCase();

export interface ColumnMatch {
  source: string;
  /** The 주문 column it went to, or null when kept as an extra column. */
  target: string | null;
}

export interface ImportReport {
  matches: ColumnMatch[];
  /** Set when the source had no 품목 column and every row got the first item of 설정. */
  defaultItem: string | null;
  added: number;
  alreadyThere: number;
  headerRow: number;
}

/** The header row (the first of the first ten rows matching two known headers) and its columns. */
export function matchHeaders(rows: Cell[][]): { headerRow: number; keys: (string | null)[] } | null {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const keys = (rows[r] ?? []).map((h) => {
      const wanted = squash(h);
      if (!wanted) return null;
      return Object.keys(SYNONYMS).find((key) => SYNONYMS[key]!.some((s) => squash(s) === wanted)) ?? null;
    });
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
    if (unique.filter(Boolean).length >= 2) return { headerRow: r, keys: unique };
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

export function importRows(host: Host, source: Cell[][], settings: Settings): ImportReport {
  const found = matchHeaders(source);
  if (!found) throw new Error("머리글 줄을 찾지 못했습니다 (예: 이름, 연락처, 주소, 상자수)");
  const { headerRow, keys } = found;
  const headers = (source[headerRow] ?? []).map((h) => String(h ?? "").trim());
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) throw new Error("주문 탭이 없습니다");
  const table = Table.read(tab("orders"), sheet);
  const current = sheet.readAll();
  const orderHeaders = (current[0] ?? []).map(String);

  // Source columns that match nothing are kept as extra columns of 주문, under their own header.
  const extras = headers
    .map((h, i) => ({ h, i }))
    .filter(({ h, i }) => h && keys[i] === null && !tab("orders").columns.some((c) => c.header === h));
  for (const { h } of extras) {
    if (!orderHeaders.includes(h)) {
      orderHeaders.push(h);
      sheet.write(1, orderHeaders.length, [[h]]);
    }
  }
  const columnOf = (header: string) => orderHeaders.indexOf(header);
  const headerOfKey = (key: string) => tab("orders").columns.find((c) => c.key === key)!.header;

  const existing = new Set<string>();
  for (let r = 0; r < table.rowCount; r++)
    if (table.text(r, "importKey")) existing.add(table.text(r, "importKey"));
  const taken = new Set<string>();
  for (let r = 0; r < table.rowCount; r++)
    if (table.text(r, "orderCode")) taken.add(table.text(r, "orderCode"));

  const hasItem = keys.includes("item");
  const defaultItem = hasItem ? null : (settings.items[0]?.name ?? null);
  const seasonYear = Number(settings.seasonStart.slice(0, 4));
  const codes = new Map<string, string>();
  const occurrences = new Map<string, number>();
  const out: Cell[][] = [];
  let alreadyThere = 0;
  for (const cells of source.slice(headerRow + 1)) {
    if (!cells.some((c) => String(c ?? "").trim() !== "")) continue;
    const print = fingerprint(cells);
    const n = (occurrences.get(print) ?? 0) + 1;
    occurrences.set(print, n);
    const importKey = `${print}.${n}`;
    if (existing.has(importKey)) {
      alreadyThere++;
      continue;
    }
    const value = (key: string): Cell => {
      const i = keys.indexOf(key);
      return i >= 0 ? (cells[i] ?? "") : "";
    };
    const row: Cell[] = orderHeaders.map(() => "");
    keys.forEach((key, i) => {
      if (key && key !== "orderCode") row[columnOf(headerOfKey(key))] = cells[i] ?? "";
    });
    for (const { h, i } of extras) row[columnOf(h)] = cells[i] ?? "";
    // Only recipients in the file: each orders for themselves.
    if (!keys.includes("ordererName")) row[columnOf(headerOfKey("ordererName"))] = value("recipientName");
    if (!keys.includes("ordererPhone")) row[columnOf(headerOfKey("ordererPhone"))] = value("recipientPhone");
    if (defaultItem) row[columnOf(headerOfKey("item"))] = defaultItem;
    const ordered = value("orderedAt");
    const parsedDay = ordered === "" ? null : parseSeoulDate(ordered, seasonYear);
    const day =
      parsedDay === null ? seoulDateOf(host.now()) : parsedDay.ok ? parsedDay.value : String(ordered);
    const phone = normalizePhone(row[columnOf(headerOfKey("ordererPhone"))]);
    const orderer = `${String(row[columnOf(headerOfKey("ordererName"))]).trim()}|${phone.ok ? phone.value : String(row[columnOf(headerOfKey("ordererPhone"))])}`;
    // One order per orderer and day, unless the file numbers its orders itself.
    const group =
      keys.includes("orderCode") && String(value("orderCode")).trim()
        ? `#${String(value("orderCode")).trim()}`
        : `${orderer}|${day}`;
    let code = codes.get(group);
    if (!code) {
      code = newOrderCode(host.random, taken);
      taken.add(code);
      codes.set(group, code);
    }
    row[columnOf(headerOfKey("orderCode"))] = code;
    row[columnOf(headerOfKey("importKey"))] = importKey;
    out.push(row);
  }
  if (out.length > 0) sheet.append(out);
  return {
    matches: headers
      .map((h, i) => ({ source: h, target: keys[i] ? headerOfKey(keys[i]!) : null }))
      .filter((m) => m.source),
    defaultItem,
    added: out.length,
    alreadyThere,
    headerRow: headerRow + 1,
  };
}
