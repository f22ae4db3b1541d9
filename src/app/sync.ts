/**
 * The one pass behind every edit and every reconcile: read 주문 once (설정 and 출하 일정 from the
 * cache unless fresh), decide everything in memory with the domain, write each tab once.
 *
 * An edit first tries the edit path (edit.ts): the same pass over only the rows it touches,
 * with the rest of the season in sums (seasonSums.ts); it comes here whole when that cannot
 * decide.
 *
 * What the script last recorded about a row lives in the row's hidden 기록 cell (payment, ship
 * date, boxes, status). Comparing the cells with it tells what a person changed, whether or not a
 * trigger fired, so an edit and the 10-minute reconcile run the same code, and a second pass
 * finds nothing to do.
 */
import {
  allocate,
  checkManualDate,
  holdsCapacity,
  type Calendar,
  type CalendarOverride,
  type AllocationInput,
  type AllocationShipment,
  type DayUsage,
  type OtherShipments,
  type Placement,
} from "../domain/allocation";
import { newAccessToken, newOrderCode, newRowId } from "../domain/codes";
import {
  addDays,
  koreanWeekday,
  parseSeoulDate,
  seoulDateOf,
  seoulMidnight,
  type SeoulDate,
} from "../domain/clock";
import { EVENT } from "../domain/events";
import type { Amounts } from "../domain/pricing";
import { parsePayment, readOrderRow, type OrderRowFields } from "../domain/rows";
import type { Actor, Settings, Status } from "../domain/schemas";
import { isInProgress, statusFromLabel, statusLabel, transition } from "../domain/status";
import { showInvisible, stripInvisible } from "../domain/names";
import { missingSettingLabels } from "../domain/settings";
import { shipmentNote, shipmentRowAmounts, shipmentStatus } from "../domain/shipments";
import { normalizeBoxes } from "../domain/validation";
import { isExpired } from "../domain/webOrder";
import { typedShipDate } from "../domain/manualDate";
import { orderCodesOf } from "../domain/orderCodes";
import { orderPayment } from "../domain/orderPayment";
import { statusAfterPayment } from "../domain/unpaidOrder";
import { TABS, WEB_SOURCE, headerOf, tab } from "../templates";
import { fnv1a } from "./fingerprint";
import { Journal, type JournalProblem } from "./journal";
import { PAYMENT_LABEL } from "./orderCells";
import type { Host, SheetPort } from "./port";
import {
  calendarOverrides,
  capacityProblems,
  loadSmallTabs,
  rememberSmallTabs,
  settingRows,
} from "./smallTabs";
import { shipmentsOf } from "./shipmentRows";
import {
  addClaim,
  emptySums,
  forgetSums,
  loadSums,
  notePayment,
  saveSums,
  sumsAfter,
  type RowClaim,
  type SeasonSums,
} from "./seasonSums";
import { rebuildCachedViews, refreshCachedViews } from "./views";
import { Table } from "./table";
import { findOrRecreateTab } from "./tabs";
import {
  applyTodayTicks,
  planToday,
  readTodayTab,
  rememberTodayTab,
  todayTabChanged,
  todayTabDiffers,
  writeTodayTab,
} from "./today";

/**
 * The tabs whose edits run a pass, and whose work an edit there is: Tony keeps 주문 and 설정,
 * Tutu ticks 오늘 출하 and sets the days in 출하 일정.
 */
export const EDIT_ROLE = { orders: "tony", today: "tutu", schedule: "tutu", settings: "tony" } as const;
export type EditedTab = keyof typeof EDIT_ROLE;

/** The tab an edit of `name` runs a pass for, or null (이력, 오류 and Tony's own tabs need none). */
export function editedTabNamed(name: string): EditedTab | null {
  const key = TABS.find((t) => t.name === name)?.key;
  return key && Object.hasOwn(EDIT_ROLE, key) ? (key as EditedTab) : null;
}

/** What a pass is, as its caller means it; `passOf` derives what the pass reads and rewrites. */
export type SyncMode =
  | {
      /** A person edited 주문 (the trigger, or a tool that wrote to 주문 for Tony). */
      kind: "edit";
      tab: "orders";
      /** Who made the changes found; default Tony. */
      actor?: Actor;
      /**
       * 1-based sheet rows of 주문 a person just edited: a single row there may change its own
       * names on purpose, and these orders' status views are refreshed. Only 주문's rows: a row
       * number of another tab would let an unrelated row of 주문 pass as renamed.
       */
      editedRows?: { first: number; count: number };
      /** Who made the edit, when Google's event names them (an email); otherwise the tab's role. */
      user?: string;
    }
  | {
      /** A person edited another tab the pass reads (오늘 출하, 출하 일정, 설정). */
      kind: "edit";
      tab: Exclude<EditedTab, "orders">;
      /** Who made the changes found; default the tab's role. */
      actor?: Actor;
      /** Who made the edit, when Google's event names them (an email); otherwise the tab's role. */
      user?: string;
    }
  | {
      /**
       * The timer's pass over rows found changed since the last run (reconcile.ts): like an edit
       * of 주문 by Tony, 설정 and 출하 일정 from the cache.
       */
      kind: "changes";
      /** 오늘 출하 may hold a tick or a number no trigger took: read it. */
      readToday: boolean;
      /** The last pass set rows aside: re-check every problem, so they resolve once whole. */
      recheckProblems: boolean;
    }
  | {
      /** The full pass: every tab read from the sheet, every problem re-checked, every view rebuilt. */
      kind: "reconcile";
      /** Rewrite 오늘 출하 even if its list did not change (midnight, the menu, a local run). */
      rebuildToday?: boolean;
      /** Who made the changes found; default Tony. */
      actor?: Actor;
      /** The date 오늘 출하 shows; default today. */
      todayTabDate?: SeoulDate;
    };

