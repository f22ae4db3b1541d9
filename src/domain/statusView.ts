/**
 * An order as the customer's status page shows it: the orderer's and recipients' names masked,
 * addresses cut to 시/도 and 시/군/구, the amounts and (while unpaid) how to pay, and one card per
 * shipment with its status, ship date or why it waits, tracking once shipped, and its timeline.
 * Pure: the app hands it the order's rows of 주문 (cells by column key) and its history
 * (src/domain/timeline.ts); where the result is kept and how a lookup finds it is the app's.
 */
import { koreanDate, seoulDateTimeOf, type SeoulDate } from "./clock";
import { trackingUrl } from "./couriers";
import { answeredText, delayAnswerOf, latenessOf } from "./delayAnswer";
import { codeTail, depositorName } from "./deposits";
import { maskAddress, maskName } from "./masking";
import { formatWon, orderAmounts } from "./pricing";
import { boxCount, parsePayment } from "./rows";
import type { Settings } from "./schemas";
import { fillFirst, waitingReason } from "./settings";
import { parcelSplitter, splitNotice } from "./harvest";
import { groupParcels, itemsShort, itemsText, parseWaybills, WAYBILL_SEPARATOR } from "./shipments";
import { statusFromLabel, statusLabel } from "./status";
import { shortTime, type OrderHistory, type TimelineEntry } from "./timeline";
import { phoneLast4 } from "./validation";

/** One shipment: what goes to one place (every item of it), shown once. */
export interface RecipientView {
  name: string;
  address: string;
  /** The item, or the items joined (`백도 4.5kg 1 + 황도 4.5kg 1`) when several travel together. */
  item: string;
  boxes: number;
  /** `백도 4.5kg 1상자, 황도 4.5kg 1상자` */
  items: string;
  status: string;
  shipDate: string;
  /** Why there is no ship date while the shipment waits (season over, capacity taken), or "". */
  shipDateNote: string;
  /** One place whose items ripen apart: "품종마다 익는 때가 달라 따로 보냅니다: 배송비 2번", or "". */
  parcelNote: string;
  courier: string;
  /** Every waybill, `, `-separated (a shipment of several parcels has several). */
  trackingNumber: string;
  /** The first waybill's tracking page. */
  trackingUrl: string;
  tracking: { number: string; url: string }[];
  timeline: TimelineEntry[];
  /** How late it is against the first date told (`처음 안내한 7월 20일보다 5일 늦어졌습니다`), or "". */
  late: string;
  /** Late past 지연 안내 기준 and not answered: the card offers 기다릴게요 / 취소할게요. */
  ask: boolean;
  /** The customer's answer, as the card repeats it, or "". */
  answer: string;
}

export interface StatusView {
  orderCode: string;
  sellerName: string;
  ordererName: string;
  paid: boolean;
  goods: string;
  shippingFee: string;
  total: string;
  /** How to pay, only while unpaid. */
  paymentInstructions: string;
  /** What the bank has paid so far and what is still due, only after a partial payment ("" otherwise). */
  received: string;
  due: string;
  /** The four digits to add to the depositor's name (`이름+0551`), only while unpaid. */
  depositorDigits: string;
  /**
   * The depositor name the payment request asks for (depositorName), with the name masked as
   * everywhere on this page: `홍*동0551`. "" when paid.
   */
  depositorName: string;
  /** While unpaid and 설정's 입금 안내 is still empty: which line Tony must fill. */
  paymentSetupNeeded: string;
  recipients: RecipientView[];
}

/**
 * What is kept per order (the read model stores it): the view, the digits that unlock it (never
 * shown), and the history a later pass extends without reading 이력.
 */
export interface StoredOrder extends OrderHistory {
  last4: string;
  view: StatusView;
  /** The row ids of each card of `view.recipients` (an answer names its card by position). */
  cards?: string[][];
}

/**
 * One row of 주문 as a view reads it: its cells by column key (the template's `orders` tab), as
 * the sheet holds them (a Date, a number, whatever text was typed). Other keys are ignored.
 */
export interface OrderCells {
  readonly rowId?: unknown;
  readonly orderCode?: unknown;
  /** 접수일시: the timeline's first line, when a Date. */
  readonly orderedAt?: unknown;
  readonly ordererName?: unknown;
  /** Its last four digits unlock the view; it is never shown. */
  readonly ordererPhone?: unknown;
  readonly recipientName?: unknown;
  /** With the name and address, what tells shipments apart; never shown. */
  readonly recipientPhone?: unknown;
  readonly address?: unknown;
  readonly item?: unknown;
  readonly boxes?: unknown;
  readonly goods?: unknown;
  readonly shippingFee?: unknown;
  readonly total?: unknown;
  readonly payment?: unknown;
  readonly status?: unknown;
  readonly shipDate?: unknown;
  readonly courier?: unknown;
  readonly trackingNumber?: unknown;
  /** 지연 응답: the customer's answer to a late shipment. */
  readonly delayAnswer?: unknown;
}

const text = (row: OrderCells, key: keyof OrderCells): string => String(row[key] ?? "").trim();

function isPaid(row: OrderCells): boolean {
  const payment = parsePayment(row.payment);
  return payment.ok && payment.value === "paid";
}

function dateOfInstant(d: Date): SeoulDate {
  return seoulDateTimeOf(d).slice(0, 10);
}

