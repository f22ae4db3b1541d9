/**
 * The KakaoTalk messages Tony pastes (there is no free sending API for a small seller).
 * One home for their wording; the CLI and the Sheets sidebar both use these.
 */
import { koreanDate, type SeoulDate } from "./clock";
import { trackingUrl } from "./couriers";
import { depositorName } from "./deposits";
import { splitNotice } from "./harvest";
import { formatWon, orderAmounts, type Amounts } from "./pricing";
import type { Settings } from "./schemas";
import { formatWaybills, itemsText, parseWaybills, type ShipmentLine } from "./shipments";
import { fillFirst } from "./settings";

/** One shipment (what goes to one place): amounts summed over its rows. */
export interface MessageShipment extends Amounts {
  recipientName: string;
  item: string;
  boxes: number;
  /** Every item of the shipment when it holds several; default `[{ item, boxes }]`. */
  lines?: ShipmentLine[];
  /** Told apart by it when two lines would otherwise read the same. */
  address?: string;
  shipDate: SeoulDate | null;
  courier: string;
  /** One waybill, or several `, `-separated. */
  trackingNumber: string;
}

export interface MessageOrder {
  code: string;
  ordererName: string;
  shipments: MessageShipment[];
  /** The status page link for this order (token link), or "" when not deployed yet. */
  statusLink: string;
  /** Won already received from the bank for it (a partial payment); 0 when none. */
  received?: number;
  /** Why a paid shipment without a date waits (`waitingReason`): the season is over or full. */
  waitReason: string;
}

export type MessageKind =
  | "paymentRequest"
  | "paymentConfirmed"
  | "shipDateChanged"
  | "shipped"
  | "shippedRecipient"
  | "expired"
  | "depositReversed"
  | "cancelRequest";

const linesOf = (s: MessageShipment): ShipmentLine[] => s.lines ?? [{ item: s.item, boxes: s.boxes }];

/** Items are named once the order holds more than one kind. */
const namesItems = (order: MessageOrder): boolean =>
  new Set(order.shipments.flatMap((s) => linesOf(s).map((l) => l.item))).size > 1;

/**
 * One line per shipment; two that would read the same are told apart by their address (two
 * shipments of one order to one name differ in address, or they would be one shipment).
 */
function perShipment(shipments: readonly MessageShipment[], line: (s: MessageShipment) => string): string[] {
  const texts = shipments.map(line);
  return texts.map((text, i) =>
    texts.indexOf(text) !== texts.lastIndexOf(text) && shipments[i]!.address
      ? text.replace(/^- (.+?님)/, (_, who: string) => `- ${who} (${shipments[i]!.address})`)
      : text,
  );
}

/**
 * One place whose items ripen apart gets a parcel (and a fee) per harvest window: said before
 * the customer pays. Two shipments of one order to the same name and address are such parcels
 * (otherwise they would be one shipment).
 */
function splitLines(shipments: readonly MessageShipment[]): string[] {
  const places = new Map<string, { name: string; parcels: number }>();
  for (const s of shipments) {
    const key = `${s.recipientName}\u0000${s.address ?? ""}`;
    const place = places.get(key) ?? { name: s.recipientName, parcels: 0 };
    place.parcels++;
    places.set(key, place);
  }
  return [...places.values()]
    .filter((p) => p.parcels > 1)
    .map((p) => `- ${p.name}님: ${splitNotice(p.parcels)}`);
}

/**
 * What a message needs from 설정 that Tony has not filled yet, as the line telling him which to
 * fill, or null: such a message is never offered with a placeholder in it.
 */
export function messageNeeds(kind: MessageKind, settings: Settings): string | null {
  return kind === "paymentRequest" ? fillFirst(settings, ["paymentInstructions"]) : null;
}

const statusLine = (order: MessageOrder): string[] =>
  order.statusLink ? [`주문 확인: ${order.statusLink}`] : [];