/** What one pass does, derived from its mode in one place. */
interface Pass {
  /** Who made the changes found in 주문: Tony, or Tutu when the edit came from 오늘 출하. */
  actor: Actor;
  /** Read 설정 and 출하 일정 from the sheet instead of the cache. */
  fresh: boolean;
  /** Pick up Tutu's ticks and tracking numbers from 오늘 출하. */
  readToday: boolean;
  /** Re-check every row's problems against 오류 (reconcile), not only rows whose check changed. */
  allProblems: boolean;
  /** Rewrite 오늘 출하 even if its list did not change. */
  forceToday: boolean;
  /** The date 오늘 출하 shows; default today. */
  todayTabDate?: SeoulDate;
  /** 1-based sheet rows of 주문 a person just edited (their orders' status views are refreshed). */
  editedRows?: { first: number; count: number };
  /** Who made the edit, when Google's event names them (an email); otherwise the tab's role. */
  user?: string;
}

export function passOf(mode: SyncMode): Pass {
  if (mode.kind === "changes") {
    return {
      actor: "tony",
      fresh: false,
      readToday: mode.readToday,
      allProblems: mode.recheckProblems,
      forceToday: false,
    };
  }
  if (mode.kind === "reconcile") {
    return {
      actor: mode.actor ?? "tony",
      fresh: true,
      readToday: true,
      allProblems: true,
      forceToday: mode.rebuildToday ?? false,
      ...(mode.todayTabDate ? { todayTabDate: mode.todayTabDate } : {}),
    };
  }
  const { tab: edited } = mode;
  return {
    actor: mode.actor ?? EDIT_ROLE[edited],
    // 설정 and 출하 일정 are cached: an edit there is read from the sheet.
    fresh: edited === "schedule" || edited === "settings",
    readToday: edited === "today",
    // A changed setting can change every row's problems and 오늘 출하's whole list.
    allProblems: edited === "settings",
    forceToday: edited === "settings",
    ...(mode.tab === "orders" && mode.editedRows ? { editedRows: mode.editedRows } : {}),
    ...(mode.user ? { user: mode.user } : {}),
  };
}

/** What the script last recorded about a row (the hidden 기록 cell). */
export interface Recorded {
  p: 0 | 1;
  d: SeoulDate | "";
  b: number;
  s: Status;
  /** 1 when the date was typed by hand. */
  m?: 1;
  /** Fingerprint of the row's identity (orderer, recipient, orderer's phone): see identityOf. */
  f?: string;
  /** The date the row's boxes hold capacity on (its shipment's), when they hold any. */
  a?: SeoulDate;
  /** 1 when that hold counts for strict order (paid, date not typed by hand). */
  o?: 1;
  /** 1 when its shipment waits for a day (waitlisted). */
  w?: 1;
  /**
   * Fingerprint of every other cell of the row as the script left it (rowFingerprint): a
   * reconcile that finds it unchanged knows no person touched the row since (reconcile.ts).
   */
  h?: string;
}

/** What a row's 기록 says it holds (see seasonSums.ts). */
export function claimOf(recorded: Recorded): RowClaim {
  return {
    heldOn: recorded.a ?? null,
    boxes: recorded.b,
    ordered: recorded.o === 1,
    waiting: recorded.w === 1,
  };
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
  today(plan: TodayPatch): boolean;
  undecided?: string;
}

/** What an edit's pass hands 오늘 출하: the touched shipments and the day's usage. */
export interface TodayPatch {
  shipments: RowState[][];
  table: Table;
  days: DayUsage[];
  date: SeoulDate;
  settings: Settings;
  journal: Journal;
  now: Date;
}

/**
 * A short fingerprint of who a row is for. Sorting only the visible columns would leave a row's
 * hidden id, token and 기록 beside another row's names: a fingerprint that no longer matches
 * the visible cells says so, and the row is set aside as a problem instead of silently taking
 * the other row's state. (FNV-1a, 32 bits, base 36: collisions only matter between two rows.)
 */
export function identityOf(ordererName: string, recipientName: string, ordererPhone: string): string {
  return fnv1a([ordererName.trim(), recipientName.trim(), ordererPhone.replace(/\D/g, "")].join("|"));
}

/**
 * A fingerprint of a row's cells but its 기록 (dates by instant, numbers and text as text, so a
 * value reads back the same as it was written). Any change a person makes to the row, through a
 * trigger or not, changes it.
 */
export function rowFingerprint(table: Table, r: number): string {
  const cells = table.row(r);
  const skip = table.columnOf("recorded");
  const parts: string[] = [];
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c];
    // Whole seconds: a sheet need not keep a time's milliseconds.
    parts.push(c === skip ? "" : v instanceof Date ? `@${Math.floor(v.getTime() / 1000)}` : String(v ?? ""));
  }
  // Trailing blanks carry nothing: a row read back shorter or longer hashes the same.
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return fnv1a(parts.join("\u001f"));
}

const identityAt = (table: Table, r: number) =>
  identityOf(table.text(r, "ordererName"), table.text(r, "recipientName"), table.text(r, "ordererPhone"));

export interface RowState {
  r: number;
  rowId: string;
  orderCode: string;
  fields: OrderRowFields | null;
  amounts: Amounts | null;
  recorded: Recorded | null;
  paid: boolean;
  paidAt: Date | null;
  status: Status;
  shipDate: SeoulDate | null;
  boxes: number;
  boxesGrew: boolean;
  manualDate: boolean;
  /** `kind` marks a problem code must recognise, so nothing matches on the Korean message. */
  problems: { field: string; message: string; raw: string; kind?: "tooLarge" }[];
}

export interface SyncResult {
  settings: Settings;
  /** 출하 일정 capacity cells that cannot be read (that day ships nothing until fixed). */
  capacityProblems: { date: string | null; message: string; raw: string }[];
  rows: RowState[];
  days: DayUsage[];
  table: Table;
}

/** Tony's input columns: a row is there when any of them holds something. */
export const INPUT_KEYS = [
  "orderCode",
  "ordererName",
  "ordererPhone",
  "recipientName",
  "recipientPhone",
  "address",
  "item",
  "boxes",
];

