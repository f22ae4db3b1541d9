/**
 * A pass's reads: 설정 and 출하 일정 (from the cache unless the pass is fresh), 주문 (whole, or the
 * rows an edit already read), 오늘 출하 when Tutu may have edits waiting there, and the times she
 * made them. What cannot be read (설정, a missing column) stops the pass with a problem for 오류.
 */
import type { CalendarOverride } from "../../domain/allocation";
import { Grid } from "../../domain/season/grid";
import { ticksWaiting } from "../../domain/season/ticks";
import { INPUT_KEYS } from "../../domain/season/state";
import type { Settings } from "../../domain/schemas";
import { missingSettingLabels, seasonYearOf } from "../../domain/settings";
import type { TickTimeOf } from "../../domain/tickNotes";
import { tab } from "../../templates";
import type { Journal, JournalProblem } from "../journal";
import type { Host, SheetPort } from "../port";
import { calendarOverrides, loadSmallTabs, settingRows, type SmallTabs } from "../smallTabs";
import { Table } from "../table";
import { findOrRecreateTab } from "../tabs";
import { readTodayTab } from "../today";
import type { Pass } from "./mode";

/** Script columns an older workbook may lack: the pass runs without them (setup adds them). */
const OPTIONAL_KEYS = ["shipment", "delayAnswer"];

/** 설정 that cannot be read, as the problem 오류 gets. */
const settingsProblem = (error: string): JournalProblem => ({
  key: { kind: "settings" },
  tab: tab("settings").name,
  field: "설정",
  message: error,
  raw: "",
});

/** 주문 without a column the pass needs, as the problem 오류 gets (null when it has them). */
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

/** What a pass read, for the decision and for the writes after it. */
export interface PassRead {
  settings: Settings;
  small: SmallTabs & { schedule: Table };
  ordersSheet: SheetPort;
  orders: Table;
  overrides: CalendarOverride[];
  /** 오늘 출하 as Tutu left it (the whole tab, or the edit's lines of it), when read. */
  today: Table | null;
  /** When Tutu made her waiting edits; asked for only when the tab holds some. */
  timeOf: TickTimeOf | null;
}

/**
 * What stops a pass before it decides anything: a problem for 오류 (an edit's pass gives up with
 * `why` instead, and the full pass reports it), or what only the full pass may do.
 */
export type ReadStop = { stop: JournalProblem; why: string } | { undecided: string };

/**
 * Reads what the pass needs. `known`: the edit's rows of 주문 and lines of 오늘 출하 (a scoped
 * pass reads no more); otherwise whole tabs.
 */
export function readPass(
  host: Host,
  options: Pass,
  journal: Journal,
  known: { orders: Table; todayLines: Table | null } | null,
): PassRead | ReadStop {
  const small = loadSmallTabs(host, options.fresh);
  if (options.fresh) journal.checked({ kind: "settings" });
  if (!small.settings.ok) return { stop: settingsProblem(small.settings.error), why: "settings" };
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
    for (const { label, message } of settings.harvest.lineProblems)
      journal.problem({
        key: { kind: "settingLine", label },
        tab: tab("settings").name,
        field: label,
        message,
        raw: "",
      });
  }
  const { sheet: ordersSheet, table: orders } = ordersTableOf(host, known?.orders ?? options.orders);
  if (options.fresh) journal.checked({ kind: "columns" });
  const blocker = columnsBlocker(orders);
  if (blocker) return { stop: blocker, why: "columns" };
  const today = known
    ? known.todayLines
    : options.readToday || options.forceToday
      ? readTodayTab(host, journal)
      : null;
  // A deleted 출하 일정 is made again by the full pass only: an edit's pass may still give up,
  // and what it made (and logged) would be lost with it.
  if (known && !host.workbook.sheet(tab("schedule").name)) return { undecided: "schedule tab" };
  const schedule = scheduleTable(host, small.schedule, journal);
  const seasonYear = seasonYearOf(settings);
  return {
    settings,
    small: { ...small, schedule },
    ordersSheet,
    orders,
    overrides: calendarOverrides(schedule, seasonYear),
    today,
    timeOf: today ? tickTimesFor(host, today) : null,
  };
}

/** Tutu's edit times (a store read), only when the lines hold an edit the script has not shown. */
export function tickTimesFor(host: Host, today: Table): TickTimeOf | null {
  return ticksWaiting(new Grid(today.asRead())) ? (host.tickTimes?.() ?? null) : null;
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