/** The first line of every timeline: when the order was taken (접수일시), not when it was imported. */
function receivedEntry(row: OrderCells, createdAt: number | undefined): TimelineEntry[] {
  const orderedAt = row.orderedAt;
  const at = orderedAt instanceof Date ? orderedAt : createdAt ? new Date(createdAt) : null;
  return at ? [{ at: shortTime(at), text: "주문 접수" }] : [];
}

/** One order's view from its rows of 주문 (`rows`, in sheet order) and its history. */
export function renderOrder(
  code: string,
  rows: readonly OrderCells[],
  settings: Settings,
  history: OrderHistory,
  today: SeoulDate,
): StoredOrder {
  const first = rows[0]!;
  const amounts = orderAmounts(
    rows.map((r) => ({
      goods: Number(r.goods) || 0,
      shippingFee: Number(r.shippingFee) || 0,
      total: Number(r.total) || 0,
    })),
  );
  const paid = isPaid(first);
  const statuses = rows.map((r) => statusFromLabel(r.status));
  const indices = rows.map((_, i) => i);
  // Shipments as every surface groups them (src/app/shipmentRows.ts), by position in `rows`.
  const parcels = groupParcels(
    indices.filter((i) => statuses[i] !== "cancelled"),
    (i) => text(rows[i]!, "orderCode") || `row:${i}`,
    (i) => ({
      name: text(rows[i]!, "recipientName"),
      phone: text(rows[i]!, "recipientPhone"),
      address: text(rows[i]!, "address"),
    }),
    parcelSplitter(settings, (i: number) => text(rows[i]!, "item")),
  );
  const shipments = parcels.map((p) => p.members);
  const parcelsOf = new Map(parcels.map((p) => [p.members[0]!, p.parcels]));
  // A cancelled row is shown on its own, so the customer sees it was cancelled.
  for (const i of indices) if (statuses[i] === "cancelled") shipments.push([i]);
  shipments.sort((a, b) => a[0]! - b[0]!);
  const received = history.received;
  const partial = !paid && received > 0;
  const kept: StoredOrder["rows"] = {};
  for (const r of rows) {
    const id = text(r, "rowId");
    kept[id] = history.rows[id] ?? { t: [] };
  }
  return {
    last4: phoneLast4(text(first, "ordererPhone")),
    received,
    rows: kept,
    cards: shipments.map((group) => group.map((i) => text(rows[i]!, "rowId"))),
    view: {
      orderCode: code,
      sellerName: settings.sellerName,
      ordererName: maskName(text(first, "ordererName")),
      paid,
      goods: formatWon(amounts.goods),
      shippingFee: formatWon(amounts.shippingFee),
      total: formatWon(amounts.total),
      paymentInstructions: paid ? "" : settings.paymentInstructions,
      received: partial ? formatWon(received) : "",
      due: partial ? formatWon(Math.max(0, amounts.total - received)) : "",
      depositorDigits: paid ? "" : codeTail(code),
      depositorName: paid ? "" : depositorName(maskName(text(first, "ordererName")), code),
      paymentSetupNeeded: paid ? "" : (fillFirst(settings, ["paymentInstructions"]) ?? ""),
      recipients: shipments.map((group) => {
        const lead = group[0]!;
        const r = rows[lead]!;
        const own = kept[text(r, "rowId")]!;
        const shipDate = r.shipDate;
        const courier = text(r, "courier");
        const waybills = parseWaybills(r.trackingNumber);
        const status = statuses[lead];
        const shipped = status === "shipped" || status === "delivered";
        const lines = group.map((m) => ({ item: text(rows[m]!, "item"), boxes: boxCount(rows[m]!.boxes) }));
        const answer = delayAnswerOf(r.delayAnswer);
        const lateness = latenessOf(
          own.f,
          status,
          shipDate instanceof Date ? dateOfInstant(shipDate) : null,
          settings.delayNoticeDays,
        );
        const tracking =
          shipped && waybills.ok
            ? waybills.value.map((n) => ({ number: n, url: trackingUrl(courier, n) }))
            : [];
        return {
          name: maskName(text(r, "recipientName")),
          address: maskAddress(text(r, "address")),
          item: itemsShort(lines),
          boxes: lines.reduce((sum, l) => sum + l.boxes, 0),
          items: itemsText(lines, true),
          status: status ? statusLabel(status) : text(r, "status"),
          shipDate: shipDate instanceof Date ? koreanDate(dateOfInstant(shipDate)) : "",
          shipDateNote:
            status === "waitlisted"
              ? waitingReason(
                  settings,
                  today,
                  lines.map((l) => l.item),
                )
              : "",
          parcelNote: (parcelsOf.get(lead) ?? 1) > 1 ? splitNotice(parcelsOf.get(lead)!) : "",
          courier: shipped ? courier : "",
          trackingNumber: tracking.map((t) => t.number).join(WAYBILL_SEPARATOR),
          trackingUrl: tracking[0]?.url ?? "",
          tracking,
          timeline: [...receivedEntry(r, own.c), ...own.t],
          late: lateness?.text ?? "",
          // Asked only while 지연 응답 is blank: words Tony typed there are his answer for them.
          ask: !!lateness?.ask && text(r, "delayAnswer") === "",
          answer: lateness && answer ? answeredText(answer) : "",
        };
      }),
    },
  };
}
