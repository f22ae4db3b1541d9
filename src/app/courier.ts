/**
 * The courier's bulk-registration file for a day (its column layout is data in
 * sheets-templates/courier-layouts.json), one booking per shipment, and the courier's result
 * coming back: waybills matched by recipient phone and name among the shipments not yet sent.
 */
import { boxCount } from "../domain/rows";
import layoutsJson from "../../sheets-templates/courier-layouts.json";
import { koreanDate, seoulDateOf, type SeoulDate } from "../domain/clock";
import { EVENT } from "../domain/events";
import { parcelCount } from "../domain/pricing";
import type { Settings, Status } from "../domain/schemas";
import { formatWaybills, itemsShort, parseWaybills } from "../domain/shipments";
import { fillFirst } from "../domain/settings";
import { loadSmallTabs } from "./smallTabs";
import { statusLabel } from "../domain/status";
import { cleanPostalCode, normalizePhone } from "../domain/validation";
import { tab } from "../templates";
import { Journal } from "./journal";
import { statusOf } from "./orderCells";
import type { Cell, Host } from "./port";
import { shipmentsOf } from "./shipmentRows";
import { Table } from "./table";

export interface CourierLayout {
  name: string;
  courier: string;
  sheetName: string;
  columns: { header: string; field?: string; value?: string }[];
}

export const COURIER_LAYOUTS = layoutsJson.layouts as Record<string, CourierLayout>;
const TRACKING_HEADERS = layoutsJson.trackingHeaders as Record<string, string[]>;
const squash = (text: unknown) => String(text ?? "").replace(/[\s()]/g, "");

function ordersTable(host: Host): Table {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) throw new Error("주문 탭이 없습니다");
  return Table.read(tab("orders"), sheet);
}

const shipDateOf = (table: Table, r: number): SeoulDate | "" => {
  const v = table.get(r, "shipDate");
  return v instanceof Date ? seoulDateOf(v) : "";
};

const NOT_YET_SENT: ReadonlySet<Status | undefined> = new Set(["scheduled", "harvested", "packed"]);
const paidTime = (table: Table, r: number) =>
  table.get(r, "paidAt") instanceof Date ? (table.get(r, "paidAt") as Date).getTime() : 0;

/** A shipment of the day left out of the booking file, and why (Korean), for Tony to fix. */
export interface HeldBooking {
  sheetRow: number;
  recipientName: string;
  reason: string;
}

/**
 * Shipments (lead row first) of the day still to be handed to the courier, in payment order. A
 * shipment whose postal code is blank or impossible is held out (a courier cannot deliver it)
 * and listed in `held`.
 */
function shipmentsToShip(
  table: Table,
  date: SeoulDate,
  settings: Settings,
  held?: HeldBooking[],
): number[][] {
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    if (shipDateOf(table, r) === date && NOT_YET_SENT.has(statusOf(table, r))) rows.push(r);
  }
  return shipmentsOf(table, rows, settings)
    .filter((group) => {
      const postal = cleanPostalCode(table.get(group[0]!, "postalCode"));
      if (postal.ok) return true;
      held?.push({
        sheetRow: table.sheetRow(group[0]!),
        recipientName: table.text(group[0]!, "recipientName"),
        reason: postal.error,
      });
      return false;
    })
    .sort((a, b) => paidTime(table, a[0]!) - paidTime(table, b[0]!) || a[0]! - b[0]!);
}

/**
 * The 설정 lines a layout needs that Tony has not filled (the sender's phone and address), as the
 * line telling him which to fill, or null: the courier never gets a placeholder sender.
 */
export function courierNeeds(settings: Settings, layoutKey: string): string | null {
  const fields = new Set(COURIER_LAYOUTS[layoutKey]?.columns.map((c) => c.field));
  return fillFirst(
    settings,
    (["sellerPhone", "senderAddress"] as const).filter((key) => fields.has(key)),
  );
}