export function paymentRequestMessage(order: MessageOrder, settings: Settings): string {
  const amounts = orderAmounts(order.shipments);
  return [
    `[${settings.sellerName}] ${order.ordererName}님, 주문 감사합니다. (주문번호 ${order.code})`,
    ...perShipment(
      order.shipments,
      (s) =>
        `- ${s.recipientName}님께 ${itemsText(linesOf(s), true)}: ${formatWon(s.goods)} + 배송비 ${formatWon(s.shippingFee)}`,
    ),
    ...splitLines(order.shipments),
    `상품 ${formatWon(amounts.goods)} + 배송비 ${formatWon(amounts.shippingFee)} = 합계 ${formatWon(amounts.total)}`,
    ...(order.received
      ? [
          `받은 금액 ${formatWon(order.received)} · 남은 금액 ${formatWon(Math.max(0, amounts.total - order.received))}`,
        ]
      : []),
    `입금하실 곳: ${settings.paymentInstructions}`,
    `보내는 분 이름은 "${depositorName(order.ordererName, order.code)}"(이름+주문번호 뒤 4자리)로 적어 주세요.`,
    `입금이 확인되면 출하일을 알려 드립니다.`,
    ...statusLine(order),
  ].join("\n");
}

export function paymentConfirmedMessage(order: MessageOrder, settings: Settings): string {
  return [
    `[${settings.sellerName}] ${order.ordererName}님, 입금 확인되었습니다. 감사합니다. (주문번호 ${order.code})`,
    ...perShipment(
      order.shipments,
      (s) =>
        `- ${s.recipientName}님 ${itemsText(linesOf(s), namesItems(order))}: ${s.shipDate ? `${koreanDate(s.shipDate)} 출하 예정` : order.waitReason}`,
    ),
    ...splitLines(order.shipments),
    ...statusLine(order),
  ].join("\n");
}

export function shipDateChangedMessage(
  order: MessageOrder,
  settings: Settings,
  /** `from` null: the shipment waited for room (대기) and now has its day. */
  changes: { recipientName: string; from: SeoulDate | null; to: SeoulDate | null; why?: string }[],
): string {
  const onlyGood = changes.every((c) => c.from === null && c.to !== null);
  return [
    onlyGood
      ? `[${settings.sellerName}] ${order.ordererName}님, 기다려 주셔서 감사합니다. 출하일이 정해졌습니다. (주문번호 ${order.code})`
      : `[${settings.sellerName}] ${order.ordererName}님, 죄송합니다. 수확 사정으로 출하일이 바뀌었습니다. (주문번호 ${order.code})`,
    ...changes.map((c) =>
      c.from === null
        ? `- ${c.recipientName}님: ${c.to ? `${koreanDate(c.to)} 출하 예정` : order.waitReason}`
        : `- ${c.recipientName}님: ${koreanDate(c.from)} → ${c.to ? koreanDate(c.to) : order.waitReason}${c.why ? ` (${c.why})` : ""}`,
    ),
    ...statusLine(order),
  ].join("\n");
}

export function shippedMessage(order: MessageOrder, settings: Settings): string {
  return [
    `[${settings.sellerName}] ${order.ordererName}님, 복숭아가 출발했습니다. (주문번호 ${order.code})`,
    ...perShipment(order.shipments, (s) => {
      const who = namesItems(order)
        ? `${s.recipientName}님 ${itemsText(linesOf(s), true)}`
        : `${s.recipientName}님`;
      return parcelLines(s, who);
    }),
    ...statusLine(order),
  ].join("\n");
}

/** A shipment's line of a shipping notice: its courier and waybills, each with its tracking page. */
function parcelLines(s: MessageShipment, who: string): string {
  const waybills = parseWaybills(s.trackingNumber);
  if (!waybills.ok || waybills.value.length === 0) return `- ${who}: 발송 준비 중`;
  // Every parcel of the shipment has its own waybill and its own tracking page.
  return [
    `- ${who}: ${s.courier} ${formatWaybills(waybills.value)}`,
    ...waybills.value.map((n) => `  배송 조회: ${trackingUrl(s.courier, n)}`),
  ].join("\n");
}

/**
 * The shipping notice to a recipient who is not the orderer (설정 '발송 안내 받는 분에게도'): their
 * own parcels and tracking pages only. No status link and no amounts: the link opens the
 * orderer's whole order (what was paid, the other recipients), which a gift's recipient should
 * not see.
 */
