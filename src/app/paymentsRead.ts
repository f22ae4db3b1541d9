/**
 * What 주문 and 이력 say of payments, read once for an import: the open orders by code (what each
 * still owes, its rows), the bank lines earlier imports applied (as today's identities, so a
 * deposit logged in one layout is known in another) and the deposits with what each paid.
 */
import { dueOf, loggedLine, type AppliedDeposit, type OpenOrder } from "../domain/deposits";
import { EVENT } from "../domain/events";
import type { Settings } from "../domain/schemas";
import { statusLabel } from "../domain/status";
import { paymentDeadline } from "../domain/webOrder";
import { tab, WEB_SOURCE } from "../templates";
import { loadSmallTabs } from "./smallTabs";
import { readEvents, receivedByOrder, type LoggedEvent } from "./journal";
import { isPaid, statusOf } from "./orderCells";
import type { Host } from "./port";
import { Table } from "./table";
import type { PaymentCandidate } from "./payments";

/**
 * What earlier imports did, from 이력: the fingerprints applied (as today's identities, so a
 * deposit logged in one layout is recognised in another) and the deposits applied, with what
 * each paid and whether a reversal took it back.
 */
function appliedLines(events: readonly LoggedEvent[]) {
  const byIdentity = new Map<string, Set<string>>();
  const deposits = new Map<string, AppliedDeposit>();
  const undone = new Set<string>();
  for (const e of events) {
    if (e.event !== EVENT.bankDeposit && e.event !== EVENT.bankReversal) continue;
    const line = loggedLine(e.detail);
    if (!line) continue;
    byIdentity.set(line.identity, (byIdentity.get(line.identity) ?? new Set()).add(line.print));
    if (e.event === EVENT.bankReversal) {
      if (line.undoes) undone.add(line.undoes);
      continue;
    }
    const deposit = deposits.get(line.print) ?? {
      fingerprint: line.print,
      at: line.at,
      amount: line.amount,
      name: line.name,
      shares: [],
      reversed: false,
    };
    deposit.shares.push({ code: e.orderCode, amount: Number(e.to) || 0 });
    deposits.set(line.print, deposit);
  }
  const applied = new Set<string>();
  for (const [identity, prints] of byIdentity)
    for (let k = 1; k <= prints.size; k++) applied.add(`${identity}.${k}`);
  for (const d of deposits.values()) d.reversed = undone.has(d.fingerprint);
  return { applied, deposits: [...deposits.values()] };
}

export interface OrderRows {
  order: OpenOrder;
  rows: number[];
  firstRowId: string;
}

/**
 * Whether an order's rows were cancelled for non-payment (and by nothing since): the last
 * status line of its first row is the deadline's.
 */
function cancelledForNonPayment(events: readonly LoggedEvent[], rowId: string): boolean {
  let last: LoggedEvent | null = null;
  for (const e of events) if (e.rowId === rowId && e.event === EVENT.status) last = e;
  return !!last && last.to === statusLabel("cancelled") && last.detail === EVENT.expired;
}

/**
 * Orders by code, with what earlier bank lines already paid, and the fingerprints applied.
 * An order cancelled for non-payment is still a candidate for a deposit made by its deadline.
 */
function readOrders(orders: Table, events: readonly LoggedEvent[], settings: Settings | null) {
  const received = receivedByOrder(events);
  const { applied, deposits } = appliedLines(events);
  const byCode = new Map<string, OrderRows>();
  for (let r = 0; r < orders.rowCount; r++) {
    const code = orders.text(r, "orderCode");
    if (!code) continue;
    let payableUntil: Date | undefined;
    if (statusOf(orders, r) === "cancelled") {
      const orderedAt = orders.get(r, "orderedAt");
      const deadline =
        settings && orderedAt instanceof Date ? paymentDeadline(orderedAt, settings.webExpiryDays) : null;
      const restorable =
        deadline !== null &&
        orders.text(r, "source") === WEB_SOURCE &&
        cancelledForNonPayment(events, orders.text(r, "rowId"));
      if (!restorable) continue;
      payableUntil = deadline;
    }
    const total = orders.get(r, "total");
    let entry = byCode.get(code);
    if (!entry) {
      entry = {
        order: {
          code,
          ordererName: orders.text(r, "ordererName"),
          total: 0,
          received: received.get(code) ?? 0,
          paid: false,
          ...(payableUntil ? { payableUntil } : {}),
        },
        rows: [],
        firstRowId: orders.text(r, "rowId"),
      };
      byCode.set(code, entry);
    }
    entry.rows.push(r);
    // A row whose amount is unknown (a problem row) makes the order's total unknown: never matched.
    entry.order.total += typeof total === "number" ? total : Number.NaN;
    if (isPaid(orders, r)) entry.order.paid = true;
  }
  for (const entry of byCode.values()) if (Number.isNaN(entry.order.total)) entry.order.paid = true;
  return { byCode, applied, deposits };
}

export function candidate(entry: OrderRows | undefined): PaymentCandidate[] {
  if (!entry) return [];
  const { order } = entry;
  return [{ orderCode: order.code, ordererName: order.ordererName, total: order.total, due: dueOf(order) }];
}

export function openPayments(host: Host) {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) throw new Error(`'${tab("orders").name}' 탭이 없습니다`);
  const orders = Table.read(tab("orders"), sheet);
  const settings = loadSmallTabs(host, false).settings;
  return {
    sheet,
    orders,
    ...readOrders(orders, readEvents(host.workbook, host.now()), settings.ok ? settings.value : null),
  };
}
