/**
 * The courier's bulk-registration file for a day (its column layout is data in
 * sheets-templates/courier-layouts.json), and the courier's result coming back: tracking numbers
 * matched by recipient phone and name among that day's shipments.
 */
import layoutsJson from "../../sheets-templates/courier-layouts.json";
import { seoulDateOf, type SeoulDate } from "../domain/clock";
import { parcelCount } from "../domain/pricing";
import type { Settings } from "../domain/schemas";
import { normalizePhone, normalizeTrackingNumber } from "../domain/validation";
import { tab } from "../templates";
import type { Cell, Host } from "./port";
import { statusOf } from "./orderCells";
import { Table } from "./table";
import { statusLabel } from "../domain/status";

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

/** The day's shipments still to be handed to the courier, in shipping order (payment order). */
function rowsToShip(table: Table, date: SeoulDate): number[] {
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const status = statusOf(table, r);
    if (
      shipDateOf(table, r) === date &&
      (status === "scheduled" || status === "harvested" || status === "packed")
    )
      rows.push(r);
  }
  const paid = (r: number) =>
    table.get(r, "paidAt") instanceof Date ? (table.get(r, "paidAt") as Date).getTime() : 0;
  return rows.sort((a, b) => paid(a) - paid(b) || a - b);
}

/** Header and rows of the bulk-registration file. */
export function courierExport(host: Host, settings: Settings, date: SeoulDate, layoutKey: string): Cell[][] {
  const layout = COURIER_LAYOUTS[layoutKey];
  if (!layout)
    throw new Error(`택배 양식이 없습니다: ${layoutKey} (${Object.keys(COURIER_LAYOUTS).join(", ")})`);
  const table = ordersTable(host);
  const value = (r: number, field: string): Cell => {
    const boxes = Number(table.get(r, "boxes")) || 0;
    switch (field) {
      case "shipDate":
        return date;
      case "parcels":
        return parcelCount(boxes, settings);
      case "boxes":
        return boxes;
      case "sellerName":
        return settings.sellerName;
      case "sellerPhone":
        return settings.sellerPhone;
      case "senderAddress":
        return settings.senderAddress;
      default:
        return table.text(r, field);
    }
  };
  return [
    layout.columns.map((c) => c.header),
    ...rowsToShip(table, date).map((r) =>
      layout.columns.map((c) => (c.field ? value(r, c.field) : (c.value ?? ""))),
    ),
  ];
}

export interface TrackingReport {
  matched: { line: number; orderCode: string; recipient: string; trackingNumber: string }[];
  /** Lines that changed nothing, with the reason. */
  unmatched: { line: number; text: string; reason: string }[];
}

/**
 * The courier's result file: each line is matched by the recipient's phone and name among the
 * day's shipments. A unique match gets 택배사, 송장번호 and 진행상태 발송 (the next pass logs it
 * and ticks the earlier steps); anything unmatched or ambiguous is listed and changes nothing.
 */
export function importTracking(
  host: Host,
  source: Cell[][],
  date: SeoulDate,
  courier: string,
): TrackingReport {
  const headerRow = source.findIndex((row) =>
    Object.values(TRACKING_HEADERS).every((names) => row.some((h) => names.map(squash).includes(squash(h)))),
  );
  if (headerRow < 0) throw new Error("받는분, 전화번호, 운송장번호 머리글을 찾지 못했습니다");
  const header = source[headerRow]!.map(squash);
  const col = (key: string) => header.findIndex((h) => TRACKING_HEADERS[key]!.map(squash).includes(h));
  const [nameCol, phoneCol, trackingCol] = [
    col("recipientName"),
    col("recipientPhone"),
    col("trackingNumber"),
  ];

  const sheet = host.workbook.sheet(tab("orders").name)!;
  const table = ordersTable(host);
  const candidates: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    if (shipDateOf(table, r) === date && statusOf(table, r) !== "cancelled") candidates.push(r);
  }
  const report: TrackingReport = { matched: [], unmatched: [] };
  const used = new Set<number>();
  source.slice(headerRow + 1).forEach((line, i) => {
    const lineNo = headerRow + i + 2;
    if (!line.some((c) => String(c ?? "").trim())) return;
    const name = String(line[nameCol] ?? "").trim();
    const phone = normalizePhone(line[phoneCol]);
    const tracking = normalizeTrackingNumber(line[trackingCol]);
    const text = line.map((c) => String(c ?? "")).join(", ");
    if (!tracking.ok || !tracking.value) {
      report.unmatched.push({
        line: lineNo,
        text,
        reason: tracking.ok ? "송장번호가 없습니다" : tracking.error,
      });
      return;
    }
    const hits = candidates.filter(
      (r) =>
        table.text(r, "recipientName") === name &&
        phone.ok &&
        table.text(r, "recipientPhone") === phone.value,
    );
    if (hits.length !== 1 || used.has(hits[0]!)) {
      report.unmatched.push({
        line: lineNo,
        text,
        reason:
          hits.length === 0
            ? `${date} 출하 목록에 같은 받는분과 전화번호가 없습니다`
            : "같은 받는분이 여럿이라 정할 수 없습니다",
      });
      return;
    }
    const r = hits[0]!;
    used.add(r);
    table.set(r, "courier", courier);
    table.set(r, "trackingNumber", tracking.value);
    table.set(r, "status", statusLabel("shipped"));
    report.matched.push({
      line: lineNo,
      orderCode: table.text(r, "orderCode"),
      recipient: name,
      trackingNumber: tracking.value,
    });
  });
  table.flush(sheet);
  return report;
}