/** Header and rows of the bulk-registration file: one booking line per shipment. */
export function courierExport(
  host: Host,
  settings: Settings,
  date: SeoulDate,
  layoutKey: string,
  held?: HeldBooking[],
): Cell[][] {
  const layout = COURIER_LAYOUTS[layoutKey];
  if (!layout)
    throw new Error(`택배 양식이 없습니다: ${layoutKey} (${Object.keys(COURIER_LAYOUTS).join(", ")})`);
  const table = ordersTable(host);
  const value = (group: number[], field: string): Cell => {
    const lines = group.map((r) => ({
      item: table.text(r, "item"),
      boxes: boxCount(table.get(r, "boxes")),
    }));
    const boxes = lines.reduce((sum, l) => sum + l.boxes, 0);
    switch (field) {
      case "shipDate":
        return date;
      case "parcels":
        return parcelCount(boxes, settings);
      case "boxes":
        return boxes;
      case "item":
        return itemsShort(lines);
      case "memo":
        return [...new Set(group.map((r) => table.text(r, "memo")).filter(Boolean))].join(" / ");
      case "sellerName":
        return settings.sellerName;
      case "sellerPhone":
        return settings.sellerPhone;
      case "senderAddress":
        return settings.senderAddress;
      default:
        return table.text(group[0]!, field);
    }
  };
  return [
    layout.columns.map((c) => c.header),
    ...shipmentsToShip(table, date, settings, held).map((group) =>
      layout.columns.map((c) => (c.field ? value(group, c.field) : (c.value ?? ""))),
    ),
  ];
}

export interface TrackingLine {
  line: number;
  orderCode: string;
  recipient: string;
  trackingNumber: string;
}

export interface TrackingReport {
  /** Waybills new to 주문 (a shipment of several parcels gets several). */
  matched: TrackingLine[];
  /** Waybills 주문 already holds (the same file imported again): nothing changed. */
  already: TrackingLine[];
  /** Lines that changed nothing, with the reason. */
  unmatched: { line: number; text: string; reason: string }[];
}

/** The first line of import-tracking's answer: new waybills, and those already imported. */
export function trackingSummary(report: TrackingReport, date: SeoulDate | null): string {
  const where = date ? `${koreanDate(date)} 출하` : "발송 전 묶음 전체";
  const again = report.already.length > 0 ? ` · 이미 들어간 송장 ${report.already.length}건` : "";
  return `${where}: 새 송장 ${report.matched.length}건${again}`;
}

interface Candidate {
  rows: number[];
  lead: number;
  name: string;
  phone: string;
  orderCode: string;
  status: Status | undefined;
  date: SeoulDate | "";
  waybills: string[];
}

/** Why a line found no shipment to go to, naming the shipment that came closest. */
function whyUnmatched(all: Candidate[], name: string, phone: string, date: SeoulDate | null): string {
  const where = date ? `${koreanDate(date)} 출하 목록` : "아직 발송하지 않은 묶음";
  const score = (c: Candidate) => (c.phone === phone && phone ? 2 : 0) + (c.name === name ? 1 : 0);
  const best = all.reduce<Candidate | null>((b, c) => (score(c) > (b ? score(b) : 0) ? c : b), null);
  if (!best) return `${where}에 같은 받는분이나 전화번호가 없습니다`;
  const who = `${best.orderCode} 주문 ${best.name}님(${best.phone})`;
  if (score(best) === 2) return `가장 가까운 묶음은 ${who}인데 받는분 이름이 다릅니다 ("${name}")`;
  if (score(best) === 1) return `가장 가까운 묶음은 ${who}인데 전화번호가 다릅니다`;
  if (best.status === "cancelled") return `${who}은 취소된 주문입니다`;
  if (!NOT_YET_SENT.has(best.status))
    return `${who}은 ${best.status ? statusLabel(best.status) : "진행상태를 알 수 없는"} 상태라 발송할 묶음이 아닙니다`;
  return `${who}은 ${best.date ? koreanDate(best.date) : "출하일 미정"} 출하라 ${where}에 없습니다`;
}

/**
 * The courier's result file: each line is matched by the recipient's phone and name (and the
 * order number, when the file carries it) among the shipments not yet sent, of `date` or of any
 * day. Every waybill is kept: a shipment of several parcels collects them in 송장번호, `, `-separated.
 * A match gets 택배사, 송장번호 and 진행상태 발송 (the next pass logs the status and ticks the
 * earlier steps) and the waybill is logged in 이력; a waybill already there counts as nothing new;
 * anything unmatched or ambiguous is listed with the reason and changes nothing.
 */
