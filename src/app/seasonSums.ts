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

const CACHE_KEY = "peach:season-sums:v1";

export type { RowClaim };

export interface SeasonSums {
  /** Boxes held per date. */
  held: Record<SeoulDate, number>;
  /** Rows per date whose hold counts for the strict floor. */
  ordered: Record<SeoulDate, number>;
  /** Rows waiting for a day. */
  waiting: number;
  /** The latest payment (epoch milliseconds) of any paid row. */
  latestPaidAt: number | null;
  /** Row ids whose 기록 claims are not in these sums (blank or set-aside rows): an edit of one runs the full pass. */
  unsummed: string[];
  /** The last sheet row of 주문 holding anything: a paste below it covers only new rows. */
  lastRow: number;
}

export function emptySums(): SeasonSums {
  return { held: {}, ordered: {}, waiting: 0, latestPaidAt: null, unsummed: [], lastRow: 0 };
}

export function addClaim(sums: SeasonSums, claim: RowClaim, sign: 1 | -1 = 1): void {
  if (claim.heldOn) {
    sums.held[claim.heldOn] = (sums.held[claim.heldOn] ?? 0) + sign * claim.boxes;
    if (claim.ordered) sums.ordered[claim.heldOn] = (sums.ordered[claim.heldOn] ?? 0) + sign;
  }
  if (claim.waiting) sums.waiting += sign;
}

export function notePayment(sums: SeasonSums, paidAt: Date | null): void {
  if (paidAt && (sums.latestPaidAt === null || paidAt.getTime() > sums.latestPaidAt))
    sums.latestPaidAt = paidAt.getTime();
}

/**
 * The others, from the sums with the touched rows' claims taken out; null when a sum goes
 * below zero (the sums do not describe this sheet: the full pass decides).
 */
export function othersOf(sums: SeasonSums, touchedBefore: readonly RowClaim[]): OtherShipments | null {
  const rest: SeasonSums = {
    ...sums,
    held: { ...sums.held },
    ordered: { ...sums.ordered },
  };
  const before = emptySums();
  for (const claim of touchedBefore) {
    addClaim(rest, claim, -1);
    addClaim(before, claim);
  }
  const values = [...Object.values(rest.held), ...Object.values(rest.ordered), rest.waiting];
  if (values.some((v) => v < 0)) return null;
  let floor: SeoulDate | null = null;
  for (const [date, rows] of Object.entries(rest.ordered))
    if (rows > 0 && (floor === null || date > floor)) floor = date;
  return {
    held: new Map(Object.entries(rest.held).filter(([, boxes]) => boxes !== 0)),
    floor,
    latestPaidAt: sums.latestPaidAt,
    waiting: rest.waiting > 0,
    heldBefore: new Map(Object.entries(before.held).filter(([, boxes]) => boxes !== 0)),
    waitedBefore: before.waiting > 0,
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
  const next: SeasonSums = {
    ...sums,
    held: { ...sums.held },
    ordered: { ...sums.ordered },
    lastRow: Math.max(sums.lastRow, lastRow),
  };
  for (const claim of touchedBefore) addClaim(next, claim, -1);
  for (const claim of touchedAfter) addClaim(next, claim);
  for (const at of paidAts) notePayment(next, at);
  for (const key of ["held", "ordered"] as const)
    for (const [date, n] of Object.entries(next[key])) if (n === 0) delete next[key][date];
  return next;
}

export function loadSums(host: Host): SeasonSums | null {
  const text = host.cache.get(CACHE_KEY);
  if (!text) return null;
  try {
    const sums = JSON.parse(text) as SeasonSums;
    return sums &&
      typeof sums.held === "object" &&
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
