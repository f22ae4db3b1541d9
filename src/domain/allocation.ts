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
 * - varieties (harvest.ts): a shipment ships only inside its window (where its items' harvest
 *   windows overlap), and no day holds more of an item than its limit (`하루 최대:`). Strict
 *   order holds per lane (shipments of the same window): a 황도 order waiting for August does
 *   not hold back a 백도 order paid after it, and a 백도 never goes before an earlier 백도;
 * - a shipment held by a line of 설정 that cannot be read keeps what it has and gets no day.
 * Deterministic: ties of payment time are broken by rank (row order), then id.
 */
import { addDays, daysBetween, seoulDateOf, weekdayOf, type SeoulDate } from "./clock";
import type { HarvestWindow, ItemLimit } from "./harvest";
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
  /** Boxes a day of some items together (설정 `하루 최대:`). */
  itemLimits?: readonly ItemLimit[];
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
  /** The days it can ship (its items' harvest windows overlapping); absent: the season. */
  window?: HarvestWindow;
  /** Its boxes per item, for the items' daily limits. */
  items?: Readonly<Record<string, number>>;
  /** A line of 설정 that cannot be read holds its items: it keeps what it has and gets no day. */
  held?: boolean;
  /** Its harvest was delayed this many days: from today on, its day moves at least that far. */
  delayBy?: number;
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
  /** Boxes of each item they hold per date (for the items' daily limits). */
  heldItems?: ReadonlyMap<SeoulDate, Readonly<Record<string, number>>>;
  /** Per lane (laneOf), the latest date one of them holds that counts for strict order (paid, not typed by hand). */
  floors: ReadonlyMap<string, SeoulDate>;
  /** The latest payment among them (epoch milliseconds). */
  latestPaidAt: number | null;
  /** The lanes in which one of them waits for a day (waitlisted). */
  waiting: ReadonlySet<string>;
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
  | { kind: "scheduled"; date: SeoulDate }
  | { kind: "waitlisted" }
  /** More boxes than any day of its window can take: of the day (`limit` absent) or of an item's limit. */
  | { kind: "tooLarge"; maxCapacity: number; limit?: string };

export interface Move {
  id: string;
  from: SeoulDate;
  /** null when no later day could take it: the shipment is waitlisted. */
  to: SeoulDate | null;
  reason: "capacityLowered" | "boxesGrew" | "outsideWindow" | "delayed";
}

