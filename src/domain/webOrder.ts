/**
 * An order typed by a customer on the order page: read with the sheet's own rules (the same
 * normalisation and repairs as a row of 주문), priced as the sheet prices it (one fee per place),
 * and given an honest estimate of its ship date if paid now. Anything a visitor sends is read
 * as unknown: this is the public surface.
 */
import { allocate, type AllocationInput, type AllocationShipment, type Placement } from "./allocation";
import { koreanDate, type SeoulDate } from "./clock";
import { goodsAmount, shippingFee } from "./pricing";
import type { Settings } from "./schemas";
import { unitPriceOf } from "./settings";
import { parcelSplitter, parcelWindow, splitNotice, windowText, type HarvestWindow } from "./harvest";
import { groupByPlace, shipmentRowAmounts } from "./shipments";
import {
  normalizeAddress,
  normalizeBoxes,
  normalizeName,
  normalizePhone,
  normalizePostalCode,
} from "./validation";
import { hiddenCharacterError } from "./names";
import type { Result } from "./result";

/** One line of the order: one item to one recipient (a recipient with two items has two lines). */
export interface WebRecipient {
  name: string;
  phone: string;
  postalCode: string;
  address: string;
  item: string;
  boxes: number;
}

export interface WebOrder {
  orderer: { name: string; phone: string };
  recipients: WebRecipient[];
  memo: string;
}

/** A Korean message next to one field of the page: `orderer.name`, `recipients[0].phone`, `memo`. */
export interface FieldError {
  field: string;
  message: string;
}

export type OrderCheck = { ok: true; value: WebOrder } | { ok: false; errors: FieldError[] };

export const MEMO_MAX = 200;
/** The name of the hidden field people never fill and form-filling robots do. */
export const HONEYPOT_FIELD = "website";

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Only strings and numbers are values a form sends; anything else reads as blank. */
const scalar = (value: unknown): unknown =>
  typeof value === "string" || (typeof value === "number" && Number.isFinite(value)) ? value : "";

/**
 * Reads an order as the sheet would read its rows, with the page's limits from 설정. Every
 * field's problem is reported at once, so the page can show each next to its field.
 */
export function checkWebOrder(input: unknown, settings: Settings): OrderCheck {
  const errors: FieldError[] = [];
  const order = record(input);
  function take<T>(field: string, result: Result<T>): T | undefined {
    if (result.ok) return result.value;
    errors.push({ field, message: result.error });
    return undefined;
  }
  /** A field's text as sent, or its refusal when it hides characters (names.ts). */
  const visible = (field: string, value: unknown): unknown => {
    const hidden = hiddenCharacterError(String(value));
    if (!hidden) return value;
    errors.push({ field, message: hidden });
    return undefined;
  };
  const orderer = record(order.orderer);
  const ordererNameSent = visible("orderer.name", scalar(orderer.name));
  const ordererName =
    ordererNameSent === undefined ? undefined : take("orderer.name", normalizeName(ordererNameSent));
  const ordererPhone = take("orderer.phone", normalizePhone(scalar(orderer.phone)));
  const memoText = String(visible("memo", scalar(order.memo)) ?? "").trim();
  if (memoText.length > MEMO_MAX)
    errors.push({ field: "memo", message: `메모는 ${MEMO_MAX}자까지 적을 수 있습니다` });

  const list = Array.isArray(order.recipients) ? order.recipients : [];
  if (list.length === 0) errors.push({ field: "recipients", message: "받는 분을 한 명 이상 적어 주세요" });
  // A line is one item to one recipient; a recipient has each item at most once (below).
  const maxLines = settings.webMaxRecipients * Math.max(1, settings.items.length);
  if (list.length > maxLines) errors.push(tooManyRecipients(settings));
  const recipients: (WebRecipient | undefined)[] = list.slice(0, maxLines).map((raw, i) => {
    const r = record(raw);
    const at = (key: string) => `recipients[${i}].${key}`;
    const nameSent = visible(at("name"), scalar(r.name));
    const name = nameSent === undefined ? undefined : take(at("name"), normalizeName(nameSent));
    const phone = take(at("phone"), normalizePhone(scalar(r.phone)));
    const postalCode = take(at("postalCode"), normalizePostalCode(scalar(r.postalCode)));
    const addressSent = visible(at("address"), scalar(r.address));
    const address =
      addressSent === undefined ? undefined : take(at("address"), normalizeAddress(addressSent));
    const item = String(scalar(r.item)).trim();
    if (unitPriceOf(settings, item) === undefined)
      errors.push({ field: at("item"), message: item ? "판매하지 않는 품목입니다" : "품목을 골라 주세요" });
    let boxes = take(at("boxes"), normalizeBoxes(scalar(r.boxes)));
    if (boxes !== undefined && boxes > settings.webMaxBoxes) {
      errors.push({
        field: at("boxes"),
        message: `받는 분 한 명에게 ${settings.webMaxBoxes}상자까지 주문할 수 있습니다`,
      });
      boxes = undefined;
    }
    if (name === undefined || phone === undefined || postalCode === undefined) return undefined;
    if (address === undefined || boxes === undefined || unitPriceOf(settings, item) === undefined)
      return undefined;
    return { name, phone, postalCode, address, item, boxes };
  });
  if (list.length <= maxLines) errors.push(...recipientErrors(recipients, settings));
  if (errors.length > 0 || ordererName === undefined || ordererPhone === undefined)
    return { ok: false, errors };
  return {
    ok: true,
    value: {
      orderer: { name: ordererName, phone: ordererPhone },
      recipients: recipients as WebRecipient[],
      memo: memoText.replace(/\s+/g, " "),
    },
  };
}

