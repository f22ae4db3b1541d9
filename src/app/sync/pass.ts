/**
 * The one pass behind every edit and every reconcile: read → decide → write → views.
 *
 * It reads what its kind needs (read.ts), hands plain data to the season's one decision
 * (domain/season/decide.ts), writes each tab once (write.ts, Table.flush, the Journal) and
 * refreshes the customers' status views. An edit first tries the same pass over only the rows
 * it touches (edit.ts builds the scope: its cheap reads, the season in sums); when the decision
 * says those rows cannot decide alone, nothing is written and the full pass runs.
 *
 * What the script last recorded about a row lives in the row's hidden 기록 cell. Comparing the
 * cells with it tells what a person changed, whether or not a trigger fired, so an edit and the
 * reconcile run the same decision, and a second pass finds nothing to do.
 */
import type { DayUsage, OtherShipments } from "../../domain/allocation";
import { seoulDateOf, type SeoulDate } from "../../domain/clock";
import { newOrderCode, type RandomBytes } from "../../domain/codes";
import { decide, type SeasonDecision, type SeasonInput } from "../../domain/season/decide";
import { Grid } from "../../domain/season/grid";
import { editTimesByRow, paymentTickTimes } from "../../domain/season/payments";
import type { RowClaim, RowState } from "../../domain/season/state";
import { ticksWaiting } from "../../domain/season/ticks";
import type { TodayPlan } from "../../domain/season/today";
import type { Settings } from "../../domain/schemas";
import { seasonYearOf } from "../../domain/settings";
import { Journal, type JournalEvent } from "../journal";
import type { Host } from "../port";
import {
  addClaim,
  emptySums,
  forgetSums,
  loadSums,
  notePayment,
  saveSums,
  sumsAfter,
  type SeasonSums,
} from "../seasonSums";
import { rememberSmallTabs, capacityProblems } from "../smallTabs";
import { rebuildCachedViews, refreshCachedViews } from "../views";
import type { Table } from "../table";
import { readTodayTab, todayTabChanged } from "../today";
import { passOf, type Pass, type SyncMode } from "./mode";
import { readPass, tickTimesFor, type PassRead } from "./read";
import { writeSchedule, writeToday } from "./write";

export interface SyncResult {
  settings: Settings;
  /** 출하 일정 capacity cells that cannot be read (that day ships nothing until fixed). */
  capacityProblems: { date: string | null; message: string; raw: string }[];
  rows: RowState[];
  days: DayUsage[];
  table: Table;
}

/**
 * An edit's pass: 주문 holds only the touched orders' rows; the rest of the season is known in
 * sums. The pass stops before writing anything (`undecided` says why) when it cannot decide
 * alone, and the full pass runs instead.
 */
export interface EditScope {
  table: Table;
  others: OtherShipments;
  sums: SeasonSums;
  /** What the touched rows claimed before the edit. */
  claimsBefore: RowClaim[];
  /** Which of these order codes rows not read may already use (one search; all of them when any is). */
  codesTaken(codes: readonly string[]): ReadonlySet<string>;
  /**
   * The lines of 오늘 출하 showing the touched shipments, as the tab holds them now (null when
   * none is on today's list): Tutu's edits waiting there are carried before Tony's edit is judged.
   */
  todayLines: Table | null;
  /** Patches 오늘 출하 for the touched shipments; false when only a rewrite of all of it would do. */
  today(patch: TodayPatch): boolean;
  undecided?: string;
}

/** What an edit's pass hands 오늘 출하: the touched shipments, their lines planned, and the day's usage. */
export interface TodayPatch {
  shipments: RowState[][];
  plan: TodayPlan;
  days: DayUsage[];
  date: SeoulDate;
  settings: Settings;
}

export function sync(host: Host, mode: SyncMode): SyncResult | null {
  const result = pass(host, mode, null);
  return result === UNDECIDED ? null : result;
}

/** An edit decided from the touched rows alone; when it cannot be, `scope.undecided` says why. */
export function syncEdit(host: Host, mode: SyncMode, scope: EditScope): void {
  if (pass(host, mode, scope) === UNDECIDED) scope.undecided ??= "undecided";
}

const UNDECIDED = Symbol("undecided");

