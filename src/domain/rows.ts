/**
 * Reading one 주문 row: the cells Tony typed become a shipment's fields, or problems that name
 * the column in Korean and keep the raw value. Nothing is dropped: a row with problems is still
 * read as far as it goes.
 */
import { headerOf } from "../templates";
import { parseSeoulDate, type SeoulDate } from "./clock";
import { shipmentAmounts, type Amounts } from "./pricing";
import type { Result } from "./result";
import type { Payment, Settings, Status } from "./schemas";
import { unitPriceOf } from "./settings";
import { statusFromLabel } from "./status";
import {
  normalizeAddress,
  normalizeBoxes,
  normalizeName,
  normalizePhone,
  normalizePostalCode,
} from "./validation";
import { formatWaybills, parseWaybills } from "./shipments";

/** 송장번호 holds one waybill or several (`, `-separated), each a whole tracking number. */
const waybillsText = (value: unknown): Result<string> => {
  const parsed = parseWaybills(value);
  return parsed.ok ? { ok: true, value: formatWaybills(parsed.value) } : parsed;
};

export interface FieldProblem {
  field: string;
  message: string;
  raw: string;
}

/** What Tony typed, normalised. */
export interface OrderRowFields {
  ordererName: string;
  ordererPhone: string;
  recipientName: string;
  recipientPhone: string;
  postalCode: string;
  address: string;
  item: string;
  boxes: number;
  payment: Payment;
  shipDate: SeoulDate | null;
  status: Status | null;
  trackingNumber: string;
}

export interface ReadRow {
  /** null when a field needed for money or shipping is unusable. */
  fields: OrderRowFields | null;
  amounts: Amounts | null;
  problems: FieldProblem[];
}

const PAID_WORDS = new Set([
  "입금완료",
  "입금",
  "완료",
  "o",
  "ㅇ",
  "y",
  "yes",
  "true",
  "v",
  "✓",
  "✔",
  "확인",
  "입금확인",
]);
const UNPAID_WORDS = new Set(["", "미입금", "x", "n", "no", "false", "대기", "미확인"]);

/** 입금상태 as Tony writes it: 입금완료, 완료, O, ㅇ, a ticked box… */
export function parsePayment(value: unknown): Result<Payment> {
  if (value === true) return { ok: true, value: "paid" };
  if (value === false) return { ok: true, value: "unpaid" };
  const word = String(value ?? "")
    .replace(/\s/g, "")
    .toLowerCase();
  if (PAID_WORDS.has(word)) return { ok: true, value: "paid" };
  if (UNPAID_WORDS.has(word)) return { ok: true, value: "unpaid" };
  return { ok: false, error: `입금상태는 "입금완료" 또는 "미입금"으로 적어 주세요: "${String(value)}"` };
}

/** The boxes of a 상자수 cell (`3`, `3상자`, `3 박스`, `4box`), 0 when unreadable: one reading everywhere. */
export function boxCount(cell: unknown): number {
  const boxes = normalizeBoxes(cell);
  return boxes.ok ? boxes.value : 0;
}

const rawText = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : value === null || value === undefined ? "" : String(value);

export function readOrderRow(
  cells: Record<string, unknown>,
  settings: Settings,
  seasonYear: number,
): ReadRow {
  const problems: FieldProblem[] = [];
  function field<T>(key: string, result: Result<T>): T | undefined {
    if (result.ok) return result.value;
    problems.push({
      field: key,
      message: `${headerOf("orders", key)}: ${result.error}`,
      raw: rawText(cells[key]),
    });
    return undefined;
  }
  const item = String(cells.item ?? "").trim();
  const unitPrice = unitPriceOf(settings, item);
  if (unitPrice === undefined) {
    problems.push({
      field: "item",
      message: item
        ? `${headerOf("orders", "item")}: 설정에 없는 품목입니다: "${item}"`
        : `${headerOf("orders", "item")}: 품목이 비어 있습니다`,
      raw: item,
    });
  }
  const shipDateCell = cells.shipDate;
  const statusCell = String(cells.status ?? "").trim();
  const status = statusCell === "" ? null : (statusFromLabel(statusCell) ?? null);
  if (statusCell !== "" && status === null) {
    problems.push({
      field: "status",
      message: `${headerOf("orders", "status")}: 알 수 없는 상태입니다: "${statusCell}"`,
      raw: statusCell,
    });
  }
  const parsed = {
    ordererName: field("ordererName", normalizeName(cells.ordererName)),
    ordererPhone: field("ordererPhone", normalizePhone(cells.ordererPhone)),
    recipientName: field("recipientName", normalizeName(cells.recipientName)),
    recipientPhone: field("recipientPhone", normalizePhone(cells.recipientPhone)),
    postalCode: field("postalCode", normalizePostalCode(cells.postalCode)),
    address: field("address", normalizeAddress(cells.address)),
    boxes: field("boxes", normalizeBoxes(cells.boxes)),
    payment: field("payment", parsePayment(cells.payment)),
    shipDate:
      shipDateCell === "" || shipDateCell === null || shipDateCell === undefined
        ? null
        : (field("shipDate", parseSeoulDate(shipDateCell, seasonYear)) ?? null),
    trackingNumber: field("trackingNumber", waybillsText(cells.trackingNumber)),
  };
  const complete = Object.values(parsed).every((v) => v !== undefined) && unitPrice !== undefined;
  if (!complete) return { fields: null, amounts: null, problems };
  const fields = { ...(parsed as Omit<OrderRowFields, "item" | "status">), item, status };
  return { fields, amounts: shipmentAmounts(fields.boxes, unitPrice, settings), problems };
}