/** Script columns an older workbook may lack: the pass runs without them (setup adds them). */
const OPTIONAL_KEYS = ["shipment"];

/**
 * What stops a pass before it computes anything, as the problem 오류 gets: 설정 that cannot be
 * read (here), or 주문 without a column the pass needs (`columnsBlocker`, null when it has them).
 */
const settingsProblem = (error: string): JournalProblem => ({
  key: { kind: "settings" },
  tab: tab("settings").name,
  field: "설정",
  message: error,
  raw: "",
});

function columnsBlocker(table: Table): JournalProblem | null {
  const missing = table
    .missingColumns()
    .filter((c) => INPUT_KEYS.includes(c.key) || (c.owner === "script" && !OPTIONAL_KEYS.includes(c.key)));
  if (missing.length === 0) return null;
  return {
    key: { kind: "columns" },
    tab: table.def.name,
    field: "열",
    message: `주문 탭에 열이 없습니다: ${missing.map((c) => c.header).join(", ")}. 메뉴에서 '탭 만들기 / 고치기'를 실행하세요`,
    raw: "",
  };
}

/** 주문 and its Table: the one an edit already read (its rows only), or the whole tab. */
function ordersTableOf(host: Host, known?: Table): { sheet: SheetPort; table: Table } {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet)
    throw new Error(`'${tab("orders").name}' 탭이 없습니다. 메뉴에서 '탭 만들기 / 고치기'를 먼저 실행하세요`);
  return { sheet, table: known ?? Table.read(tab("orders"), sheet) };
}

/**
 * Why `sync` returned null, as 오류 says it, for a CLI or a page to name the real cause (a
 * missing 주문 column is not a problem of 설정).
 */