function pass(host: Host, mode: SyncMode, scope: EditScope | null): SyncResult | null | typeof UNDECIDED {
  const options = passOf(mode);
  const now = host.now();
  const journal = new Journal();
  const undecided = (why: string): typeof UNDECIDED => {
    scope!.undecided = why;
    return UNDECIDED;
  };

  const known = scope && { orders: scope.table, todayLines: scope.todayLines };
  const read = readPass(host, options, journal, known);
  if ("undecided" in read) return undecided(read.undecided);
  if ("stop" in read) {
    if (scope) return undecided(read.why);
    journal.problem(read.stop);
    journal.flush(host.workbook, now);
    return null;
  }

  const decided = decidePass(host, read, options, scope, now, journal);
  if ("why" in decided) return undecided(decided.why);
  const { decision, shownToday } = decided;
  journal.absorb(decision.log);
  const { settings, orders } = read;
  const { shipments, days, todayPlan: plan } = decision;
  if (scope && !scope.today({ shipments, plan, days, date: plan.date, settings }))
    return undecided("today tab needs a full rewrite");

  // Write each tab once: 출하 일정, 주문 (the season's sums dropped first, saved after), 오늘 출하,
  // then 이력 and 오류. 주문 goes right before the first read (이력's header), which makes Apps
  // Script apply the batched writes: Tony's cells show the script's part 0.15 s sooner than with
  // 출하 일정 written between them.
  const sums = sumsOfPass(decision, scope);
  const sumsChanged = JSON.stringify(sums) !== JSON.stringify(scope ? scope.sums : loadSums(host));
  if (sumsChanged) forgetSums(host);
  if (writeSchedule(host, read.small.schedule, decision.days, settings, journal, options.fresh))
    rememberSmallTabs(host, read.small);
  orders.apply(decision.cells);
  const written = orders.changedRows();
  orders.flush(read.ordersSheet);
  if (shownToday) writeToday(host, shownToday, decision.todayPlan, options.forceToday);
  if (options.user) for (const e of journal.events) if (e.actor === options.actor) e.by = options.user;
  const events = [...journal.events];
  journal.flush(host.workbook, now);
  if (sumsChanged) saveSums(host, sums);

  // The views last of all: a holder carrying a burst of Tony's edits writes the next one's 주문
  // before this one's views (host.later), 0.5–0.8 s sooner each.
  const views = () => refreshViews(host, read, options, decision.rows, written, events, now);
  if (host.later) host.later(views);
  else views();
  return {
    settings,
    capacityProblems: capacityProblems(read.small.schedule, seasonYearOf(settings)).map(
      ({ date, message, raw }) => ({
        date,
        message,
        raw,
      }),
    ),
    rows: decision.rows,
    days: decision.days,
    table: orders,
  };
}

/**
 * The decision for what was read. What the app can know only after deciding, it handles by
 * deciding again (the decision is pure): an edit's new rows need order numbers free in the rows
 * not read, which only a search tells; a pass that did not read 오늘 출하 and finds its list
 * changed reads it before rewriting it (no tick is ever lost), and carries Tutu's edits waiting
 * there. `shownToday`: the tab as read, to write the plan over.
 */
