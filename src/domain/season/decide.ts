/**
 * The season's rules in one pure decision: from the rows of 주문 as read (with what the script
 * last recorded in each row's 기록), 설정, the calendar's overrides, Tutu's waiting edits on 오늘
 * 출하 and the clock, to the cells each row must hold, the events and problems to log, the days'
 * usage and 오늘 출하's plan. No sheet, no cache, no host: the app reads, calls this, and writes
 * (src/app/sync/). A pass scoped to some rows (an edit) knows the rest of the season as sums and
 * answers "undecided: why" when those rows alone cannot decide; the full pass then runs.
 *
 * The steps, in the order they happen, each in the file named for it:
 * readRows (ids, repairs, what Tony typed) → order numbers → Tutu's ticks (ticks.ts, before
 * Tony's edits are judged) → 진행상태 typed by Tony (statusEdits.ts) → payment per order
 * (payments.ts) → unpaid web orders expire (webExpiry.ts) → a line twice is held (duplicates.ts)
 * → shipments and their fee
 * (shipments.ts) → dates typed by hand (manualDates.ts) → allocation (../allocation.ts) and its
 * placements (placements.ts) → 오늘 출하's plan (today.ts) → each row's computed cells and 기록.
 */
import {
  allocate,
  type Calendar,
  type CalendarOverride,
  type DayUsage,
  type OtherShipments,
} from "../allocation";
import { seoulDateOf, seoulMidnight, type SeoulDate } from "../clock";
import type { RandomBytes } from "../codes";
import { noShipDays } from "../courierDays";
import type { HarvestDelay } from "../harvest";
import type { Actor, Settings } from "../schemas";
import { seasonYearOf } from "../settings";
import { statusLabel } from "../status";
import { headerOf } from "../../templates";
import type { TickTimeOf } from "../tickNotes";
import { Grid, type Cell, type RowsAsRead } from "./grid";
import { DecisionLog } from "./log";
import { holdDuplicates } from "./duplicates";
import { applyManualDates } from "./manualDates";
import { applyPayments } from "./payments";
import { applyPlacements } from "./placements";
import { assignOrderCodes, readRows } from "./readRows";
import {
  allocationShipment,
  applyShipmentAmounts,
  claimsOf,
  shipmentGroups,
  shipmentsAndSplits,
} from "./shipments";
import {
  identityAt,
  INPUT_KEYS,
  parseRecorded,
  rowFingerprint,
  type Recorded,
  type RowClaim,
  type RowState,
} from "./state";
import { applyStatusEdits } from "./statusEdits";
import { applyTodayTicks } from "./ticks";
import { planToday, type TodayPlan } from "./today";
import { expireWebOrders } from "./webExpiry";

/** What a pass covers: every row of 주문, or the rows an edit touched with the rest in sums. */
export type PassScope =
  | { kind: "full" }
  | {
      kind: "scoped";
      /** The season's other shipments, summed. */
      others: OtherShipments;
      /** Order numbers known to be free in the rows not read, for new rows. */
      freshCodes: readonly string[];
    };

export interface SeasonInput {
  /** 주문 as read (all of it, or the touched orders' rows for a scoped pass). */
  orders: RowsAsRead;
  /** 주문's tab name, as problems name it. */
  ordersTab: string;
  settings: Settings;
  /** 출하 일정's days that differ from the default (capacity, closed). */
  overrides: readonly CalendarOverride[];
  /** The lines of 오늘 출하 that may hold Tutu's waiting edits (null: none read), and when she made each. */
  today: { lines: RowsAsRead; timeOf: TickTimeOf | null } | null;
  /** The date 오늘 출하 shows. */
  todayDate: SeoulDate;
  now: Date;
  /** Where new row ids, tokens and order numbers come from. */
  random: RandomBytes;
  /** Who made the changes found in 주문. */
  actor: Actor;
  /** Sheet rows a person just edited each alone: they may change their own names on purpose. */
  renamedRows: readonly number[];
  /**
   * When a payment was ticked in these sheet rows, if before the pass (an edit carried later,
   * editNotes; paymentTickTimes): stamped and logged at that time, not at the pass's.
   */
  editedAt?: ReadonlyMap<number, Date>;
  /**
   * When a person last edited these sheet rows, if before the pass (edits carried later): the
   * lines logged for a row take its time, as they would have had the edit run at once.
   */
  rowsEditedAt?: ReadonlyMap<number, Date>;
  /** Re-check every row's problems (and let unpaid web orders expire), not only rows whose check changed. */
  allProblems: boolean;
  scope: PassScope;
  /** A harvest delay Tony just asked for (설정's windows already moved): its shipments move too. */
  delay?: HarvestDelay;
  /** Orders a bank import just paid: the bank's time of the deposit, by order code. */
  bankTimes?: ReadonlyMap<string, Date>;
}