const tooManyRecipients = (settings: Settings): FieldError => ({
  field: "recipients",
  message: `받는 분은 ${settings.webMaxRecipients}명까지 적을 수 있습니다. 더 많으면 나누어 주문해 주세요`,
});

/**
 * One recipient may get several items (백도 2 + 황도 1) as several lines: the lines that go to
 * one place (the same address and the same phone or name, as the sheet groups a shipment) are
 * one recipient. 설정's limits hold for the recipient, not the line: how many recipients, and
 * the boxes of all their lines together. Each item once per recipient: two lines of one item to
 * one place would read in 주문 as the same line twice (season/duplicates.ts), held from shipping.
 */
function recipientErrors(lines: readonly (WebRecipient | undefined)[], settings: Settings): FieldError[] {
  const read = lines.flatMap((line, index) => (line ? [{ ...line, index }] : []));
  const places = groupByPlace(read).map((place) => place.map((k) => read[k]!));
  const errors: FieldError[] = places.length > settings.webMaxRecipients ? [tooManyRecipients(settings)] : [];
  for (const place of places) {
    place.forEach((line, k) => {
      if (place.slice(0, k).some((earlier) => earlier.item === line.item))
        errors.push({
          field: `recipients[${line.index}].item`,
          message: "같은 분께 같은 품목이 두 줄 있습니다. 상자수를 한 줄에 합쳐 주세요",
        });
    });
    const boxes = place.reduce((sum, line) => sum + line.boxes, 0);
    if (place.length < 2 || boxes <= settings.webMaxBoxes) continue;
    for (const line of place)
      errors.push({
        field: `recipients[${line.index}].boxes`,
        message: `받는 분 한 명에게 ${settings.webMaxBoxes}상자까지 주문할 수 있습니다 (지금 ${boxes}상자)`,
      });
  }
  return errors;
}

/** Whether a robot filled the field people cannot see. */
export function isHoneypotFilled(input: unknown): boolean {
  return String(scalar(record(input)[HONEYPOT_FIELD])).trim() !== "";
}

// ---- the quote ------------------------------------------------------------------------------

/** One place of the order: its recipients (indices), boxes and fee. */
export interface QuotedPlace {
  recipients: number[];
  boxes: number;
  shippingFee: number;
  /** Boxes per item, the harvest window, and whether a line of 설정 holds it: as allocation sees it. */
  items?: Record<string, number>;
  window?: HarvestWindow;
  held?: boolean;
  /** When one place gets several parcels: "품종마다 익는 때가 달라 따로 보냅니다: 배송비 2번". */
  splitNote?: string;
}

export interface Quote {
  goods: number;
  shippingFee: number;
  total: number;
  places: QuotedPlace[];
  /** Goods of each recipient, in order. */
  goodsByRecipient: number[];
}