function decidePass(
  host: Host,
  read: PassRead,
  options: Pass,
  scope: EditScope | null,
  now: Date,
  journal: Journal,
): { decision: SeasonDecision; shownToday: Table | null } | { why: string } {
  const edited = options.editedRows;
  const draws = replayable(host.random);
  const input: SeasonInput = {
    orders: read.orders.asRead(),
    ordersTab: read.orders.def.name,
    settings: read.settings,
    overrides: read.overrides,
    today: read.today && { lines: read.today.asRead(), timeOf: read.timeOf },
    todayDate: options.todayTabDate ?? seoulDateOf(now),
    now,
    random: draws.random,
    actor: options.actor,
    renamedRows: (edited ?? []).flatMap((e) => (e.count === 1 ? [e.first] : [])),
    ...(options.editTimes
      ? {
          editedAt: paymentTickTimes(options.editTimes, read.orders.columnOf("payment") + 1),
          rowsEditedAt: editTimesByRow(options.editTimes),
        }
      : {}),
    allProblems: options.allProblems,
    scope: scope ? { kind: "scoped", others: scope.others, freshCodes: [] } : { kind: "full" },
    ...(options.delay ? { delay: options.delay } : {}),
    ...(options.bankTimes ? { bankTimes: options.bankTimes } : {}),
  };
  let decided = decide(input);
  if (scope && decided.codesNeeded) {
    const freshCodes = freshOrderCodes(host, scope, decided.codesNeeded);
    // The same row ids and tokens as the first time, then the numbers: the draws come in the
    // order the full pass makes them.
    const again = { kind: "scoped" as const, others: scope.others, freshCodes };
    decided = decide({ ...input, random: draws.replay(), scope: again });
  }
  if (decided.undecided !== undefined) {
    if (scope) return { why: decided.undecided };
    throw new Error(`the full pass cannot be undecided: ${decided.undecided}`);
  }
  if (scope || read.today || !todayTabChanged(host, decided.todayPlan)) {
    return { decision: decided, shownToday: scope ? null : read.today };
  }
  const shownToday = readTodayTab(host, journal);
  if (!ticksWaiting(new Grid(shownToday.asRead()))) return { decision: decided, shownToday };
  const today = { lines: shownToday.asRead(), timeOf: tickTimesFor(host, shownToday) };
  return { decision: decide({ ...input, today }) as SeasonDecision, shownToday };
}

/** The customers' status views (the read model 조회) follow every write. */
function refreshViews(
  host: Host,
  read: PassRead,
  options: Pass,
  rows: readonly RowState[],
  written: ReadonlySet<number>,
  events: JournalEvent[],
  now: Date,
): void {
  const { orders, settings } = read;
  if (options.fresh && options.allProblems) {
    rebuildCachedViews(host, orders, settings, events, now);
    return;
  }
  const edited = options.editedRows;
  const touched = new Set<string>();
  for (const s of rows) {
    const sheetRow = orders.sheetRow(s.r);
    const editedHere = edited?.some((e) => sheetRow >= e.first && sheetRow < e.first + e.count);
    if (editedHere || written.has(s.r)) touched.add(s.orderCode);
  }
  const codeOf = new Map(rows.map((s) => [s.rowId, s.orderCode]));
  for (const e of events) touched.add(codeOf.get(e.rowId) ?? e.orderCode);
  refreshCachedViews(host, orders, settings, touched, events, now);
}

/**
 * `count` new order numbers not used in the rows not read: drawn, and looked for in one search
 * (drawn again, all, if any is in use). Fewer when none could be found (the full pass decides).
 */
function freshOrderCodes(host: Host, scope: EditScope, count: number): string[] {
  const taken = new Set<string>();
  for (const r of scope.table.rows())
    if (scope.table.text(r, "orderCode")) taken.add(scope.table.text(r, "orderCode"));
  for (let tries = 0; tries < 20; tries++) {
    const seen = new Set(taken);
    const drawn = Array.from({ length: count }, () => {
      const code = newOrderCode(host.random, seen);
      seen.add(code);
      return code;
    });
    if (scope.codesTaken(drawn).size === 0) return drawn;
  }
  return [];
}

/** A random source whose draws can be given again, in order, before new ones. */
function replayable(random: RandomBytes): { random: RandomBytes; replay(): RandomBytes } {
  const drawn: Uint8Array[] = [];
  return {
    random: (n) => {
      const bytes = random(n);
      drawn.push(bytes);
      return bytes;
    },
    replay: () => {
      let i = 0;
      return (n) => (i < drawn.length && drawn[i]!.length === n ? drawn[i++]! : random(n));
    },
  };
}

/** The season's sums after the pass: every row's claim (full), or the edit's taken out and put back. */
function sumsOfPass(decision: SeasonDecision, scope: EditScope | null): SeasonSums {
  const { rows, claims, lastRow } = decision;
  if (scope) {
    return sumsAfter(
      scope.sums,
      scope.claimsBefore,
      rows.map((s) => claims.get(s)!),
      rows.map((s) => (s.paid ? s.paidAt : null)),
      lastRow,
    );
  }
  const sums = { ...emptySums(), lastRow };
  for (const s of rows) {
    addClaim(sums, claims.get(s)!);
    if (s.paid) notePayment(sums, s.paidAt);
  }
  sums.unsummed = decision.unsummed.filter(Boolean);
  return sums;
}