export function whyStopped(host: Host): { field: string; message: string } {
  const settings = loadSmallTabs(host, true).settings;
  const blocker = settings.ok ? columnsBlocker(ordersTableOf(host).table) : settingsProblem(settings.error);
  if (!blocker) return { field: "", message: "" };
  const { field, message } = blocker;
  return { field, message: settings.ok ? message : `설정 탭에 문제가 있습니다: ${message}` };
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
const undecided = (scope: EditScope, why: string): typeof UNDECIDED => {
  scope.undecided = why;
  return UNDECIDED;
};

function pass(host: Host, mode: SyncMode, scope: EditScope | null): SyncResult | null | typeof UNDECIDED {
  const options = passOf(mode);
  const now = host.now();
  const today = seoulDateOf(now);
  const journal = new Journal();
  const small = loadSmallTabs(host, options.fresh);
  if (options.fresh) journal.checked({ kind: "settings" });
  const stop = (problem: JournalProblem): null => {
    journal.problem(problem);
    journal.flush(host.workbook, now);
    return null;
  };
  if (!small.settings.ok) {
    if (scope) return undecided(scope, "settings");
    return stop(settingsProblem(small.settings.error));
  }
  const settings = small.settings.value;
  if (options.fresh) {
    // A renamed or deleted row of 설정 is said, not silently replaced by the template's value.
    for (const label of missingSettingLabels(settingRows(small.settingsValues))) {
      journal.problem({
        key: { kind: "missingSetting", label },
        tab: tab("settings").name,
        field: label,
        message: `설정에 '${label}' 줄이 없어 기본값을 씁니다. 이름이 바뀌었으면 원래대로 고쳐 주세요`,
        raw: "",
      });
    }
  }
  const seasonYear = Number(settings.seasonStart.slice(0, 4));
  const { sheet: ordersSheet, table } = ordersTableOf(host, scope?.table);
  if (options.fresh) journal.checked({ kind: "columns" });
  const columnsProblem = columnsBlocker(table);
  if (columnsProblem) return scope ? undecided(scope, "columns") : stop(columnsProblem);

  // One edited row may change its own names on purpose; a block edit (a paste, a sort) may not.
  const edited = options.editedRows;
  const mayRename = (r: number) => !!edited && edited.count === 1 && table.sheetRow(r) === edited.first;
  const unsummed: string[] = [];
  const rows = readRows(host, table, settings, seasonYear, journal, options.actor, now, mayRename, unsummed);
  // A moved or cleared row: only the full pass can say whose it is.
  if (scope && unsummed.length > 0) return undecided(scope, "moved or cleared row");
  assignOrderCodes(host, table, rows, journal, options.actor, scope);
  // Tutu's edits still waiting on 오늘 출하 (the edit trigger leaves them to a pass) happened
  // before anything this pass finds in 주문: carried first, so Tony's edit is judged against them
  // (a shipment she sent cannot be cancelled, re-dated or set unpaid behind her back). A full
  // pass reads the tab for it whenever she may have edited it; the edit path reads its lines.
  const todayTab = scope
    ? scope.todayLines
    : options.readToday || mode.kind === "edit" || options.forceToday
      ? readTodayTab(host, journal)
      : null;
  if (todayTab) applyTodayTicks(todayTab, table, shipmentGroups(table, rows), journal, now, host.tickTimes);
  applyStatusEdits(table, rows, journal, options.actor, now);
  applyPayments(table, rows, journal, options.actor, now);
  if (options.allProblems) expireWebOrders(table, rows, settings, journal, now);
  const shipments = shipmentGroups(table, rows);
  applyShipmentAmounts(table, shipments, settings);

  small.schedule = scheduleTable(host, small.schedule, journal);
  const overrides = calendarOverrides(small.schedule, seasonYear);
  const base = {
    calendar: calendarOf(settings, overrides),
    policy: settings.policy,
    leadDays: settings.leadDays,
    today,
  };
  const scoped = scope ? { ...base, others: scope.others } : base;
  applyManualDates(table, shipments, journal, scoped, options.actor, now, seasonYear);
  const allocation = allocate({ ...scoped, shipments: shipments.flatMap(allocationShipment) });
  if (scope && allocation.undecided) return undecided(scope, allocation.undecided);
  // Allocation's unit is the shipment (named by its lead row): every row of it follows.
  const byLead = new Map(shipments.map((group) => [group[0]!.rowId, group]));
  for (const group of shipments) {
    const placement = allocation.placements.get(group[0]!.rowId);
    if (!placement) {
      alignShipDates(group, journal);
      continue;
    }
    for (const s of group) {
      if (placement.kind === "scheduled") {
        setShipDate(s, placement.date, journal, "script");
        if (s.status !== "scheduled") setStatus(s, "scheduled", journal, "script");
      } else {
        setShipDate(s, null, journal, "script");
        if (placement.kind === "waitlisted" && s.status !== "waitlisted")
          setStatus(s, "waitlisted", journal, "script");
        if (placement.kind === "tooLarge") {
          s.problems.push({
            field: "boxes",
            message:
              group.length > 1
                ? `상자수: 한 곳으로 가는 ${group.length}줄을 합친 상자수가 하루 최대 출하량 ${placement.maxCapacity}상자보다 많습니다. 주문을 나눠 주세요`
                : `상자수: 하루 최대 출하량 ${placement.maxCapacity}상자보다 많습니다. 주문을 나눠 주세요`,
            raw: String(s.boxes),
            kind: "tooLarge",
          });
        }
      }
    }
  }
  for (const move of allocation.moves) {
    for (const s of byLead.get(move.id)!) {
      journal.log({
        actor: "script",
        orderCode: s.orderCode,
        rowId: s.rowId,
        event: EVENT.shipDateMoved,
        from: move.from,
        to: move.to ?? statusLabel("waitlisted"),
        detail: move.reason === "boxesGrew" ? "상자수가 늘어 그날 출하량을 넘음" : "그날 출하량이 줄어듦",
      });
    }
  }

  // 오늘 출하: read before it is rewritten (above, or now when only the plan says it changed),
  // so no tick is ever lost.
  const todayDate = options.todayTabDate ?? today;
  let todayPlan = scope ? null : planToday(shipments, table, allocation.days, todayDate, settings);
  let shownToday = scope ? null : todayTab;
  if (todayPlan && !shownToday && todayTabChanged(host, todayPlan)) {
    shownToday = readTodayTab(host, journal);
    applyTodayTicks(shownToday, table, shipments, journal, now, host.tickTimes);
    todayPlan = planToday(shipments, table, allocation.days, todayDate, settings);
  }
  if (scope) {
    const patch = { shipments, table, days: allocation.days, date: todayDate, settings, journal, now };
    if (!scope.today(patch)) return undecided(scope, "today tab needs a full rewrite");
  }

  // What every row holds now, for the season's sums (dropped before 주문 is written, saved after).
  const claims = claimsOf(shipments, allocation.placements);
  const sums = scope
    ? sumsAfter(
        scope.sums,
        scope.claimsBefore,
        rows.map((s) => claims.get(s)!),
        rows.map((s) => (s.paid ? s.paidAt : null)),
        lastRowOf(table),
      )
    : sumsOf(rows, claims, unsummed, lastRowOf(table));
  const sumsChanged = JSON.stringify(sums) !== JSON.stringify(scope ? scope.sums : loadSums(host));
  if (sumsChanged) forgetSums(host);
  writeRows(table, rows, journal, options.allProblems, claims);
  const written = table.changedRows();
  table.flush(ordersSheet);
  if (writeSchedule(host, small.schedule, allocation.days, settings, journal, options.fresh))
    rememberSmallTabs(host, small);
  if (shownToday && todayPlan) {
    if (options.forceToday || todayTabDiffers(shownToday, todayPlan))
      writeTodayTab(host, shownToday, todayPlan, options.forceToday);
    else rememberTodayTab(host, todayPlan); // it already shows the plan
  }
  if (options.user) for (const e of journal.events) if (e.actor === options.actor) e.by = options.user;
  const events = [...journal.events];
  journal.flush(host.workbook, now);
  if (sumsChanged) saveSums(host, sums);
  // The customers' status views (the read model 조회) follow every write.
  if (options.fresh && options.allProblems) {
    rebuildCachedViews(host, table, settings, events, now);
  } else {
    const touched = new Set<string>();
    const edited = options.editedRows;
    for (const s of rows) {
      const sheetRow = table.sheetRow(s.r);
      const editedHere = edited && sheetRow >= edited.first && sheetRow < edited.first + edited.count;
      if (editedHere || written.has(s.r)) touched.add(s.orderCode);
    }
    const codeOf = new Map(rows.map((s) => [s.rowId, s.orderCode]));
    for (const e of events) touched.add(codeOf.get(e.rowId) ?? e.orderCode);
    refreshCachedViews(host, table, settings, touched, events, now);
  }
  return {
    settings,
    capacityProblems: capacityProblems(small.schedule, seasonYear).map(({ date, message, raw }) => ({
      date,
      message,
      raw,
    })),
    rows,
    days: allocation.days,
    table,
  };
}

function calendarOf(settings: Settings, overrides: readonly CalendarOverride[]): Calendar {
  return {
    defaultCapacity: settings.defaultCapacity,
    shippingWeekdays: settings.shippingWeekdays,
    seasonStart: settings.seasonStart,
    seasonEnd: settings.seasonEnd,
    overrides,
  };
}

export function parseRecorded(text: string): Recorded | null {
  if (!text) return null;
  try {
    const r = JSON.parse(text) as Recorded;
    return typeof r === "object" && r && typeof r.s === "string" ? r : null;
  } catch {
    return null;
  }
}

function readRows(
  host: Host,
  table: Table,
  settings: Settings,
  seasonYear: number,
  journal: Journal,
  actor: Actor,
  now: Date,
  mayRename: (r: number) => boolean,
  unsummed: string[],
): RowState[] {
  const rows: RowState[] = [];
  const seenIds = new Set<string>();
  const seenTokens = new Set<string>();
  let identities: Map<string, number> | null = null; // built once, only when a row moved
  for (const r of table.rows()) {
    if (table.isBlank(r, INPUT_KEYS)) {
      // A cleared row keeps its hidden 기록: what it claims is not in the season's sums.
      const stale = table.text(r, "recorded") ? parseRecorded(table.text(r, "recorded")) : null;
      if (stale && (stale.a || stale.w)) unsummed.push(table.text(r, "rowId"));
      continue;
    }
    let rowId = table.text(r, "rowId");
    let recorded = parseRecorded(table.text(r, "recorded"));
    if (recorded?.f && rowId && recorded.f !== identityAt(table, r) && !mayRename(r)) {
      unsummed.push(rowId);
      if (!identities) {
        identities = new Map();
        for (let o = 0; o < table.rowCount; o++) identities.set(identityAt(table, o), o);
      }
      const owner = identities.get(recorded.f);
      const here = `${table.sheetRow(r)}행(${table.text(r, "recipientName")})`;
      const there =
        owner === undefined
          ? "찾을 수 없는 행"
          : `${table.sheetRow(owner)}행(${table.text(owner, "recipientName")})`;
      journal.problem({
        key: { kind: "rowMoved", rowId },
        tab: table.def.name,
        orderCode: table.text(r, "orderCode"),
        rowId,
        field: "행 이동",
        message:
          `${here}의 숨은 칸(행ID·조회토큰·기록)은 ${there}의 것입니다. 보이는 열만 정렬된 것 같습니다: ` +
          `되돌리기(Ctrl+Z) 후 모든 열을 함께 정렬해 주세요. 이름·전화번호를 일부러 고쳤다면 그 행의 칸 하나를 다시 입력하면 새 값으로 기록합니다`,
        raw: `${table.text(r, "ordererName")} / ${table.text(r, "recipientName")} / ${table.text(r, "ordererPhone")}`,
      });
      continue; // set aside: the script writes nothing to this row until it is whole again
    }
    // A row copied with its hidden cells is a new row: it gets its own id and token.
    if (!rowId || seenIds.has(rowId)) {
      rowId = newRowId(host.random);
      table.set(r, "rowId", rowId);
      recorded = null;
    }
    seenIds.add(rowId);
    const token = table.text(r, "token");
    if (!token || seenTokens.has(token)) table.set(r, "token", newAccessToken(host.random));
    seenTokens.add(table.text(r, "token"));
    if (table.text(r, "orderedAt") === "") table.set(r, "orderedAt", now);

    // 3상자 → 3: the courier file, the messages and the status page read one number.
    const boxesCell = table.get(r, "boxes");
    const typedBoxes = normalizeBoxes(boxesCell);
    if (typedBoxes.ok && typeof boxesCell === "string" && boxesCell.trim() !== String(typedBoxes.value)) {
      journal.log({
        actor: "script",
        orderCode: table.text(r, "orderCode"),
        rowId,
        event: EVENT.boxesText,
        from: boxesCell,
        to: String(typedBoxes.value),
      });
      table.set(r, "boxes", typedBoxes.value);
    }
    // Invisible characters (zero-width, bidi overrides) are removed from names, and logged.
    for (const key of ["ordererName", "recipientName"]) {
      const cell = table.get(r, key);
      if (typeof cell !== "string") continue;
      const clean = stripInvisible(cell);
      if (!clean.stripped) continue;
      journal.log({
        actor: "script",
        orderCode: table.text(r, "orderCode"),
        rowId,
        event: EVENT.name,
        from: showInvisible(cell),
        to: clean.text,
        detail: "보이지 않는 글자를 지움",
      });
      table.set(r, key, clean.text);
    }
    const cells: Record<string, unknown> = {};
    for (const key of INPUT_KEYS.concat(["postalCode", "payment", "trackingNumber"]))
      cells[key] = table.get(r, key);
    const read = readOrderRow(cells, settings, seasonYear);
    // What Excel broke (a lost leading 0) or Tony wrote loosely (황도 for 황도 4.5kg) is written
    // back as meant, as text, and logged.
    for (const repair of read.repairs) {
      journal.log({
        actor: "script",
        orderCode: table.text(r, "orderCode"),
        rowId,
        event: repair.reason ? EVENT.repair : EVENT.phone,
        from: repair.from,
        to: repair.to,
        detail: repair.reason ? `${headerOf("orders", repair.field)}: ${repair.reason}` : "",
      });
      table.set(r, repair.field, repair.to);
    }
    const payment = parsePayment(table.get(r, "payment"));
    const paidAtCell = table.get(r, "paidAt");
    const boxes = read.fields?.boxes ?? read.boxes ?? recorded?.b ?? 0;
    rows.push({
      r,
      rowId,
      orderCode: table.text(r, "orderCode"),
      fields: read.fields,
      amounts: read.amounts,
      recorded,
      paid: payment.ok ? payment.value === "paid" : recorded?.p === 1,
      paidAt: paidAtCell instanceof Date ? paidAtCell : null,
      status: recorded?.s ?? "received",
      shipDate: recorded?.d || null,
      boxes,
      boxesGrew: !!recorded && !!recorded.d && boxes > recorded.b,
      manualDate: recorded?.m === 1,
      problems: read.problems,
    });
    if (!recorded) {
      journal.log({
        actor,
        orderCode: "",
        rowId,
        event: EVENT.created,
        detail: table.text(r, "recipientName"),
      });
    } else if (read.fields && read.fields.boxes !== recorded.b) {
      journal.log({
        actor,
        orderCode: table.text(r, "orderCode"),
        rowId,
        event: EVENT.boxes,
        from: String(recorded.b),
        to: String(read.fields.boxes),
      });
    }
  }
  return rows;
}

/** Rows without an order number get one; consecutive rows of the same orderer share it (domain/orderCodes). */
function assignOrderCodes(
  host: Host,
  table: Table,
  rows: RowState[],
  journal: Journal,
  actor: Actor,
  scope: EditScope | null,
): void {
  const taken = new Set(rows.map((s) => s.orderCode).filter(Boolean));
  const inputs = rows.map((s) => ({
    code: s.orderCode,
    orderer: table.text(s.r, "ordererName"),
    ordererPhone: s.fields?.ordererPhone ?? table.text(s.r, "ordererPhone"),
    r: s.r,
  }));
  const draw = () => {
    const code = newOrderCode(host.random, taken);
    taken.add(code);
    return code;
  };
  // An edit sees only some rows: new codes are also looked for in the rest of 주문, as many as
  // the rows need drawn first and all looked for in one search (drawn again, all, if any is used).
  let needed = 0;
  if (scope) orderCodesOf(inputs, () => `\u0000${needed++}`);
  let fresh: string[] = [];
  for (let tries = 0; scope && needed > 0 && fresh.length === 0 && tries < 20; tries++) {
    const drawn = Array.from({ length: needed }, draw);
    if (scope.codesTaken(drawn).size === 0) fresh = drawn;
  }
  const codes = orderCodesOf(inputs, () => {
    const ready = fresh.shift();
    if (ready) return ready; // drawn and looked for above
    let code = draw();
    while (scope?.codesTaken([code]).has(code)) code = draw();
    return code;
  });
  rows.forEach((s, i) => {
    if (s.orderCode) return;
    s.orderCode = codes[i]!;
    table.set(s.r, "orderCode", s.orderCode);
  });
  const codeOf = new Map(rows.map((s) => [s.rowId, s.orderCode]));
  for (const e of journal.events) {
    if (e.event !== EVENT.created) continue;
    e.orderCode = codeOf.get(e.rowId) ?? "";
    e.actor = actor;
  }
}

function setStatus(s: RowState, to: Status, journal: Journal, actor: Actor, detail = ""): void {
  if (s.status === to) return;
  journal.log({
    actor,
    orderCode: s.orderCode,
    rowId: s.rowId,
    event: EVENT.status,
    from: statusLabel(s.status),
    to: statusLabel(to),
    detail,
  });
  s.status = to;
}

function setShipDate(
  s: RowState,
  date: SeoulDate | null,
  journal: Journal,
  actor: Actor,
  event: string = EVENT.shipDate,
): void {
  if (s.shipDate === date) return;
  journal.log({
    actor,
    orderCode: s.orderCode,
    rowId: s.rowId,
    event,
    from: s.shipDate ?? "",
    to: date ?? "",
  });
  s.shipDate = date;
}

/** 진행상태 typed by Tony: forward moves and cancellations are taken, corrections logged as such. */
function applyStatusEdits(table: Table, rows: RowState[], journal: Journal, actor: Actor, now: Date): void {
  for (const s of rows) {
    const typed = statusFromLabel(table.get(s.r, "status"));
    // Tony's edit is a cell other than the script last showed; Tutu's ticks carried earlier in
    // this pass moved s.status, not the cell.
    if (!typed || typed === s.status || typed === s.recorded?.s) continue;
    const editor = actor;
    const move = transition(s.status, typed, editor);
    if (!s.recorded && move.allowed) {
      // A pasted or imported row keeps the status it came with, journaled like any other, so
      // every status can be rebuilt from 이력.
      for (const step of move.implied) setStatus(s, step, journal, editor, "붙여 넣은 줄의 상태");
      setStatus(s, typed, journal, editor, "붙여 넣은 줄의 상태");
      continue;
    }
    if (!move.allowed) {
      journal.incident(
        {
          tab: table.def.name,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "진행상태",
          message: move.reason,
          raw: statusLabel(typed),
        },
        now,
      );
      continue;
    }
    for (const step of move.implied) setStatus(s, step, journal, editor, "함께 처리됨");
    setStatus(s, typed, journal, editor, move.kind === "correction" ? "정정" : "");
    if (typed === "cancelled") setShipDate(s, null, journal, editor);
  }
}

/** Payment is per order: a change on one row applies to the whole order (domain/orderPayment). */
function applyPayments(table: Table, rows: RowState[], journal: Journal, actor: Actor, now: Date): void {
  const orders = new Map<string, RowState[]>();
  for (const s of rows) orders.set(s.orderCode, [...(orders.get(s.orderCode) ?? []), s]);
  // Orders paid in the same pass keep the sheet's order: one millisecond apart, top row first,
  // as if they had been ticked one after the other.
  let stamped = 0;
  for (const group of orders.values()) {
    const decision = orderPayment(
      group.map((s) => ({
        recordedPaid: s.recorded ? s.recorded.p === 1 : null,
        paid: s.paid,
        paidAt: s.paidAt ? s.paidAt.getTime() : null,
      })),
      now.getTime() + stamped,
    );
    if (decision.stamped) stamped++;
    const { paid } = decision;
    const paidAt = decision.paidAt === null ? null : new Date(decision.paidAt);
    group.forEach((s, i) => {
      const was = s.recorded ? s.recorded.p === 1 : false;
      // Only a readable payment cell is rewritten: text Tony typed that means nothing stays, flagged.
      if (parsePayment(table.get(s.r, "payment")).ok) {
        table.set(s.r, "payment", paid ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid);
      }
      s.paid = paid;
      s.paidAt = paidAt;
      if (decision.flipped[i]) {
        journal.log({
          actor,
          orderCode: s.orderCode,
          rowId: s.rowId,
          event: EVENT.payment,
          from: was ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid,
          to: paid ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid,
          detail: group.length > 1 ? "주문 전체에 적용" : "",
        });
      }
      const change = statusAfterPayment(s.status, paid);
      if (change?.to === "paid") setStatus(s, "paid", journal, "script");
      if (change?.to === "received") {
        setStatus(s, "received", journal, "script", "입금 취소");
        if (change.clearShipDate) setShipDate(s, null, journal, "script");
      }
    });
  }
}

/**
 * Reconcile: an unpaid order placed on the order page is cancelled once its payment deadline
 * (설정: 웹 주문 입금 기한) has passed; 이력 says why, and Tony gets a message to send.
 */
function expireWebOrders(
  table: Table,
  rows: RowState[],
  settings: Settings,
  journal: Journal,
  now: Date,
): void {
  const orders = new Map<string, RowState[]>();
  for (const s of rows) {
    if (table.text(s.r, "source") === WEB_SOURCE)
      orders.set(s.orderCode, [...(orders.get(s.orderCode) ?? []), s]);
  }
  for (const group of orders.values()) {
    const orderedAt = table.get(group[0]!.r, "orderedAt");
    if (!(orderedAt instanceof Date) || !isExpired(orderedAt, now, settings.webExpiryDays)) continue;
    if (!group.every((s) => !s.paid && s.status === "received")) continue;
    for (const s of group) {
      setStatus(s, "cancelled", journal, "script", EVENT.expired);
      journal.log({
        actor: "script",
        orderCode: s.orderCode,
        rowId: s.rowId,
        event: EVENT.expired,
        detail: `${settings.webExpiryDays}일 안에 입금되지 않아 취소`,
      });
    }
  }
}

/** A date typed into 출하예정일 is taken only if domain/manualDate allows it; otherwise the old date comes back. */
function applyManualDates(
  table: Table,
  shipments: RowState[][],
  journal: Journal,
  base: Omit<AllocationInput, "shipments">,
  actor: Actor,
  now: Date,
  seasonYear: number,
): void {
  const groupOf = new Map(shipments.flatMap((group) => group.map((s) => [s, group] as const)));
  for (const s of shipments.flat()) {
    const cell = table.get(s.r, "shipDate");
    const group = groupOf.get(s)!;
    const decision = typedShipDate(
      {
        cell,
        written: s.recorded?.d || null,
        recorded: !!s.recorded,
        status: s.status,
        paid: s.paid,
        shipDate: s.shipDate,
        companionInProgress: group.some((other) => other !== s && isInProgress(other.status)),
      },
      seasonYear,
      (date) =>
        checkManualDate({
          ...base,
          shipments: shipments.flatMap(allocationShipment),
          id: group[0]!.rowId,
          date,
        }),
    );
    if (decision.kind === "none") continue;
    const refuse = (message: string) =>
      journal.incident(
        {
          tab: table.def.name,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "출하예정일",
          message: `출하예정일: ${message}`,
          raw: cell instanceof Date ? seoulDateOf(cell) : String(cell),
        },
        now,
      );
    if (decision.kind === "refuse") {
      refuse(decision.message);
      continue;
    }
    if (!decision.whole) {
      // A pasted or imported row already harvested or shipped brings the day it went out.
      setShipDate(s, decision.date, journal, actor, EVENT.manualDate);
      continue;
    }
    // One shipment, one date: the rows that travel with it move too.
    for (const member of group) {
      setShipDate(member, decision.date, journal, member === s ? actor : "script", EVENT.manualDate);
      member.manualDate = true;
      if (member.status !== "scheduled") setStatus(member, "scheduled", journal, "script");
    }
  }
}

/**
 * The rows of 주문 as shipments: readable, uncancelled rows of one order going to one place
 * travel together; any other row is a shipment of its own. Lead row first.
 */
function shipmentGroups(table: Table, rows: RowState[]): RowState[][] {
  const byR = new Map(rows.map((s) => [s.r, s]));
  const joins = (s: RowState) => s.fields !== null && s.status !== "cancelled";
  const grouped = shipmentsOf(
    table,
    rows.filter(joins).map((s) => s.r),
  ).map((group) => group.map((r) => byR.get(r)!));
  const groups = [...grouped, ...rows.filter((s) => !joins(s)).map((s) => [s])];
  return groups.sort((a, b) => a[0]!.r - b[0]!.r);
}

/** The fee once per shipment, on its lead row; the other rows say where it went. */
function applyShipmentAmounts(table: Table, shipments: RowState[][], settings: Settings): void {
  for (const group of shipments) {
    if (group.some((s) => !s.amounts)) {
      for (const s of group) table.set(s.r, "shipment", "");
      continue;
    }
    const amounts = shipmentRowAmounts(
      group.map((s) => ({ boxes: s.boxes, goods: s.amounts!.goods })),
      settings,
    );
    const sheetRows = group.map((s) => table.sheetRow(s.r));
    group.forEach((s, i) => {
      s.amounts = amounts[i]!;
      table.set(s.r, "shipment", shipmentNote(sheetRows, i, amounts[0]!.shippingFee));
    });
  }
}

/** The shipment as allocation sees it: all its rows' boxes, the furthest stage, one date. */
function allocationShipment(group: RowState[]): AllocationShipment[] {
  const lead = group[0]!;
  if (!lead.fields && !lead.shipDate) return []; // an unreadable row holds nothing and waits for a fix
  const dated = group.find((s) => s.shipDate !== null);
  const status = dated ? shipmentStatus(group.filter((s) => s.shipDate).map((s) => s.status)) : lead.status;
  return [
    {
      id: lead.rowId,
      boxes: group.reduce((sum, s) => sum + s.boxes, 0),
      paid: lead.paid,
      paidAt: lead.paidAt ? lead.paidAt.getTime() : null,
      status: lead.fields || status !== "paid" ? status : "received",
      shipDate: dated?.shipDate ?? null,
      // A row that joined a shipment already given a day grows it just as more boxes would.
      boxesGrew: group.some((s) => s.boxesGrew) || (!!dated && group.some((s) => s.shipDate === null)),
      rank: lead.r,
      manual: group.some((s) => s.manualDate),
    },
  ];
}

/** What each row holds once the pass is done, as the next pass will see it. */
function claimsOf(
  shipments: RowState[][],
  placements: ReadonlyMap<string, Placement>,
): Map<RowState, RowClaim> {
  const claims = new Map<RowState, RowClaim>();
  for (const group of shipments) {
    const [shipment] = allocationShipment(group);
    const held = shipment && holdsCapacity(shipment) ? shipment : null;
    const waiting = placements.get(group[0]!.rowId)?.kind === "waitlisted";
    for (const s of group) {
      claims.set(s, {
        heldOn: held?.shipDate ?? null,
        boxes: s.boxes,
        ordered: !!held && !held.manual && held.paidAt !== null,
        waiting,
      });
    }
  }
  return claims;
}

/** The last sheet row of 주문 (of those read) holding anything. */
function lastRowOf(table: Table): number {
  for (let r = table.rowCount - 1; r >= 0; r--)
    if (!table.isBlank(r, [...INPUT_KEYS, "rowId", "recorded"])) return table.sheetRow(r);
  return 0;
}

/** The full pass's sums: every row's claim. */
function sumsOf(
  rows: RowState[],
  claims: Map<RowState, RowClaim>,
  unsummed: string[],
  lastRow: number,
): SeasonSums {
  const sums = { ...emptySums(), lastRow };
  for (const s of rows) {
    addClaim(sums, claims.get(s)!);
    if (s.paid) notePayment(sums, s.paidAt);
  }
  sums.unsummed = unsummed.filter(Boolean);
  return sums;
}

/** A shipment allocation left where it was: a row that joined it (or strayed) takes its date. */
function alignShipDates(group: RowState[], journal: Journal): void {
  const date = group.find((s) => s.shipDate !== null)?.shipDate ?? null;
  if (date === null) return;
  for (const s of group) {
    if (s.shipDate === date || isInProgress(s.status) || !s.paid) continue;
    setShipDate(s, date, journal, "script");
    if (s.status !== "scheduled") setStatus(s, "scheduled", journal, "script");
  }
}

function writeRows(
  table: Table,
  rows: RowState[],
  journal: Journal,
  allProblems: boolean,
  claims: Map<RowState, RowClaim>,
): void {
  for (const s of rows) {
    if (s.amounts) {
      table.set(s.r, "goods", s.amounts.goods);
      table.set(s.r, "shippingFee", s.amounts.shippingFee);
      table.set(s.r, "total", s.amounts.total);
    }
    table.set(s.r, "paidAt", s.paidAt ?? "");
    table.set(s.r, "shipDate", s.shipDate ? seoulMidnight(s.shipDate) : "");
    table.set(s.r, "status", statusLabel(s.status));
    const check = s.problems.map((p) => p.message).join(" / ");
    const checkChanged = table.set(s.r, "check", check);
    if (checkChanged || allProblems) {
      journal.checked({ kind: "row", rowId: s.rowId });
      for (const p of s.problems) {
        journal.problem({
          key: { kind: "rowField", rowId: s.rowId, field: p.field },
          tab: table.def.name,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: p.field,
          message: p.message,
          raw: p.raw,
        });
      }
    }
    const recorded: Recorded = { p: s.paid ? 1 : 0, d: s.shipDate ?? "", b: s.boxes, s: s.status };
    if (s.manualDate && s.shipDate) recorded.m = 1;
    recorded.f = identityAt(table, s.r);
    const claim = claims.get(s)!;
    if (claim.heldOn) recorded.a = claim.heldOn;
    if (claim.heldOn && claim.ordered) recorded.o = 1;
    if (claim.waiting) recorded.w = 1;
    recorded.h = rowFingerprint(table, s.r);
    table.set(s.r, "recorded", JSON.stringify(recorded));
  }
}

/**
 * 출하 일정 as this pass uses it. A deleted tab is made again (the pass writes its season days)
 * and the fact logged; the capacities it held went with it, so none remembered in the cache
 * apply. A tab that exists but was missing when the cache was filled is read now.
 */
function scheduleTable(host: Host, cached: Table | null, journal: Journal): Table {
  const def = tab("schedule");
  const { sheet, recreated } = findOrRecreateTab(host.workbook, def);
  if (recreated) journal.tabRecreated(sheet.name);
  return !recreated && cached ? cached : Table.read(def, sheet);
}

/**
 * 출하 일정: one row per season day (missing ones added), with assigned and remaining boxes.
 * Returns whether a cell changed (only changed cells are written).
 */
function writeSchedule(
  host: Host,
  schedule: Table,
  days: DayUsage[],
  settings: Settings,
  journal: Journal,
  checkProblems: boolean,
): boolean {
  const sheet = host.workbook.sheet(schedule.def.name);
  if (!sheet) return false; // made by scheduleTable at the start of the pass
  const seasonYear = Number(settings.seasonStart.slice(0, 4));
  const rowOf = new Map<SeoulDate, number>();
  for (let r = 0; r < schedule.rowCount; r++) {
    const date = parseSeoulDate(schedule.get(r, "date"), seasonYear);
    if (date.ok) rowOf.set(date.value, r);
    if (checkProblems) journal.checked({ kind: "scheduleRow", r });
  }
  if (checkProblems) {
    for (const p of capacityProblems(schedule, seasonYear)) {
      journal.problem({
        key: { kind: "capacity", r: p.r },
        tab: schedule.def.name,
        field: "출하량(상자)",
        message: p.message,
        raw: p.raw,
      });
    }
  }
  for (let date = settings.seasonStart; date <= settings.seasonEnd; date = addDays(date, 1)) {
    if (rowOf.has(date)) continue;
    const r = schedule.addRow();
    schedule.set(r, "date", seoulMidnight(date));
    schedule.set(r, "closed", false);
    rowOf.set(date, r);
  }
  const usage = new Map(days.map((d) => [d.date, d]));
  for (const [date, r] of rowOf) {
    const day = usage.get(date);
    schedule.set(r, "weekday", koreanWeekday(date));
    schedule.set(r, "assigned", day?.assigned ?? 0);
    schedule.set(r, "remaining", (day?.capacity ?? 0) - (day?.assigned ?? 0));
  }
  const changed = schedule.changedRows().size > 0;
  schedule.flush(sheet);
  return changed;
}