/** Goods per box price, one fee per place on the place's boxes: what the sheet will charge. */
export function quoteOrder(order: WebOrder, settings: Settings): Quote {
  const goodsByRecipient = order.recipients.map((r) =>
    goodsAmount(r.boxes, unitPriceOf(settings, r.item) ?? 0),
  );
  // A place whose items ripen apart is a parcel per harvest window, each with its fee (as the sheet charges).
  const split = parcelSplitter(settings, (i: number) => order.recipients[i]!.item);
  const places = groupByPlace(order.recipients).flatMap((place) => {
    const parts = split ? split(place) : [place.map((_, k) => k)];
    return parts.map((part): QuotedPlace => {
      const recipients = part.map((k) => place[k]!);
      const boxes = recipients.reduce((sum, i) => sum + order.recipients[i]!.boxes, 0);
      const items: Record<string, number> = {};
      for (const i of recipients)
        items[order.recipients[i]!.item] =
          (items[order.recipients[i]!.item] ?? 0) + order.recipients[i]!.boxes;
      const { window, heldBy } = parcelWindow(settings, Object.keys(items));
      return {
        recipients,
        boxes,
        shippingFee: shippingFee(boxes, settings),
        items,
        ...(window ? { window } : {}),
        ...(heldBy ? { held: true } : {}),
        ...(parts.length > 1 ? { splitNote: splitNotice(parts.length) } : {}),
      };
    });
  });
  const goods = goodsByRecipient.reduce((a, b) => a + b, 0);
  const fee = places.reduce((sum, p) => sum + p.shippingFee, 0);
  return { goods, shippingFee: fee, total: goods + fee, places, goodsByRecipient };
}

/** What each row of 주문 gets, as the sheet splits a place's amounts over its rows. */
export function rowAmounts(
  order: WebOrder,
  quote: Quote,
  settings: Settings,
): { goods: number; shippingFee: number; total: number }[] {
  const out: { goods: number; shippingFee: number; total: number }[] = [];
  for (const place of quote.places) {
    const rows = place.recipients.map((i) => ({
      boxes: order.recipients[i]!.boxes,
      goods: quote.goodsByRecipient[i]!,
    }));
    shipmentRowAmounts(rows, settings).forEach((amounts, k) => (out[place.recipients[k]!] = amounts));
  }
  return out;
}

// ---- the ship date if paid now --------------------------------------------------------------

export interface ShipEstimate {
  /** The first day any of the order's places would ship, or null when none would get a day. */
  earliestShipDate: SeoulDate | null;
  /** The day of each place, null when it would wait. */
  placeDates: (SeoulDate | null)[];
  /** The sentence the page shows. */
  text: string;
  /** Each place's placement (a place bigger than any day can ship is `tooLarge`). */
  placements: Placement[];
}

/**
 * The order's places as if paid at `now`, run through the real allocation on a copy of the
 * queue: the days they would get today. Only an estimate: capacity is given at payment, and
 * payments that arrive first come first.
 */
export function estimateShipDates(
  base: Omit<AllocationInput, "shipments">,
  queue: readonly AllocationShipment[],
  places: readonly Pick<QuotedPlace, "boxes" | "items" | "window" | "held">[],
  now: Date,
): ShipEstimate {
  const lastRank = queue.reduce((m, s) => Math.max(m, s.rank ?? 0), 0);
  const ours: AllocationShipment[] = places.map((p, i) => ({
    id: `quote:${i}`,
    boxes: p.boxes,
    paid: true,
    paidAt: now.getTime(),
    status: "paid",
    shipDate: null,
    rank: lastRank + 1 + i,
    ...(p.items ? { items: p.items } : {}),
    ...(p.window ? { window: p.window } : {}),
    ...(p.held ? { held: true } : {}),
  }));
  const allocation = allocate({ ...base, shipments: [...queue, ...ours] });
  const placements: Placement[] = ours.map((s) => allocation.placements.get(s.id) ?? { kind: "waitlisted" });
  const placeDates = placements.map((p) => (p.kind === "scheduled" ? p.date : null));
  const dates = placeDates.filter((d): d is SeoulDate => d !== null).sort();
  return {
    earliestShipDate: dates[0] ?? null,
    placeDates,
    text: estimateText(placements, base.today),
    placements,
  };
}

