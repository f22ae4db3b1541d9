/**
 * The season in sums: what allocation must know of every shipment an edit does not touch
 * (boxes held per date, the strict-order floor, whether any shipment waits, the latest
 * payment). Every pass writes it: the full pass from every row, an edit by taking out what its
 * rows claimed before (their 기록 cells) and adding what they claim now. It lives in the cache;
 * when it is missing the edit runs the full pass, which writes it again.
 */
import type { OtherShipments } from "../domain/allocation";
import type { SeoulDate } from "../domain/clock";
import type { RowClaim } from "../domain/season/state";
import type { Host } from "./port";

// v2: holds per lane and per item (issue 21); a v1 entry is ignored and the full pass writes v2.
const CACHE_KEY = "peach:season-sums:v2";

export type { RowClaim };

export interface SeasonSums {
  /** Boxes held per date. */
  held: Record<SeoulDate, number>;
  /** Boxes of each item under a daily limit held per date. */
  heldItems: Record<SeoulDate, Record<string, number>>;
  /** Per lane (allocation's laneOf; "" the season's), rows per date whose hold counts for the strict floor. */
  ordered: Record<string, Record<SeoulDate, number>>;
  /** Per lane, rows waiting for a day. */
  waiting: Record<string, number>;
  /** The latest payment (epoch milliseconds) of any paid row. */
  latestPaidAt: number | null;
  /** Row ids whose 기록 claims are not in these sums (blank or set-aside rows): an edit of one runs the full pass. */
  unsummed: string[];
  /** The last sheet row of 주문 holding anything: a paste below it covers only new rows. */
  lastRow: number;
}

export function emptySums(): SeasonSums {
  return { held: {}, heldItems: {}, ordered: {}, waiting: {}, latestPaidAt: null, unsummed: [], lastRow: 0 };
}

export function addClaim(sums: SeasonSums, claim: RowClaim, sign: 1 | -1 = 1): void {
  const lane = claim.lane ?? "";
  if (claim.heldOn) {
    const date = claim.heldOn;
    sums.held[date] = (sums.held[date] ?? 0) + sign * claim.boxes;
    if (claim.item) {
      const items = (sums.heldItems[date] ??= {});
      items[claim.item] = (items[claim.item] ?? 0) + sign * claim.boxes;
    }
    if (claim.ordered) {
      const dates = (sums.ordered[lane] ??= {});
      dates[date] = (dates[date] ?? 0) + sign;
    }
  }
  if (claim.waiting) sums.waiting[lane] = (sums.waiting[lane] ?? 0) + sign;
}

/** A copy deep enough to add claims to. */
function copyOf(sums: SeasonSums): SeasonSums {
  return {
    ...sums,
    held: { ...sums.held },
    heldItems: Object.fromEntries(Object.entries(sums.heldItems).map(([d, items]) => [d, { ...items }])),
    ordered: Object.fromEntries(Object.entries(sums.ordered).map(([lane, dates]) => [lane, { ...dates }])),
    waiting: { ...sums.waiting },
  };
}

/** Drops the zeros a claim taken out leaves. */
function pruned(sums: SeasonSums): SeasonSums {
  const nonZero = <T>(rec: Record<string, T>, keep: (v: T) => boolean) => {
    for (const [k, v] of Object.entries(rec)) if (!keep(v)) delete rec[k];
  };
  nonZero(sums.held, (n) => n !== 0);
  for (const items of Object.values(sums.heldItems)) nonZero(items, (n) => n !== 0);
  nonZero(sums.heldItems, (items) => Object.keys(items).length > 0);
  for (const dates of Object.values(sums.ordered)) nonZero(dates, (n) => n !== 0);
  nonZero(sums.ordered, (dates) => Object.keys(dates).length > 0);
  nonZero(sums.waiting, (n) => n !== 0);
  return sums;
}

/** Every count of the sums, to find one below zero. */
const counts = (sums: SeasonSums): number[] => [
  ...Object.values(sums.held),
  ...Object.values(sums.heldItems).flatMap((items) => Object.values(items)),
  ...Object.values(sums.ordered).flatMap((dates) => Object.values(dates)),
  ...Object.values(sums.waiting),
];

export function notePayment(sums: SeasonSums, paidAt: Date | null): void {
  if (paidAt && (sums.latestPaidAt === null || paidAt.getTime() > sums.latestPaidAt))
    sums.latestPaidAt = paidAt.getTime();
}

/**
 * The others, from the sums with the touched rows' claims taken out; null when a sum goes
 * below zero (the sums do not describe this sheet: the full pass decides).
 */
export function othersOf(sums: SeasonSums, touchedBefore: readonly RowClaim[]): OtherShipments | null {
  const rest = copyOf(sums);
  const before = emptySums();
  for (const claim of touchedBefore) {
    addClaim(rest, claim, -1);
    addClaim(before, claim);
  }
  if (counts(rest).some((v) => v < 0)) return null;
  pruned(rest);
  const floors = new Map<string, SeoulDate>();
  for (const [lane, dates] of Object.entries(rest.ordered))
    for (const date of Object.keys(dates)) if (!(floors.get(lane)! >= date)) floors.set(lane, date);
  return {
    held: new Map(Object.entries(rest.held)),
    ...(Object.keys(rest.heldItems).length > 0 ? { heldItems: new Map(Object.entries(rest.heldItems)) } : {}),
    floors,
    latestPaidAt: sums.latestPaidAt,
    waiting: new Set(Object.keys(rest.waiting)),
    heldBefore: new Map(Object.entries(pruned(before).held)),
    waitedBefore: Object.keys(pruned(before).waiting).length > 0,
  };
}

/** The sums of the others plus the touched rows' claims now. */
export function sumsAfter(
  sums: SeasonSums,
  touchedBefore: readonly RowClaim[],
  touchedAfter: readonly RowClaim[],
  paidAts: readonly (Date | null)[],
  lastRow: number,
): SeasonSums {
  const next = copyOf(sums);
  next.lastRow = Math.max(sums.lastRow, lastRow);
  for (const claim of touchedBefore) addClaim(next, claim, -1);
  for (const claim of touchedAfter) addClaim(next, claim);
  for (const at of paidAts) notePayment(next, at);
  return pruned(next);
}

export function loadSums(host: Host): SeasonSums | null {
  const text = host.cache.get(CACHE_KEY);
  if (!text) return null;
  try {
    const sums = JSON.parse(text) as SeasonSums;
    return sums &&
      typeof sums.held === "object" &&
      typeof sums.heldItems === "object" &&
      typeof sums.waiting === "object" &&
      Array.isArray(sums.unsummed) &&
      typeof sums.lastRow === "number"
      ? sums
      : null;
  } catch {
    return null;
  }
}

export function saveSums(host: Host, sums: SeasonSums): void {
  host.cache.put(CACHE_KEY, JSON.stringify(sums));
}

/** Before a pass writes 주문: a pass that stops half-way must not leave sums that no longer hold. */
export function forgetSums(host: Host): void {
  host.cache.remove(CACHE_KEY);
}
