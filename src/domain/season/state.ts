/**
 * A row of 주문 as a decision sees it: what the cells say now, what the script last recorded
 * about it (the hidden 기록 cell), and the two moves every rule makes, logged as it makes them.
 */
import type { SeoulDate } from "../clock";
import { EVENT } from "../events";
import { fnv1a } from "../fingerprint";
import type { Amounts } from "../pricing";
import type { OrderRowFields } from "../rows";
import type { Actor, Status } from "../schemas";
import { statusLabel } from "../status";
import type { Cell, Grid } from "./grid";
import type { DecisionLog } from "./log";

/** Tony's input columns: a row is there when any of them holds something. */
export const INPUT_KEYS = [
  "orderCode",
  "ordererName",
  "ordererPhone",
  "recipientName",
  "recipientPhone",
  "address",
  "item",
  "boxes",
];

/** What the script last recorded about a row (the hidden 기록 cell). */
export interface Recorded {
  p: 0 | 1;
  d: SeoulDate | "";
  b: number;
  s: Status;
  /** 1 when the date was typed by hand. */
  m?: 1;
  /** Fingerprint of the row's identity (orderer, recipient, orderer's phone): see identityOf. */
  f?: string;
  /** The date the row's boxes hold capacity on (its shipment's), when they hold any. */
  a?: SeoulDate;
  /** 1 when that hold counts for strict order (paid, date not typed by hand). */
  o?: 1;
  /** 1 when its shipment waits for a day (waitlisted). */
  w?: 1;
  /** Its shipment's lane for strict order (allocation's laneOf), when not the season's. */
  l?: string;
  /** Its item, when 설정 has per-item lines (the season's sums count boxes per item). */
  i?: string;
  /**
   * Fingerprint of every other cell of the row as the script left it (rowFingerprint): a
   * reconcile that finds it unchanged knows no person touched the row since.
   */
  h?: string;
}

export function parseRecorded(text: string): Recorded | null {
  if (!text) return null;
  try {
    const r = JSON.parse(text) as Recorded;
    return typeof r === "object" && r && typeof r.s === "string" ? r : null;
  } catch {
    return null;
  }
}

/** What one row's 기록 says it holds: boxes at a date, and the facts allocation sums. */
export interface RowClaim {
  /** Boxes of the row held on this date (its shipment holds capacity there). */
  heldOn: SeoulDate | null;
  boxes: number;
  /** The hold counts for the strict order's floor (paid, date not typed by hand). */
  ordered: boolean;
  /** Its shipment waits for a day (waitlisted). */
  waiting: boolean;
  /** Its shipment's lane (allocation's laneOf); absent: the season's. */
  lane?: string;
  /** Its item, when 설정 has per-item lines. */
  item?: string;
}

/** What a row's 기록 says it holds. */
export function claimOf(recorded: Recorded): RowClaim {
  return {
    heldOn: recorded.a ?? null,
    boxes: recorded.b,
    ordered: recorded.o === 1,
    waiting: recorded.w === 1,
    ...(recorded.l ? { lane: recorded.l } : {}),
    ...(recorded.i ? { item: recorded.i } : {}),
  };
}

/**
 * A short fingerprint of who a row is for. Sorting only the visible columns would leave a row's
 * hidden id, token and 기록 beside another row's names: a fingerprint that no longer matches
 * the visible cells says so, and the row is set aside as a problem instead of silently taking
 * the other row's state. (FNV-1a, 32 bits, base 36: collisions only matter between two rows.)
 */
export function identityOf(ordererName: string, recipientName: string, ordererPhone: string): string {
  return fnv1a([ordererName.trim(), recipientName.trim(), ordererPhone.replace(/\D/g, "")].join("|"));
}

export const identityAt = (rows: Pick<Grid, "text">, r: number): string =>
  identityOf(rows.text(r, "ordererName"), rows.text(r, "recipientName"), rows.text(r, "ordererPhone"));

/**
 * A fingerprint of a row's cells but its 기록 (column `skip`; dates by instant, numbers and text
 * as text, so a value reads back the same as it was written). Any change a person makes to the
 * row, through a trigger or not, changes it.
 */
export function cellsFingerprint(cells: readonly Cell[], skip: number): string {
  const parts: string[] = [];
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c];
    // Whole seconds: a sheet need not keep a time's milliseconds.
    parts.push(c === skip ? "" : v instanceof Date ? `@${Math.floor(v.getTime() / 1000)}` : String(v ?? ""));
  }
  // Trailing blanks carry nothing: a row read back shorter or longer hashes the same.
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return fnv1a(parts.join("\u001f"));
}

/** A row's fingerprint as it stands (see cellsFingerprint). */
export const rowFingerprint = (rows: Pick<Grid, "row" | "columnOf">, r: number): string =>
  cellsFingerprint(rows.row(r), rows.columnOf("recorded"));

/** A row problem; `kind` marks one code must recognise, so nothing matches on the Korean message. */
export interface RowProblem {
  field: string;
  message: string;
  raw: string;
  kind?: "tooLarge" | "duplicate";
}

export interface RowState {
  r: number;
  rowId: string;
  orderCode: string;
  fields: OrderRowFields | null;
  amounts: Amounts | null;
  recorded: Recorded | null;
  paid: boolean;
  paidAt: Date | null;
  status: Status;
  shipDate: SeoulDate | null;
  boxes: number;
  boxesGrew: boolean;
  manualDate: boolean;
  problems: RowProblem[];
}

export function setStatus(s: RowState, to: Status, log: DecisionLog, actor: Actor, detail = ""): void {
  if (s.status === to) return;
  log.log({
    actor,
    orderCode: s.orderCode,
    rowId: s.rowId,
    event: EVENT.status,
    from: statusLabel(s.status),
    to: statusLabel(to),
    detail,
  });
  s.status = to;
}

export function setShipDate(
  s: RowState,
  date: SeoulDate | null,
  log: DecisionLog,
  actor: Actor,
  event: string = EVENT.shipDate,
): void {
  if (s.shipDate === date) return;
  log.log({
    actor,
    orderCode: s.orderCode,
    rowId: s.rowId,
    event,
    from: s.shipDate ?? "",
    to: date ?? "",
  });
  s.shipDate = date;
}