/**
 * A place bigger than any day (or any item's daily limit) can ship would never get a date: the
 * page refuses it before payment, at the boxes of each of its recipients.
 */
export function oversizedPlaces(
  places: readonly Pick<QuotedPlace, "recipients">[],
  estimate: ShipEstimate,
  today: SeoulDate,
): FieldError[] {
  return places.flatMap((place, i) => {
    const placement = estimate.placements[i];
    if (placement?.kind !== "tooLarge") return [];
    const message = estimateText([placement], today);
    return place.recipients.map((r) => ({ field: `recipients[${r}].boxes`, message }));
  });
}

/** The page's sentence for an estimate. */
export function estimateText(placements: readonly Placement[], today: SeoulDate): string {
  const tooLarge = placements.find((p) => p.kind === "tooLarge");
  if (tooLarge && tooLarge.kind === "tooLarge") {
    return tooLarge.limit
      ? `한 곳에 보내는 ${tooLarge.limit} 상자가 하루에 보낼 수 있는 ${tooLarge.maxCapacity}상자보다 많습니다. 받는 곳을 나누어 주문해 주세요`
      : `한 곳에 보내는 상자가 하루 출하량(${tooLarge.maxCapacity}상자)보다 많습니다. 받는 곳을 나누어 주문해 주세요`;
  }
  if (placements.length === 0) return "";
  if (placements.some((p) => p.kind === "waitlisted"))
    return "출하량이 다 차서 대기 주문으로 접수됩니다. 자리가 나면 입금 순서대로 출하일을 드립니다";
  const dates = placements.map((p) => (p.kind === "scheduled" ? p.date : today)).sort();
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const when = first === last ? koreanDate(first) : `${koreanDate(first)}부터 ${koreanDate(last)}까지 나누어`;
  return `오늘 입금하시면 ${when} 출하 예정입니다 (예상이며, 출하일은 입금 순서대로 정해집니다)`;
}

// ---- what the page may take today, item by item --------------------------------------------

export type ItemAvailability =
  | { state: "open" }
  /** Its capacity in its window is taken by paid orders; `waiting`: 설정 대기 주문 받기. */
  | { state: "soldOut"; waiting: boolean; text: string }
  | { state: "notYet"; text: string }
  | { state: "over"; text: string };

/**
 * Whether the order page takes an item today: not before 설정 `주문 시작:`, not after its
 * harvest window (or the season) ends, and when its window has no room left (`soldOut`, from an
 * estimate of one box paid now) only as a waiting order when 설정 allows them.
 */
export function itemAvailability(
  settings: Settings,
  item: string,
  today: SeoulDate,
  soldOut: boolean,
): ItemAvailability {
  const rule = settings.harvest.itemRules.find((r) => r.item === item);
  if (rule?.orderStart && today < rule.orderStart)
    return {
      state: "notYet",
      text: `${koreanDate(rule.orderStart).replace(/ \(.\)$/, "")}부터 주문 받습니다`,
    };
  const end = rule?.window?.end ?? settings.seasonEnd;
  if (today > end)
    return {
      state: "over",
      text: rule?.window
        ? `수확 기간(${windowText(rule.window)})이 끝났습니다`
        : "이번 시즌 출하가 끝났습니다",
    };
  if (soldOut)
    return settings.acceptWaiting
      ? {
          state: "soldOut",
          waiting: true,
          text: "품절 · 대기 주문을 받습니다 (자리가 나면 입금 순서대로 출하일을 드립니다)",
        }
      : { state: "soldOut", waiting: false, text: "품절" };
  return { state: "open" };
}

// ---- unpaid web orders that expire ------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether an unpaid web order placed at `orderedAt` is past its payment deadline (0 = never). */
export function isExpired(orderedAt: Date, now: Date, expiryDays: number): boolean {
  return expiryDays > 0 && now.getTime() - orderedAt.getTime() >= expiryDays * DAY_MS;
}

/**
 * The instant an unpaid web order's payment is due by (null: no deadline). A deposit is judged
 * by the bank's time against it, never by when the export was imported.
 */
export function paymentDeadline(orderedAt: Date, expiryDays: number): Date | null {
  return expiryDays > 0 ? new Date(orderedAt.getTime() + expiryDays * DAY_MS) : null;
}