export interface DayUsage {
  date: SeoulDate;
  capacity: number;
  assigned: number;
  /** Assigned boxes per item, when the shipments said their items. */
  items?: Record<string, number>;
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

/**
 * Strict order holds among shipments of one lane: the same window (the season's is ""), or
 * held apart.
 */
export const laneOf = (s: Pick<AllocationShipment, "window" | "held">): string =>
  s.held ? "held" : s.window ? `${s.window.start}~${s.window.end}` : "";

const byPaymentOrder = (a: AllocationShipment, b: AllocationShipment): number =>
  (a.paidAt ?? Number.MAX_SAFE_INTEGER) - (b.paidAt ?? Number.MAX_SAFE_INTEGER) ||
  (a.rank ?? 0) - (b.rank ?? 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The season as an array of days, with capacities and what is already held. */
class Season {
  readonly start: SeoulDate;
  readonly capacity: number[];
  readonly assigned: number[];
  /** Per item, boxes assigned per day (only items some shipment named). */
  readonly itemAssigned = new Map<string, number[]>();
  readonly limits: readonly ItemLimit[];
  /** Assigned boxes on dates outside the season (manual dates, history). */
  readonly outside = new Map<SeoulDate, number>();
  readonly maxCapacity: number;

  constructor(calendar: Calendar) {
    this.start = calendar.seasonStart;
    const length = Math.max(0, daysBetween(calendar.seasonStart, calendar.seasonEnd) + 1);
    this.capacity = Array.from({ length }, (_, i) => capacityOf(calendar, addDays(this.start, i)));
    this.assigned = this.capacity.map(() => 0);
    this.maxCapacity = Math.max(0, ...this.capacity);
    this.limits = calendar.itemLimits ?? [];
  }

  index(date: SeoulDate): number {
    return daysBetween(this.start, date);
  }

  add(date: SeoulDate, boxes: number, items?: Readonly<Record<string, number>>): void {
    const i = this.index(date);
    if (i < 0 || i >= this.capacity.length) {
      this.outside.set(date, (this.outside.get(date) ?? 0) + boxes);
      return;
    }
    this.assigned[i]! += boxes;
    if (!items) return;
    const sign = Math.sign(boxes) || 1;
    for (const [item, n] of Object.entries(items)) {
      let days = this.itemAssigned.get(item);
      if (!days) this.itemAssigned.set(item, (days = this.capacity.map(() => 0)));
      days[i]! += sign * n;
    }
  }

  private limitUsed(limit: ItemLimit, i: number): number {
    return limit.items.reduce((sum, item) => sum + (this.itemAssigned.get(item)?.[i] ?? 0), 0);
  }

  /** Boxes held beyond the day's capacity (a day outside the season has no capacity). */
  overBy(date: SeoulDate): number {
    const i = this.index(date);
    if (i >= 0 && i < this.capacity.length) return this.assigned[i]! - this.capacity[i]!;
    return this.outside.get(date) ?? 0;
  }

  /** The items' limits a date holds more than. */
  limitsOver(date: SeoulDate): ItemLimit[] {
    const i = this.index(date);
    if (i < 0 || i >= this.capacity.length) return [];
    return this.limits.filter((l) => this.limitUsed(l, i) > l.boxes);
  }

  /** Whether day `i` has room for the shipment: its boxes in the day's total and each limit. */
  private fits(i: number, s: AllocationShipment): boolean {
    if (this.capacity[i]! - this.assigned[i]! < s.boxes) return false;
    return this.limits.every((l) => this.limitUsed(l, i) + boxesUnder(l, s) <= l.boxes);
  }

  /** The first day on or after `from`, inside the shipment's window, with room for it, or null. */
  firstFit(from: SeoulDate, s: AllocationShipment): SeoulDate | null {
    const first = s.window && s.window.start > from ? s.window.start : from;
    const last = Math.min(this.capacity.length - 1, s.window ? this.index(s.window.end) : Infinity);
    for (let i = Math.max(0, this.index(first)); i <= last; i++) {
      if (this.fits(i, s)) return addDays(this.start, i);
    }
    return null;
  }

  /** Why no day of its window can ever take the shipment, or null. */
  tooLarge(s: AllocationShipment): Extract<Placement, { kind: "tooLarge" }> | null {
    const lo = Math.max(0, s.window ? this.index(s.window.start) : 0);
    const hi = Math.min(this.capacity.length - 1, s.window ? this.index(s.window.end) : Infinity);
    const most = Math.max(0, ...this.capacity.slice(lo, hi + 1));
    // No day in the window at all (a window of days nothing ships) is waiting, not too large.
    if (s.boxes > most && (most > 0 || !s.window)) return { kind: "tooLarge", maxCapacity: most };
    for (const l of this.limits)
      if (boxesUnder(l, s) > l.boxes) return { kind: "tooLarge", maxCapacity: l.boxes, limit: l.name };
    return null;
  }

  usage(): DayUsage[] {
    const named = [...this.itemAssigned.keys()].sort();
    const days = this.capacity.map((capacity, i): DayUsage => {
      const day: DayUsage = { date: addDays(this.start, i), capacity, assigned: this.assigned[i]! };
      const items = named.filter((item) => this.itemAssigned.get(item)![i]! !== 0);
      if (items.length > 0)
        day.items = Object.fromEntries(items.map((item) => [item, this.itemAssigned.get(item)![i]!]));
      return day;
    });
    for (const [date, assigned] of this.outside) days.push({ date, capacity: 0, assigned });
    return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}

/** A shipment's boxes of the items a limit covers. */
export const boxesUnder = (l: ItemLimit, s: AllocationShipment): number =>
  s.items ? l.items.reduce((sum, item) => sum + (s.items![item] ?? 0), 0) : 0;

/** Whether a held date lies outside the shipment's window. */
export const outsideWindow = (s: AllocationShipment, date: SeoulDate): boolean =>
  !!s.window && (date < s.window.start || date > s.window.end);

export function allocate(input: AllocationInput): Allocation {
  const season = new Season(input.calendar);
  const placements = new Map<string, Placement>();
  const moves: Move[] = [];
  const others = input.others;
  let undecided: string | undefined;
  if (others) {
    for (const [date, boxes] of others.held) season.add(date, boxes);
    for (const [date, items] of others.heldItems ?? []) season.add(date, 0, items);
  }

  // 1. What is already held stays where it is.
  const heldByDate = new Map<SeoulDate, AllocationShipment[]>();
  for (const s of input.shipments) {
    if (!holdsCapacity(s)) continue;
    season.add(s.shipDate!, s.boxes, s.items);
    const list = heldByDate.get(s.shipDate!) ?? [];
    list.push(s);
    heldByDate.set(s.shipDate!, list);
  }

  // 2. Shipments not yet worked on give up their day from today on when it lies outside their
  //    window (the window moved), or holds more than its capacity or an item's limit: first
  //    those whose boxes grew, then the latest paid.
  const bumped: { s: AllocationShipment; after: SeoulDate; reason: Move["reason"] }[] = [];
  const bump = (s: AllocationShipment, after: SeoulDate, reason: Move["reason"]) => {
    season.add(s.shipDate!, -s.boxes, s.items);
    bumped.push({ s, after, reason });
    // The others never changed: only a shipment that grew surely goes before them.
    if (others && reason !== "boxesGrew") undecided ??= "a held day gives up a shipment that did not grow";
  };
  for (const [date, held] of [...heldByDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (date < input.today) continue;
    const movable = held
      .filter((s) => s.status === "scheduled")
      .sort((a, b) => Number(!!b.boxesGrew) - Number(!!a.boxesGrew) || byPaymentOrder(b, a));
    const gone = new Set<AllocationShipment>();
    for (const s of movable) {
      if (!s.delayBy) continue;
      bump(s, addDays(date, s.delayBy), "delayed");
      gone.add(s);
    }
    for (const s of movable) {
      if (gone.has(s) || s.held || !outsideWindow(s, date)) continue;
      bump(s, s.window!.start > input.today ? s.window!.start : input.today, "outsideWindow");
      gone.add(s);
    }
    const reasonOf = (s: AllocationShipment): Move["reason"] =>
      s.boxesGrew ? "boxesGrew" : "capacityLowered";
    for (const s of movable) {
      if (season.overBy(date) <= 0) break;
      if (gone.has(s)) continue;
      bump(s, addDays(date, 1), reasonOf(s));
      gone.add(s);
    }
    for (const limit of season.limitsOver(date)) {
      for (const s of movable) {
        if (!season.limitsOver(date).includes(limit)) break;
        if (gone.has(s) || boxesUnder(limit, s) === 0) continue;
        bump(s, addDays(date, 1), reasonOf(s));
        gone.add(s);
      }
    }
    if (others && (season.overBy(date) > 0 || season.limitsOver(date).length > 0))
      undecided ??= "a day stays over capacity: one of the others may have to move";
  }
  if (others && others.waiting.size > 0) {
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

  // Strict holds across runs too: a shipment never goes before one of its lane paid earlier
  // that already has its day (hand-typed dates aside), so a second run places nothing
  // differently.
  const heldInOrder = input.shipments
    .filter((s) => holdsCapacity(s) && !s.manual && !bumpReason.has(s.id))
    .sort(byPaymentOrder);
  let held = 0;
  const floors = new Map<string, SeoulDate>(others?.floors ?? []); // strict: nobody later of the lane goes before
  const raise = (lane: string, date: SeoulDate) => {
    if (!(floors.get(lane)! >= date)) floors.set(lane, date);
  };
  // strict: a shipment of the lane found no day, so no later one of it may
  const blocked = new Set<string>(others?.waiting ?? []);
  for (const { s, after } of queue) {
    const lane = laneOf(s);
    if (input.policy === "strict" && others) {
      // The others' order is known only in sum: it decides a shipment paid after all of them.
      const later = s.paidAt !== null && (others.latestPaidAt === null || s.paidAt > others.latestPaidAt);
      if (!later) undecided ??= "a waiting shipment was not paid after all the others";
    }
    if (input.policy === "strict") {
      for (; held < heldInOrder.length && byPaymentOrder(heldInOrder[held]!, s) < 0; held++)
        raise(laneOf(heldInOrder[held]!), heldInOrder[held]!.shipDate!);
    }
    let placement: Placement;
    const tooLarge = season.tooLarge(s);
    if (s.held) {
      placement = { kind: "waitlisted" };
    } else if (tooLarge) {
      placement = tooLarge;
    } else {
      const paidDay = s.paidAt === null ? input.today : seoulDateOf(new Date(s.paidAt));
      let from = after ?? addDays(paidDay > input.today ? paidDay : input.today, input.leadDays);
      const floor = floors.get(lane) ?? input.calendar.seasonStart;
      if (input.policy === "strict" && floor > from) from = floor;
      const date = input.policy === "strict" && blocked.has(lane) ? null : season.firstFit(from, s);
      if (date === null) {
        placement = { kind: "waitlisted" };
        blocked.add(lane);
      } else {
        placement = { kind: "scheduled", date };
        season.add(date, s.boxes, s.items);
        raise(lane, date);
      }
    }
    placements.set(s.id, placement);
    const bumpOf = bumpReason.get(s.id);
    if (bumpOf) {
      moves.push({
        id: s.id,
        from: s.shipDate!,
        to: placement.kind === "scheduled" ? placement.date : null,
        reason: bumpOf.reason,
      });
    }
  }
  return { placements, moves, days: season.usage(), ...(undecided ? { undecided } : {}) };
}
