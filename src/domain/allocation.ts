/**
 * Allocation of the daily harvest limit (SPEC.md "Allocation"):
 * - paid, unscheduled shipments get the earliest shipping day, at least `leadDays` after the
 *   later of payment and today, whose remaining capacity holds all their boxes (never split);
 * - `strict`: first come, first served by payment time (a later shipment never gets an earlier
 *   day than an earlier one still waiting); `fill`: small later shipments may use leftovers;
 * - dates once given are stable: they move only when their day's capacity is lowered below
 *   what it holds (the latest-paid move to the next days) or when a shipment's boxes grew;
 * - a shipment larger than any day's capacity is a problem, and one that finds no day before
 *   the season's last day is waitlisted.
 * Deterministic: ties of payment time are broken by rank (row order), then id.
 */
import { addDays, daysBetween, seoulDateOf, weekdayOf, type SeoulDate } from "./clock";
import { withParticle } from "./korean";
import { fail, ok, type Result } from "./result";
import type { Policy, Status } from "./schemas";
import { isInProgress } from "./status";

export interface CalendarOverride {
  date: SeoulDate;
  /** Boxes that day; null means the default capacity. */
  capacity: number | null;
  closed: boolean;
}

export interface Calendar {
  defaultCapacity: number;
  shippingWeekdays: readonly number[];
  seasonStart: SeoulDate;
  seasonEnd: SeoulDate;
  overrides: readonly CalendarOverride[];
  /** Days nothing ships (couriers' days off and, by setting, the days before: courierDays.ts). */
  noShipDays?: readonly SeoulDate[];
}

export interface AllocationShipment {
  id: string;
  boxes: number;
  paid: boolean;
  /** Epoch milliseconds of payment; the queue order. */
  paidAt: number | null;
  status: Status;
  shipDate: SeoulDate | null;
  /** Set by the edit that raised the boxes of an already scheduled shipment. */
  boxesGrew?: boolean;
  /** Breaks ties of equal payment time (the rows of one order): lower goes first. */
  rank?: number;
  /** The date was typed by hand (a customer's wish): it does not hold back later payments. */
  manual?: boolean;
}

export interface AllocationInput {
  calendar: Calendar;
  shipments: readonly AllocationShipment[];
  policy: Policy;
  leadDays: number;
  today: SeoulDate;
  /**
   * The season's other shipments, summed, when `shipments` are only the ones an edit touched
   * (see OtherShipments): the result is then theirs, or `undecided` when it could differ from
   * allocating every shipment together.
   */
  others?: OtherShipments;
}

/**
 * What allocation needs to know of the shipments an edit did not touch, as the last pass left
 * them (nothing about them changed since): an edit then decides its own shipments without
 * reading the season.
 */
export interface OtherShipments {
  /** Boxes they hold per date. */
  held: ReadonlyMap<SeoulDate, number>;
  /** The latest date one of them holds that counts for strict order (paid, not typed by hand). */
  floor: SeoulDate | null;
  /** The latest payment among them (epoch milliseconds). */
  latestPaidAt: number | null;
  /** Whether one of them waits for a day (waitlisted). */
  waiting: boolean;
  /** Boxes per date the touched shipments held before the edit: was room freed? */
  heldBefore: ReadonlyMap<SeoulDate, number>;
  /**
   * One of the touched shipments waited for a day before the edit. Strict order stops the
   * queue at the first shipment that finds no day; if that one was touched and left the queue
   * (unpaid, cancelled), the others behind it may now find one.
   */
  waitedBefore: boolean;
}

export type Placement =
  { kind: "scheduled"; date: SeoulDate } | { kind: "waitlisted" } | { kind: "tooLarge"; maxCapacity: number };

export interface Move {
  id: string;
  from: SeoulDate;
  /** null when no later day could take it: the shipment is waitlisted. */
  to: SeoulDate | null;
  reason: "capacityLowered" | "boxesGrew";
}

export interface DayUsage {
  date: SeoulDate;
  capacity: number;
  assigned: number;
}

export interface Allocation {
  /** The new placement of every shipment allocation was responsible for this run. */
  placements: Map<string, Placement>;
  moves: Move[];
  /** Every day of the season, and any other day holding shipments. */
  days: DayUsage[];
  /**
   * With `others` only: why this result could differ from allocating every shipment together
   * (the caller then runs the full pass). Absent when the result is exact.
   */
  undecided?: string;
}

/**
 * Capacity of a date: 0 outside the season, on days nothing ships (couriers' days off, whatever
 * 출하 일정 says: a parcel of peaches must not wait in a depot), on closed days and on
 * non-shipping weekdays.
 */