export function importTracking(
  host: Host,
  source: Cell[][],
  date: SeoulDate | null,
  courier: string,
  /** The line of the text each source row starts on (CSV or pasted text); else its position. */
  sourceLines?: readonly number[],
): TrackingReport {
  const required = ["recipientName", "recipientPhone", "trackingNumber"];
  const headerRow = source.findIndex((row) =>
    required.every((key) => row.some((h) => TRACKING_HEADERS[key]!.map(squash).includes(squash(h)))),
  );
  if (headerRow < 0) throw new Error("받는분, 전화번호, 운송장번호 머리글을 찾지 못했습니다");
  const header = source[headerRow]!.map(squash);
  const col = (key: string) => header.findIndex((h) => TRACKING_HEADERS[key]!.map(squash).includes(h));
  const [nameCol, phoneCol, trackingCol, codeCol] = [
    col("recipientName"),
    col("recipientPhone"),
    col("trackingNumber"),
    col("orderCode"),
  ];

  const sheet = host.workbook.sheet(tab("orders").name)!;
  const table = ordersTable(host);
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (table.text(r, "rowId")) rows.push(r);
  const settings = loadSmallTabs(host, false).settings;
  const all: Candidate[] = shipmentsOf(table, rows, settings.ok ? settings.value : null).map((group) => {
    const lead = group[0]!;
    const waybills = parseWaybills(table.get(lead, "trackingNumber"));
    return {
      rows: group,
      lead,
      name: table.text(lead, "recipientName"),
      phone: table.text(lead, "recipientPhone"),
      orderCode: table.text(lead, "orderCode"),
      status: statusOf(table, lead),
      date: shipDateOf(table, lead),
      waybills: waybills.ok ? waybills.value : [],
    };
  });
  // Chosen once, before any line: the second parcel of a shipment finds it though the first made it 발송.
  const open = all.filter((c) => NOT_YET_SENT.has(c.status) && (date === null || c.date === date));
  const holder = new Map(all.flatMap((c) => c.waybills.map((w) => [w, c] as const)));
  const journal = new Journal();
  const report: TrackingReport = { matched: [], already: [], unmatched: [] };
  source.slice(headerRow + 1).forEach((line, i) => {
    const lineNo = sourceLines?.[headerRow + 1 + i] ?? headerRow + i + 2;
    if (!line.some((c) => String(c ?? "").trim())) return;
    const name = String(line[nameCol] ?? "").trim();
    const phone = normalizePhone(line[phoneCol]);
    const phoneText = phone.ok ? phone.value : String(line[phoneCol] ?? "").trim();
    const waybills = parseWaybills(line[trackingCol]);
    // The cells the match reads, not the courier file's twenty columns (issue 23).
    const text = [name, phoneText, String(line[trackingCol] ?? "").trim()].filter(Boolean).join(", ");
    if (!waybills.ok || waybills.value.length === 0) {
      report.unmatched.push({
        line: lineNo,
        text,
        reason: waybills.ok ? "송장번호가 없습니다" : waybills.error,
      });
      return;
    }
    const known = waybills.value.filter((w) => holder.has(w));
    for (const w of known) {
      const c = holder.get(w)!;
      report.already.push({ line: lineNo, orderCode: c.orderCode, recipient: c.name, trackingNumber: w });
    }
    const fresh = waybills.value.filter((w) => !holder.has(w));
    if (fresh.length === 0) return;
    const code = codeCol >= 0 ? String(line[codeCol] ?? "").trim() : "";
    const same = open.filter((c) => c.name === name && phone.ok && c.phone === phone.value);
    const hits = same.length > 1 && code ? same.filter((c) => c.orderCode === code) : same;
    if (hits.length !== 1) {
      const codes = (list: Candidate[]) => list.map((c) => c.orderCode).join(", ");
      report.unmatched.push({
        line: lineNo,
        text,
        reason:
          hits.length === 0 && same.length > 0
            ? `고객주문번호 ${code}인 묶음이 없습니다 (같은 받는분의 묶음: 주문번호 ${codes(same)})`
            : hits.length === 0
              ? whyUnmatched(all, name, phoneText, date)
              : `같은 받는분과 전화번호로 가는 묶음이 ${hits.length}개라 정할 수 없습니다 (주문번호 ${codes(hits)}). 주문 탭에 직접 적어 주세요`,
      });
      return;
    }
    const c = hits[0]!;
    c.waybills.push(...fresh);
    for (const w of fresh) {
      holder.set(w, c);
      report.matched.push({ line: lineNo, orderCode: c.orderCode, recipient: name, trackingNumber: w });
    }
    const cell = formatWaybills(c.waybills);
    for (const r of c.rows) {
      if (table.text(r, "courier") !== courier) {
        table.set(r, "courier", courier);
      }
      journal.log({
        actor: "tony",
        orderCode: c.orderCode,
        rowId: table.text(r, "rowId"),
        event: EVENT.tracking,
        from: table.text(r, "trackingNumber"),
        to: cell,
        detail: `${courier} 송장번호 (택배사 결과 ${lineNo}줄)`,
      });
      table.set(r, "trackingNumber", cell);
      table.set(r, "status", statusLabel("shipped"));
    }
  });
  table.flush(sheet);
  journal.flush(host.workbook, host.now());
  return report;
}
