/**
 * Reading one 주문 row: the cells Tony typed become a shipment's fields, or problems that name
 * the column in Korean and keep the raw value. Nothing is dropped: a row with problems is still
 * read as far as it goes.
 */
import { headerOf, LISTS } from "../templates";
import { parseSeoulDate, type SeoulDate } from "./clock";
import { shipmentAmounts, type Amounts } from "./pricing";
import type { Result } from "./result";
import type { Payment, Settings, Status } from "./schemas";
import { matchItem } from "./settings";
import { statusFromLabel } from "./status";
import {
  cleanPhone,
  cleanPostalCode,
  normalizeAddress,
  normalizeBoxes,
  normalizeName,
  type Cleaned,
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

/** The words 입금상태 is written with. */
export const PAYMENT_LABEL = { paid: LISTS.payment[1]!, unpaid: LISTS.payment[0]! };

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

/** A cell the script rewrites to what Tony meant: logged in 이력 with from and to. */
export interface CellRepair {
  field: string;
  from: string;
  to: string;
  /** Why, for 이력; "" when only the form changed (010 1234 5678 → 010-1234-5678). */
  reason: string;
}

export interface ReadRow {
  /**
   * null only when what money or scheduling needs is unusable (item, boxes, payment): a problem
   * in a name, phone, postal code, address or tracking number is shown and logged, but the row
   * still gets its amounts and its date, for these are known.
   */
  fields: OrderRowFields | null;
  amounts: Amounts | null;
  /** The boxes as typed, even when the row has other problems (null when unreadable). */
  boxes: number | null;
  problems: FieldProblem[];
  repairs: CellRepair[];
}

const LOST_ZERO = "엑셀이 지운 앞자리 0을 되살림";

export function readOrderRow(
  cells: Record<string, unknown>,
  settings: Settings,
  seasonYear: number,
): ReadRow {
  const problems: FieldProblem[] = [];
  const repairs: CellRepair[] = [];
  function field<T>(key: string, result: Result<T>): T | undefined {
    if (result.ok) return result.value;
    problems.push({
      field: key,
      message: `${headerOf("orders", key)}: ${result.error}`,
      raw: rawText(cells[key]),
    });
    return undefined;
  }
  /** A phone or postal code: its normal form (a repair when it differs), or the cell as it is. */
  function cleaned(key: string, result: Result<Cleaned>): string {
    const value = field(key, result);
    const typed = rawText(cells[key]).trim();
    if (value === undefined) return typed;
    if (value.value !== typed) {
      repairs.push({ field: key, from: typed, to: value.value, reason: value.lostZero ? LOST_ZERO : "" });
    }
    return value.value;
  }
  const typedItem = String(cells.item ?? "").trim();
  const item = field("item", matchItem(settings, typedItem));
  if (item && item.name !== typedItem) {
    repairs.push({ field: "item", from: typedItem, to: item.name, reason: "설정의 품목 이름으로 맞춤" });
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
  const text = (key: string, result: Result<string>) => field(key, result) ?? rawText(cells[key]).trim();
  const contact = {
    ordererName: text("ordererName", normalizeName(cells.ordererName)),
    ordererPhone: cleaned("ordererPhone", cleanPhone(cells.ordererPhone)),
    recipientName: text("recipientName", normalizeName(cells.recipientName)),
    recipientPhone: cleaned("recipientPhone", cleanPhone(cells.recipientPhone)),
    postalCode: cleaned("postalCode", cleanPostalCode(cells.postalCode)),
    address: text("address", normalizeAddress(cells.address)),
  };
  const needed = {
    boxes: field("boxes", normalizeBoxes(cells.boxes)),
    payment: field("payment", parsePayment(cells.payment)),
    shipDate:
      shipDateCell === "" || shipDateCell === null || shipDateCell === undefined
        ? null
        : (field("shipDate", parseSeoulDate(shipDateCell, seasonYear)) ?? null),
    trackingNumber: text("trackingNumber", waybillsText(cells.trackingNumber)),
  };
  const boxes = needed.boxes ?? null;
  const complete = needed.boxes !== undefined && needed.payment !== undefined && item !== undefined;
  if (!complete) return { fields: null, amounts: null, boxes, problems, repairs };
  const fields: OrderRowFields = {
    ...contact,
    ...(needed as Omit<OrderRowFields, keyof typeof contact | "item" | "status">),
    item: item.name,
    status,
  };
  return {
    fields,
    amounts: shipmentAmounts(fields.boxes, item.unitPrice, settings),
    boxes,
    problems,
    repairs,
  };
}