export function capacityOf(calendar: Calendar, date: SeoulDate): number {
  if (date < calendar.seasonStart || date > calendar.seasonEnd) return 0;
  if (calendar.noShipDays?.includes(date)) return 0;
  const override = calendar.overrides.find((o) => o.date === date);
  if (override?.closed) return 0;
  if (override && override.capacity !== null) return override.capacity;
  return calendar.shippingWeekdays.includes(weekdayOf(date)) ? calendar.defaultCapacity : 0;
}

/** Whether a shipment occupies its date's capacity. */
export function holdsCapacity(s: AllocationShipment): boolean {
  return s.status !== "cancelled" && s.shipDate !== null && (s.paid || isInProgress(s.status));
}

/** Whether a shipment is waiting for a day. */
export function awaitsDay(s: AllocationShipment): boolean {
  return s.paid && s.status !== "cancelled" && s.shipDate === null && !isInProgress(s.status);
}

const byPaymentOrder = (a: AllocationShipment, b: AllocationShipment): number =>
  (a.paidAt ?? Number.MAX_SAFE_INTEGER) - (b.paidAt ?? Number.MAX_SAFE_INTEGER) ||
  (a.rank ?? 0) - (b.rank ?? 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The season as an array of days, with capacities and what is already held. */
class Season {
  readonly start: SeoulDate;
  readonly capacity: number[];
  readonly assigned: number[];
  /** Assigned boxes on dates outside the season (manual dates, history). */
  readonly outside = new Map<SeoulDate, number>();
  readonly maxCapacity: number;

  constructor(calendar: Calendar) {
    this.start = calendar.seasonStart;
    const length = Math.max(0, daysBetween(calendar.seasonStart, calendar.seasonEnd) + 1);
    this.capacity = Array.from({ length }, (_, i) => capacityOf(calendar, addDays(this.start, i)));
    this.assigned = this.capacity.map(() => 0);
    this.maxCapacity = Math.max(0, ...this.capacity);
  }

  index(date: SeoulDate): number {
    return daysBetween(this.start, date);
  }

  add(date: SeoulDate, boxes: number): void {
    const i = this.index(date);
    if (i >= 0 && i < this.capacity.length) this.assigned[i]! += boxes;
    else this.outside.set(date, (this.outside.get(date) ?? 0) + boxes);
  }

  /** Boxes held beyond the day's capacity (a day outside the season has no capacity). */
  overBy(date: SeoulDate): number {
    const i = this.index(date);
    if (i >= 0 && i < this.capacity.length) return this.assigned[i]! - this.capacity[i]!;
    return this.outside.get(date) ?? 0;
  }

  /** The first day on or after `from` whose remaining capacity holds `boxes`, or null. */
  firstFit(from: SeoulDate, boxes: number): SeoulDate | null {
    for (let i = Math.max(0, this.index(from)); i < this.capacity.length; i++) {
      if (this.capacity[i]! - this.assigned[i]! >= boxes) return addDays(this.start, i);
    }
    return null;
  }

  usage(): DayUsage[] {
    const days = this.capacity.map((capacity, i) => ({
      date: addDays(this.start, i),
      capacity,
      assigned: this.assigned[i]!,
    }));
    for (const [date, assigned] of this.outside) days.push({ date, capacity: 0, assigned });
    return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}

export function allocate(input: AllocationInput): Allocation {
  const season = new Season(input.calendar);
  const placements = new Map<string, Placement>();
  const moves: Move[] = [];
  const others = input.others;
  let undecided: string | undefined;
  if (others) for (const [date, boxes] of others.held) season.add(date, boxes);

  // 1. What is already held stays where it is.
  const heldByDate = new Map<SeoulDate, AllocationShipment[]>();
  for (const s of input.shipments) {
    if (!holdsCapacity(s)) continue;
    season.add(s.shipDate!, s.boxes);
    const list = heldByDate.get(s.shipDate!) ?? [];
    list.push(s);
    heldByDate.set(s.shipDate!, list);
  }

  // 2. Days from today on that hold more than their capacity give up shipments not yet worked
  //    on: first those whose boxes grew, then the latest paid.
  const bumped: { s: AllocationShipment; after: SeoulDate; reason: Move["reason"] }[] = [];
  for (const [date, held] of [...heldByDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (date < input.today) continue;
    let over = season.overBy(date);
    if (over <= 0) continue;
    const movable = held
      .filter((s) => s.status === "scheduled")
      .sort((a, b) => Number(!!b.boxesGrew) - Number(!!a.boxesGrew) || byPaymentOrder(b, a));
    for (const s of movable) {
      if (over <= 0) break;
      season.add(date, -s.boxes);
      over -= s.boxes;
      bumped.push({ s, after: addDays(date, 1), reason: s.boxesGrew ? "boxesGrew" : "capacityLowered" });
      // The others never grew (they did not change): only a grown shipment surely goes before them.
      if (others && !s.boxesGrew) undecided ??= "a day over capacity gives up a shipment that did not grow";
    }
    if (others && over > 0) undecided ??= "a day stays over capacity: one of the others may have to move";
  }
  if (others?.waiting) {
    // A waiting shipment found no room last time; it still finds none if no day lost boxes.
    const after = new Map<SeoulDate, number>();
    for (const [date, held] of heldByDate)
      for (const s of held) after.set(date, (after.get(date) ?? 0) + s.boxes);
    for (const b of bumped) after.set(b.s.shipDate!, after.get(b.s.shipDate!)! - b.s.boxes);
    for (const [date, boxes] of others.heldBefore)
      if ((after.get(date) ?? 0) < boxes) undecided ??= "room was freed while others wait for a day";
    if (others.waitedBefore) undecided ??= "a waiting shipment changed while others wait behind it";
  }

  // 3. The queue: everything waiting, in payment order, bumped shipments with their old rank.
  const queue = [
    ...input.shipments.filter(awaitsDay).map((s) => ({ s, after: null as SeoulDate | null })),
    ...bumped.map((b) => ({ s: b.s, after: b.after as SeoulDate | null })),
  ].sort((a, b) => byPaymentOrder(a.s, b.s));
  const bumpReason = new Map(bumped.map((b) => [b.s.id, b]));

  // Strict holds across runs too: a shipment never goes before one paid earlier that already
  // has its day (hand-typed dates aside), so a second run places nothing differently.
  const heldInOrder = input.shipments
    .filter((s) => holdsCapacity(s) && !s.manual && !bumpReason.has(s.id))
    .sort(byPaymentOrder);
  let held = 0;
  let floor = input.calendar.seasonStart; // strict: nobody later goes before this
  if (others?.floor && others.floor > floor) floor = others.floor;
  let queueBlocked = !!others?.waiting; // strict: an earlier shipment found no day, so no later one may
  for (const { s, after } of queue) {
    if (input.policy === "strict" && others) {
      // The others' order is known only in sum: it decides a shipment paid after all of them.
      const later = s.paidAt !== null && (others.latestPaidAt === null || s.paidAt > others.latestPaidAt);
      if (!later) undecided ??= "a waiting shipment was not paid after all the others";
    }
    if (input.policy === "strict") {
      for (; held < heldInOrder.length && byPaymentOrder(heldInOrder[held]!, s) < 0; held++) {
        if (heldInOrder[held]!.shipDate! > floor) floor = heldInOrder[held]!.shipDate!;
      }
    }
    let placement: Placement;
    if (s.boxes > season.maxCapacity) {
      placement = { kind: "tooLarge", maxCapacity: season.maxCapacity };
    } else {
      const paidDay = s.paidAt === null ? input.today : seoulDateOf(new Date(s.paidAt));
      let from = after ?? addDays(paidDay > input.today ? paidDay : input.today, input.leadDays);
      if (input.policy === "strict" && floor > from) from = floor;
      const date = input.policy === "strict" && queueBlocked ? null : season.firstFit(from, s.boxes);
      if (date === null) {
        placement = { kind: "waitlisted" };
        queueBlocked = true;
      } else {
        placement = { kind: "scheduled", date };
        season.add(date, s.boxes);
        floor = date;
      }
    }
    placements.set(s.id, placement);
    const bump = bumpReason.get(s.id);
    if (bump) {
      moves.push({
        id: s.id,
        from: s.shipDate!,
        to: placement.kind === "scheduled" ? placement.date : null,
        reason: bump.reason,
      });
    }
  }
  return { placements, moves, days: season.usage(), ...(undecided ? { undecided } : {}) };
}

export interface ManualDateInput extends AllocationInput {
  id: string;
  date: SeoulDate;
}

/**
 * Whether a date typed by hand into 출하예정일 can be accepted: a shipping day of the season,
 * not in the past, with room for all the shipment's boxes (its own current day excluded).
 */
export function checkManualDate(input: ManualDateInput): Result<SeoulDate> {
  const target = input.shipments.find((s) => s.id === input.id);
  if (!target) return fail("해당 주문 줄을 찾을 수 없습니다");
  if (input.date < input.today) return fail(`지난 날짜(${input.date})로는 정할 수 없습니다`);
  const capacity = capacityOf(input.calendar, input.date);
  if (capacity === 0)
    return fail(
      `${withParticle(input.date, "은/는")} 출하하는 날이 아닙니다 (시즌 밖, 휴무 또는 출하 요일 아님)`,
    );
  const assigned = input.shipments
    .filter((s) => s.id !== input.id && holdsCapacity(s) && s.shipDate === input.date)
    .reduce((sum, s) => sum + s.boxes, input.others?.held.get(input.date) ?? 0);
  if (assigned + target.boxes > capacity) {
    return fail(
      `${input.date} 출하량 ${capacity}상자 중 ${assigned}상자가 이미 배정되어 ${target.boxes}상자를 더 넣을 수 없습니다`,
    );
  }
  return ok(input.date);
}
