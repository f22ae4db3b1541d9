/**
 * A shipment is what goes to one place (SPEC.md "Domain rules"): within ONE order, the rows whose
 * recipient is the same person at the same address (two items, or a row split by hand) travel
 * together. They pay one fee on their summed boxes, are booked as one parcel line, get one ship
 * date and are shown once. Different orders to the same address stay separate: each orderer
 * pays for their own.
 */
import { formatWon, shippingFee, type Amounts, type PricingSettings } from "./pricing";
import { fail, ok, type Result } from "./result";
import type { Status } from "./schemas";
import { normalizeTrackingNumber } from "./validation";

export interface Destination {
  name: string;
  phone: string;
  address: string;
}

/** An address as compared for "the same place": NFKC, no whitespace or punctuation, lower case. */
export function placeKey(address: string): string {
  return address
    .normalize("NFKC")
    .replace(/[\s\p{P}\p{S}]/gu, "")
    .toLowerCase();
}

const phoneDigits = (phone: string): string => phone.normalize("NFKC").replace(/\D/g, "");
const nameKey = (name: string): string => name.normalize("NFKC").replace(/\s/g, "").toLowerCase();

/** Two destinations of one order are one place: same address, and the same phone or the same name. */
function samePlace(a: Destination, b: Destination): boolean {
  const place = placeKey(a.address);
  if (place === "" || place !== placeKey(b.address)) return false;
  const phone = phoneDigits(a.phone);
  const name = nameKey(a.name);
  return (phone !== "" && phone === phoneDigits(b.phone)) || (name !== "" && name === nameKey(b.name));
}

/**
 * Indices of the destinations of ONE order grouped by place: same placeKey(address) and
 * (same phone digits or same name). Groups and members in first-seen order.
 *
 * "Same place" is not transitive (A and B share a phone, B and C a name), so the groups are its
 * connected components: membership does not depend on the order rows are listed in.
 */