export interface SeasonDecision {
  undecided?: undefined;
  codesNeeded?: undefined;
  /** The cells of 주문 that must change, by data row and column key. */
  cells: Map<number, Map<string, Cell>>;
  log: DecisionLog;
  rows: RowState[];
  shipments: RowState[][];
  /** What each row holds now, for the season's sums. */
  claims: Map<RowState, RowClaim>;
  /** Row ids whose claims are not in the season's sums (cleared or set-aside rows). */
  unsummed: string[];
  /** The last sheet row of 주문 (of those read) holding anything. */
  lastRow: number;
  days: DayUsage[];
  /** 오늘 출하's plan (of the touched shipments only, for a scoped pass). */
  todayPlan: TodayPlan;
}

export type Decided =
  | SeasonDecision
  /** `codesNeeded`: a scoped pass needs this many new order numbers free in the rows not read. */
  | { undecided: string; codesNeeded?: number };

export function decide(input: SeasonInput): Decided {
  const { settings, now, actor, ordersTab: tabName } = input;
  const scoped = input.scope.kind === "scoped" ? input.scope : null;
  const seasonYear = seasonYearOf(settings);
  const grid = new Grid(input.orders);
  const log = new DecisionLog();

  const mayRename = (r: number) => input.renamedRows.includes(grid.sheetRow(r));
  const { rows, unsummed } = readRows(grid, tabName, settings, log, actor, now, input.random, mayRename);
  // A moved or cleared row: only the full pass can say whose it is.
  if (scoped && unsummed.length > 0) return { undecided: "moved or cleared row" };
  const codesNeeded = assignOrderCodes(
    grid,
    rows,
    log,
    actor,
    input.random,
    scoped ? scoped.freshCodes : null,
  );
  if (codesNeeded > 0) return { undecided: "order numbers", codesNeeded };
  // Tutu's edits still waiting on 오늘 출하 happened before anything found in 주문: carried first,
  // so Tony's edit is judged against them (a shipment she sent cannot be cancelled, re-dated or
  // set unpaid behind her back).
  if (input.today)
    applyTodayTicks(
      new Grid(input.today.lines),
      grid,
      shipmentGroups(grid, rows, settings),
      log,
      now,
      input.today.timeOf,
    );
  applyStatusEdits(grid, tabName, rows, log, actor, now);
  const paidAt = applyPayments(grid, rows, log, actor, now, input.bankTimes, input.editedAt);
  if (input.allProblems) expireWebOrders(grid, rows, settings, log, now);
  holdDuplicates(grid, rows);
  const { shipments, splits } = shipmentsAndSplits(grid, rows, settings);
  applyShipmentAmounts(grid, shipments, settings, splits);

  const base = {
    calendar: calendarOf(settings, input.overrides),
    policy: settings.policy,
    leadDays: settings.leadDays,
    today: seoulDateOf(now),
    ...(scoped ? { others: scoped.others } : {}),
  };
  applyManualDates(grid, tabName, shipments, log, base, actor, now, seasonYear, settings);
  const delayed = new Set(input.delay?.items ?? []);
  const allocation = allocate({
    ...base,
    shipments: shipments.flatMap((g) =>
      allocationShipment(g, settings).map((s) =>
        input.delay && g.some((row) => row.fields && delayed.has(row.fields.item))
          ? { ...s, delayBy: input.delay.days }
          : s,
      ),
    ),
  });
  if (scoped && allocation.undecided) return { undecided: allocation.undecided };
  applyPlacements(shipments, allocation, log, input.delay?.reason);

  const claims = claimsOf(shipments, allocation.placements, settings);
  writeRows(grid, tabName, rows, log, input.allProblems, claims);
  if (input.rowsEditedAt) {
    // Edits carried later: a line takes its order's payment time, else its row's edit time.
    const rowOf = new Map(rows.map((s) => [s.rowId, grid.sheetRow(s.r)]));
    const edited = input.rowsEditedAt;
    log.retime((e) => paidAt.get(e.orderCode) ?? edited.get(rowOf.get(e.rowId) ?? 0));
  }
  return {
    cells: grid.changes(),
    log,
    rows,
    shipments,
    claims,
    unsummed,
    lastRow: lastRowOf(grid),
    days: allocation.days,
    todayPlan: planToday(shipments, grid, allocation.days, input.todayDate, settings),
  };
}