export function shippedToRecipientMessage(
  order: Pick<MessageOrder, "ordererName" | "shipments">,
  settings: Settings,
): string {
  return [
    `[${settings.sellerName}] ${order.shipments[0]!.recipientName}님, ${order.ordererName}님이 보내신 복숭아가 출발했습니다.`,
    ...perShipment(order.shipments, (s) =>
      parcelLines(s, `${s.recipientName}님 ${itemsText(linesOf(s), true)}`),
    ),
  ].join("\n");
}

/** An unpaid web order cancelled at its payment deadline (설정: 웹 주문 입금 기한). */
export function orderExpiredMessage(
  order: Pick<MessageOrder, "code" | "ordererName">,
  settings: Settings,
): string {
  return [
    `[${settings.sellerName}] ${order.ordererName}님, 주문번호 ${order.code}은(는) ${settings.webExpiryDays}일 안에 입금이 확인되지 않아 취소되었습니다.`,
    `이미 입금하셨거나 다시 주문하시려면 카카오톡으로 알려 주세요.`,
  ].join("\n");
}

/** Where a shipment of an order stands after its deposit was taken back (for Tony's note). */
export type ReversedShipment =
  | { kind: "undated"; recipientName: string }
  | { kind: "working"; recipientName: string; status: string; shipDate: SeoulDate | null }
  | { kind: "left"; recipientName: string; status: string };

/**
 * For Tony, not the customer: the bank took a deposit back (입금취소 / 정정), the order is unpaid
 * again, and what that did to each shipment. He decides what to tell the orderer.
 */
export function depositReversedMessage(
  order: Pick<MessageOrder, "code" | "ordererName"> & { ordererPhone: string },
  reversal: { amount: number; depositAt: string; reversedAt: string },
  shipments: readonly ReversedShipment[],
): string {
  return [
    `[토니에게 · 고객에게 보내지 마세요] 입금취소: 주문번호 ${order.code} ${order.ordererName}(${order.ordererPhone})`,
    `${reversal.depositAt}에 들어온 ${formatWon(reversal.amount)}이 ${reversal.reversedAt}에 취소되어 주문을 미입금으로 되돌렸습니다.`,
    ...shipments.map((s) =>
      s.kind === "undated"
        ? `- ${s.recipientName}님: 출하예정일을 비웠습니다 (입금되면 다시 정해집니다)`
        : s.kind === "working"
          ? `- ${s.recipientName}님: 이미 ${s.status}${s.shipDate ? ` (출하예정 ${koreanDate(s.shipDate)})` : ""}. 보낼지 정해 주세요`
          : `- ${s.recipientName}님: 이미 ${s.status}했습니다`,
    ),
    `주문하신 분께 확인해 주세요.`,
  ].join("\n");
}

/** One late shipment whose customer asked to cancel (for Tony's note). */
export interface CancelRequest {
  recipientName: string;
  items: string;
  /** What the shipment's rows charged: what to pay back once it is cancelled (0 before payment). */
  refund: number;
  /** How late it is, as the customer's card says it. */
  late: string;
}

/**
 * For Tony, not the customer: customers asked on the status page to cancel late shipments.
 * Nothing is cancelled until he sets 진행상태 to 취소; he refunds what the line says.
 */
export function cancelRequestMessage(
  order: Pick<MessageOrder, "code" | "ordererName"> & { ordererPhone: string },
  requests: readonly CancelRequest[],
): string {
  return [
    `[토니에게 · 고객에게 보내지 마세요] 취소 요청: 주문번호 ${order.code} ${order.ordererName}(${order.ordererPhone})`,
    `출하가 늦어져 고객이 조회 화면에서 취소를 요청했습니다.`,
    ...requests.map(
      (r) =>
        `- ${r.recipientName}님 ${r.items}${r.late ? ` (${r.late})` : ""}: 환불할 금액 ${formatWon(r.refund)}`,
    ),
    `취소하려면 주문 탭에서 그 줄의 진행상태를 '취소'로 바꾸고 환불해 주세요. 기다리기로 하셨다면 지연 응답 칸을 지우세요.`,
  ].join("\n");
}
