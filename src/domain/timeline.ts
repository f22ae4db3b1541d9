/**
 * What 이력 tells a customer: a line of the status page's timeline for each event they need to
 * see, at a time older customers read at a glance, and each row's history as the read model keeps
 * it (its lines, when it was created, what the bank has paid), extended pass by pass. Pure: the
 * app reads 이력 or a pass's events and hands them here.
 */
import { koreanDate, seoulDateTimeOf, type SeoulDate } from "./clock";
import { loggedLine } from "./deposits";
import { bankTimeIn, EVENT, type EventLine } from "./events";
import { formatWon } from "./pricing";
import { parsePayment } from "./rows";
import { statusFromLabel } from "./status";

export interface TimelineEntry {
  at: string;
  text: string;
}

/**
 * An order's history: each row's own timeline lines (from 이력, the first 주문 접수 line aside)
 * and when it was created (`c`, epoch milliseconds), and the won the bank has paid so far.
 */
export interface OrderHistory {
  received: number;
  rows: Record<string, RowHistory>;
}

/**
 * One row's history: its timeline lines, when it was created (`c`, epoch milliseconds) and the
 * first ship date its customer was told (`f`: what a later date is late against).
 */
export interface RowHistory {
  t: TimelineEntry[];
  c?: number;
  f?: SeoulDate;
}

const isDate = (text: string): text is SeoulDate => /^\d{4}-\d{2}-\d{2}$/.test(text);

/**
 * The first date a row's customer was told, after `e`: set by the first date given (or, in a
 * history kept from before it was recorded, by the date the first move left); forgotten when the
 * order goes back to unpaid (a date given after paying again is a new promise, not a late one).
 */
function firstDateAfter(
  first: SeoulDate | undefined,
  e: Pick<EventLine, "event" | "from" | "to">,
): SeoulDate | undefined {
  switch (e.event) {
    case EVENT.shipDate:
    case EVENT.manualDate:
      return first ?? (isDate(e.to) ? e.to : undefined);
    case EVENT.shipDateMoved:
      return first ?? (isDate(e.from) ? e.from : undefined);
    case EVENT.payment: {
      const payment = parsePayment(e.to);
      return payment.ok && payment.value === "paid" ? first : undefined;
    }
    default:
      return first;
  }
}

/** A pass's events, as if read back from 이력 (logged at their own time, or `now`). */
export interface PassEvent {
  /** When it happened, if before the pass (a tick the reconcile carries). */
  at?: Date;
  rowId: string;
  orderCode?: string;
  event: string;
  from?: string;
  to?: string;
  detail?: string;
}

/** `7월 13일 (월) 오후 2:05`: the twelve-hour clock older customers read at a glance. */
export function shortTime(at: Date): string {
  const [date, time] = seoulDateTimeOf(at).split(" ") as [SeoulDate, string];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${koreanDate(date)} ${hours < 12 ? "오전" : "오후"} ${hour12}:${String(minutes).padStart(2, "0")}`;
}

/** One line of the timeline for an event of 이력, or null for events customers need not see. */
export function timelineText(event: string, from: string, to: string, detail = ""): string | null {
  switch (event) {
    case EVENT.created:
      return null; // the timeline starts at the order's 접수일시 (renderOrder), not at its import
    case EVENT.bankDeposit:
      return Number(to) > 0 ? `${formatWon(Number(to))} 입금됨` : null;
    case EVENT.payment: {
      const payment = parsePayment(to);
      return payment.ok && payment.value === "paid" ? "입금 확인" : "입금 취소";
    }
    case EVENT.shipDate:
    case EVENT.manualDate:
      return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `출하일 ${koreanDate(to)}로 정해짐` : null;
    case EVENT.shipDateMoved:
      // From 대기 to a day: the ship date event beside it says the day.
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) return null;
      return (
        (/^\d{4}-\d{2}-\d{2}$/.test(to)
          ? `출하일이 ${koreanDate(from)}에서 ${koreanDate(to)}로 바뀜`
          : `출하일이 ${koreanDate(from)}에서 바뀌어 대기 중`) + (detail ? ` (${detail})` : "")
      );
    case EVENT.status:
      switch (statusFromLabel(to)) {
        case "waitlisted":
          return "출하 대기";
        case "harvested":
          return "수확 완료";
        case "packed":
          return "포장 완료";
        case "shipped":
          return "발송";
        case "delivered":
          return "배송 완료";
        case "cancelled":
          return "주문 취소";
        default:
          return null;
      }
    default:
      return null;
  }
}

/**
 * When a line happened for the customer: a deposit, and the payment a bank import made of it, at
 * the bank's time (its 내용 says it), not when Tony imported the export; any other line when logged.
 */
function happenedAt(e: EventLine): number {
  const bank =
    e.event === EVENT.bankDeposit
      ? loggedLine(e.detail ?? "")?.at
      : e.event === EVENT.payment
        ? bankTimeIn(e.detail)
        : null;
  return bank ? bank.getTime() : e.at;
}

function timelineOf(events: readonly EventLine[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    const line = timelineText(e.event, e.from, e.to, e.detail);
    if (line) entries.push({ at: shortTime(new Date(happenedAt(e))), text: line });
  }
  return entries;
}

/** An order's history as 이력 tells it (`events`: those of the order's rows, in 이력's order). */
export function historyFromEvents(
  code: string,
  rowIds: readonly string[],
  events: readonly EventLine[],
): OrderHistory {
  const rows: OrderHistory["rows"] = {};
  let received = 0;
  for (const id of rowIds) rows[id] = { t: [] };
  for (const e of events) {
    const row = rows[e.rowId];
    if (!row) continue;
    if (e.event === EVENT.created && e.at && row.c === undefined) row.c = e.at;
    // Bank lines are logged on an order's first row; any row of it counts.
    if (e.event === EVENT.bankDeposit && e.orderCode === code) received += Number(e.to) || 0;
    row.t.push(...timelineOf([e]));
    const first = firstDateAfter(row.f, e);
    if (first) row.f = first;
    else delete row.f;
  }
  return { received, rows };
}

/**
 * `history` followed by a pass's new events of the order's rows (`eventsByRow`): what
 * historyFromEvents would say once 이력 holds them too.
 */
export function extendHistory(
  code: string,
  history: OrderHistory,
  rowIds: readonly string[],
  eventsByRow: ReadonlyMap<string, readonly PassEvent[]>,
  now: Date,
): OrderHistory {
  const mine = rowIds
    .flatMap((id) => eventsByRow.get(id) ?? [])
    .map((e) => ({
      at: (e.at ?? now).getTime(),
      orderCode: e.orderCode ?? "",
      rowId: e.rowId,
      event: e.event,
      from: e.from ?? "",
      to: e.to ?? "",
      ...(e.detail ? { detail: e.detail } : {}),
    }));
  const added = historyFromEvents(code, rowIds, mine);
  const rows: OrderHistory["rows"] = {};
  for (const id of rowIds) {
    const before = history.rows[id];
    const more = added.rows[id]!;
    rows[id] = { t: [...(before?.t ?? []), ...more.t] };
    const c = before?.c ?? more.c;
    if (c !== undefined) rows[id]!.c = c;
    let first = before?.f;
    for (const e of mine) if (e.rowId === id) first = firstDateAfter(first, e);
    if (first) rows[id]!.f = first;
  }
  return { received: history.received + added.received, rows };
}