/** The calendar allocation works on: 설정's season and days, 출하 일정's overrides. */
export function calendarOf(settings: Settings, overrides: readonly CalendarOverride[]): Calendar {
  return {
    defaultCapacity: settings.defaultCapacity,
    shippingWeekdays: settings.shippingWeekdays,
    seasonStart: settings.seasonStart,
    seasonEnd: settings.seasonEnd,
    overrides,
    noShipDays: noShipDays(settings.courierDaysOff, settings.noShipBeforeDayOff),
    ...(settings.harvest.itemLimits.length > 0 ? { itemLimits: settings.harvest.itemLimits } : {}),
  };
}

/** The last sheet row (of those read) holding anything. */
function lastRowOf(grid: Grid): number {
  const rows = grid.rows();
  for (let i = rows.length - 1; i >= 0; i--)
    if (!grid.isBlank(rows[i]!, [...INPUT_KEYS, "rowId", "recorded"])) return grid.sheetRow(rows[i]!);
  return 0;
}

/** Each row's computed cells, its problems, and its 기록 as the next pass will compare against. */
function writeRows(
  grid: Grid,
  tabName: string,
  rows: readonly RowState[],
  log: DecisionLog,
  allProblems: boolean,
  claims: Map<RowState, RowClaim>,
): void {
  for (const s of rows) {
    // Changed since the last pass left it (its 기록's fingerprint): a problem that stays with a
    // new value (상자수 2 → 1, still too many) is written again with it, as the full pass does.
    const changed =
      s.problems.length > 0 && parseRecorded(grid.text(s.r, "recorded"))?.h !== rowFingerprint(grid, s.r);
    if (s.amounts) {
      grid.set(s.r, "goods", s.amounts.goods);
      grid.set(s.r, "shippingFee", s.amounts.shippingFee);
      grid.set(s.r, "total", s.amounts.total);
    }
    grid.set(s.r, "paidAt", s.paidAt ?? "");
    grid.set(s.r, "shipDate", s.shipDate ? seoulMidnight(s.shipDate) : "");
    grid.set(s.r, "status", statusLabel(s.status));
    const check = s.problems.map((p) => p.message).join(" / ");
    const checkChanged = grid.set(s.r, "check", check);
    if (checkChanged || allProblems || changed) {
      log.checked({ kind: "row", rowId: s.rowId });
      for (const p of s.problems) {
        log.problem({
          key: { kind: "rowField", rowId: s.rowId, field: p.field },
          tab: tabName,
          orderCode: s.orderCode,
          rowId: s.rowId,
          // 오류's 항목 shows the column Tony knows (상자수), the key stays in the problem key.
          field: headerOf("orders", p.field),
          message: p.message,
          raw: p.raw,
        });
      }
    }
    const recorded: Recorded = { p: s.paid ? 1 : 0, d: s.shipDate ?? "", b: s.boxes, s: s.status };
    if (s.manualDate && s.shipDate) recorded.m = 1;
    recorded.f = identityAt(grid, s.r);
    const claim = claims.get(s)!;
    if (claim.heldOn) recorded.a = claim.heldOn;
    if (claim.heldOn && claim.ordered) recorded.o = 1;
    if (claim.waiting) recorded.w = 1;
    if (claim.lane) recorded.l = claim.lane;
    if (claim.item) recorded.i = claim.item;
    recorded.h = rowFingerprint(grid, s.r);
    grid.set(s.r, "recorded", JSON.stringify(recorded));
  }
}