export function groupByPlace(
  destinations: readonly { name: string; phone: string; address: string }[],
): number[][] {
  const parent = destinations.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < destinations.length; i++) {
    for (let j = 0; j < i; j++) {
      if (samePlace(destinations[i]!, destinations[j]!)) {
        const [a, b] = [root(i), root(j)];
        // The smaller index stays the root, so a group is named by its first member.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, number[]>();
  destinations.forEach((_, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()];
}

/** One shipment and, when its place's rows split by harvest window, which parcel of how many. */
export interface Parcel<T> {
  members: T[];
  /** 1, 2, … among the parcels going to its place. */
  parcel: number;
  parcels: number;
  /** The same number for every parcel of one place. */
  place: number;
}

/**
 * Items of many orders grouped into shipments: by order first (`orderOf`), then by place within
 * each order, then (with `split`, harvest.ts) into parcels whose items ripen together.
 * Shipments and their members in first-seen order; the first member is the lead row.
 */
export function groupParcels<T>(
  items: readonly T[],
  orderOf: (item: T) => string,
  destinationOf: (item: T) => Destination,
  split?: (members: readonly T[]) => number[][],
): Parcel<T>[] {
  const byOrder = new Map<string, T[]>();
  for (const item of items) byOrder.set(orderOf(item), [...(byOrder.get(orderOf(item)) ?? []), item]);
  const position = new Map(items.map((item, i) => [item, i]));
  const shipments: (Parcel<T> & { first: number })[] = [];
  let places = 0;
  for (const members of byOrder.values()) {
    for (const group of groupByPlace(members.map(destinationOf))) {
      const place = group.map((i) => members[i]!);
      const parts = split ? split(place) : [place.map((_, i) => i)];
      places++;
      parts.forEach((part, p) => {
        const parcel = part.map((i) => place[i]!);
        shipments.push({
          members: parcel,
          parcel: p + 1,
          parcels: parts.length,
          place: places,
          first: position.get(parcel[0]!)!,
        });
      });
    }
  }
  return shipments.sort((a, b) => a.first - b.first).map(({ first: _first, ...parcel }) => parcel);
}

export function groupShipments<T>(
  items: readonly T[],
  orderOf: (item: T) => string,
  destinationOf: (item: T) => Destination,
  split?: (members: readonly T[]) => number[][],
): T[][] {
  return groupParcels(items, orderOf, destinationOf, split).map((p) => p.members);
}

/**
 * Amounts of each row of one shipment: goods per row; the fee `ceil(total boxes / 2) × 5,000`
 * (pricing.ts settings) once, on the first row; the other rows pay no fee.
 */
export function shipmentRowAmounts(
  rows: readonly { boxes: number; goods: number }[],
  settings: PricingSettings,
): Amounts[] {
  const boxes = rows.reduce((sum, r) => sum + r.boxes, 0);
  const fee = rows.length === 0 ? 0 : shippingFee(boxes, settings);
  return rows.map((r, i) => {
    const shippingFee = i === 0 ? fee : 0;
    return { goods: r.goods, shippingFee, total: r.goods + shippingFee };
  });
}

/** The note on the rows of a shipment of several rows, naming the sheet rows it travels with. */
export function shipmentNote(sheetRows: readonly number[], index: number, fee: number): string {
  if (sheetRows.length < 2) return "";
  if (index === 0) {
    const others = sheetRows.slice(1).map((r) => `${r}행`);
    return `${others.join(", ")}과 한 곳으로 배송 · 배송비 ${formatWon(fee)} 이 줄에`;
  }
  return `${sheetRows[0]}행과 한 곳으로 배송 · 배송비는 ${sheetRows[0]}행에`;
}

export interface ShipmentLine {
  item: string;
  boxes: number;
}

/** The same item twice (a row split by hand) is one line with the boxes added up. */
function mergedLines(lines: readonly ShipmentLine[]): ShipmentLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.item, (merged.get(l.item) ?? 0) + l.boxes);
  return [...merged].map(([item, boxes]) => ({ item, boxes }));
}

/** For customers: `백도 4.5kg 1상자, 황도 4.5kg 1상자`, or `3상자` when `withItems` is false. */
export function itemsText(lines: readonly ShipmentLine[], withItems: boolean): string {
  const merged = mergedLines(lines);
  if (!withItems) return `${merged.reduce((sum, l) => sum + l.boxes, 0)}상자`;
  return merged.map((l) => `${l.item} ${l.boxes}상자`).join(", ");
}

/** For 오늘 출하 and the courier file: the item alone, or `백도 4.5kg 1 + 황도 4.5kg 1`. */
export function itemsShort(lines: readonly ShipmentLine[]): string {
  const merged = mergedLines(lines);
  if (merged.length === 1) return merged[0]!.item;
  return merged.map((l) => `${l.item} ${l.boxes}`).join(" + ");
}

const STAGE: Record<Status, number> = {
  received: 0,
  paid: 1,
  waitlisted: 2,
  scheduled: 3,
  harvested: 4,
  packed: 5,
  shipped: 6,
  delivered: 7,
  cancelled: -1,
};

/** The stage of a shipment whose rows differ (a row added later): the furthest along. */
export function shipmentStatus(statuses: readonly Status[]): Status {
  return statuses.reduce((best, s) => (STAGE[s] > STAGE[best] ? s : best), statuses[0] ?? "received");
}

/** `송장번호`: one waybill, or several for a shipment of several parcels, separated by `, `. */
export const WAYBILL_SEPARATOR = ", ";

/** The waybills in a 송장번호 cell; each must be a whole tracking number. */
export function parseWaybills(value: unknown): Result<string[]> {
  const text = value === null || value === undefined ? "" : String(value);
  const pieces = text.split(/[,;/\n]+/).filter((p) => p.trim() !== "");
  const numbers: string[] = [];
  for (const piece of pieces) {
    const n = normalizeTrackingNumber(piece);
    if (!n.ok) return fail(n.error);
    if (n.value && !numbers.includes(n.value)) numbers.push(n.value);
  }
  return ok(numbers);
}

export const formatWaybills = (numbers: readonly string[]): string => numbers.join(WAYBILL_SEPARATOR);
