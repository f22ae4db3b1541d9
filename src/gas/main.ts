/**
 * Apps Script entry points. Thin: they take the document lock, build the host over
 * SpreadsheetApp and hand the deciding to src/app. Every function exported here is listed in
 * entryPoints.ts and gets a top-level stub in dist/Code.js. Nothing runs at load time: Apps
 * Script loads the whole file on every execution.
 */
import { ALL_ITEMS, delayHarvest } from "../app/delay";
import { archiveTabName, planArchive, recordCheck } from "../app/journal";
import { planSetup, setupReminder } from "../app/setup";
import {
  lookupByToken as lookupByTokenIn,
  lookupStatus as lookupStatusIn,
  safeToken,
  type LookupResult,
} from "../app/lookups";
import { boundedCells } from "../app/a1";
import { carriedByReconcile } from "../app/edit";
import type { Cell } from "../app/port";
import { todayIndex } from "../app/today";
import { editedTabNamed, sync, type SyncMode, type SyncResult } from "../app/sync";
import { reconcileChanges, type ReconcileMemo } from "../app/reconcile";
import { NIGHT_FROM_HOUR, NIGHT_UNTIL_HOUR, reconcileEveryMinutes } from "../domain/cadence";
import { tickNoteEntries, type EditedCells } from "../domain/tickNotes";
import { seoulDateOf, seoulDateTimeOf, seoulMidnight } from "../domain/clock";
import { TABS, tab } from "../templates";
import { ENTRY_POINT_NAMES, ENTRY_POINTS, type EntryPoint } from "./entryPoints";
import { note } from "./diagnose";
import { pageText } from "./pageFiles";
import {
  gasHost,
  laterWhileHeld,
  readAheadNextTime,
  readsAhead,
  release,
  scriptLock,
  scriptProperties,
  sheetVersion,
} from "./host";
import { hasWrittenSheet } from "./written";
import {
  applyOwnEdit,
  CARRY_BUDGET_MS,
  carryBeforeRelease,
  carryEditNotes,
  carryNotesAfterRelease,
  markFailure,
  messageOf,
  noteEdit,
  RECONCILE_FAILURE,
  recordScriptProblem,
  withTickNotes,
} from "./editNotes";
import { installedHandlers, rememberTriggers } from "./surface";
import { sendAfterReconcile } from "./sms";
import { applyRepair, itemNamesIn } from "./tabSetup";
import { applyPendingDelayAnswers } from "./delayAnswers";
import {
  applyPendingWebOrders,
  orderPageOutput,
  SPREADSHEET_ID_PROPERTY,
  webAppBase,
  webHost,
} from "./orderPage";

export * from "./tools";
export { diagnose } from "./diagnose";
export { enter } from "./surface";
export { getOrderForm, quoteOrder, placeOrder } from "./orderPage";
export { answerDelay } from "./delayAnswers";
export { SPREADSHEET_ID_PROPERTY };
export * from "./payments";
export { showSmsSettings } from "./sms";

export const MENU_TITLE = "복숭아 주문";
/** How long an edit waits for another execution to finish before leaving it to reconcile. */
const LOCK_WAIT_MS = 20_000;

/** The menu: label and the entry point it calls. */
export const MENU_ITEMS: readonly (readonly [string, EntryPoint])[] = [
  ["보낼 메시지", "showMessages"],
  ["택배 예약 파일", "showCourierExport"],
  ["송장번호 가져오기", "showTrackingImport"],
  ["입금 내역 붙여넣기", "showPaymentImport"],
  ["오늘 출하 인쇄", "showPrintToday"],
  ["오늘 출하 새로 고침", "refreshToday"],
  ["출하 일정 다시 계산", "recomputeSchedule"],
  ["수확 미루기", "delayHarvestMenu"],
  ["조회 페이지 주소", "showWebAppUrl"],
  ["문자 발송 설정", "showSmsSettings"],
  ["탭 만들기 / 고치기", "setupTabs"],
  ["지난 시즌 이력 보관", "archiveHistory"],
  ["자동 실행 켜기 (트리거 설치)", "installTriggers"],
  ["진단", "diagnose"],
];

/** Trigger handlers and how they are installed. */
const TRIGGER_HANDLERS: readonly EntryPoint[] = ENTRY_POINT_NAMES.filter(
  (n) => ENTRY_POINTS[n] === "trigger",
);

export function onOpen(): void {
  const menu = SpreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const [label, fn] of MENU_ITEMS) menu.addItem(label, fn);
  menu.addToUi();
}

const spreadsheet = () => SpreadsheetApp.getActiveSpreadsheet();

/** How an execution got the lock: held, noted for the holder to carry, or not at all. */
type Taken = "held" | "noted" | "busy";

/** The default: wait up to LOCK_WAIT_MS for the lock. */
const waitForLock = (lock: GoogleAppsScript.Lock.Lock): Taken =>
  lock.tryLock(LOCK_WAIT_MS) ? "held" : "busy";

/**
 * Runs `body` under the script lock. No exception escapes: it lands in 오류 with the
 * function's name. When the lock cannot be had in time the work is not lost: the cells are
 * already in the sheet, the next reconcile picks them up, and 오류 says so. The edits noted
 * meanwhile by edits that found the lock held are carried before the release and after it
 * (editNotes.ts).
 */
function guarded(
  fn: EntryPoint,
  body: () => string | void,
  take: (lock: GoogleAppsScript.Lock.Lock) => Taken = waitForLock,
): void {
  let afterRelease = false;
  try {
    const lock = scriptLock();
    // For 진단 D8; "있음" is noted by the reconcile's full pass, which runs rarely.
    if (!lock && TRIGGER_HANDLERS.includes(fn)) note("lock:trigger", "없음");
    const taken = lock ? take(lock) : "busy";
    if (taken === "noted") return; // the holder carries it after its release
    if (!lock || taken === "busy") {
      markFailure();
      recordScriptProblem(fn, "다른 작업이 끝나지 않아 이 변경은 다음 자동 점검(reconcile)에서 처리합니다");
      return;
    }
    let done: string | void;
    try {
      done = body();
    } finally {
      // Even when the body failed: an edit noted meanwhile has no one else to look for it.
      afterRelease = true;
      carryBeforeRelease();
      release(lock);
    }
    if (done) spreadsheet().toast(done, MENU_TITLE);
  } catch (error) {
    try {
      markFailure();
      recordScriptProblem(fn, `실행 중 오류: ${messageOf(error)}`);
    } catch {
      // The spreadsheet itself is unreachable; Apps Script's own log keeps the error.
    }
    console.error(fn, error);
  } finally {
    if (afterRelease) carryNotesAfterRelease(); // never throws
  }
}

/** Script properties the reconcile keeps between runs (reconcile.ts). */
const RECONCILE_MEMO = "RECONCILE_MEMO";
/** The minutes between reconciles the installed trigger runs at. */
export const RECONCILE_EVERY = "RECONCILE_EVERY_MINUTES";

const RECONCILE: SyncMode = { kind: "reconcile" };
const REBUILD_TODAY: SyncMode = { kind: "reconcile", rebuildToday: true };

/** The installable on-edit trigger: single cells, ranges and pastes alike, in one pass. */
export function onEditInstalled(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  const name = e.range.getSheet().getName();
  const tabKey = editedTabNamed(name);
  if (!tabKey) return; // 이력, 오류 and Tony's own tabs need nothing
  // One handle for the cells (10 ms an edit: 505 of Tutu's ticks a day are 15 trigger seconds),
  // four when the notation is not bounded (Google documents none for a whole column's edit).
  const range = boundedCells(e.range.getA1Notation()) ?? {
    first: e.range.getRow(),
    count: e.range.getNumRows(),
    column: e.range.getColumn(),
    columns: e.range.getNumColumns(),
  };
  if (carriedByReconcile(tabKey)) {
    noteTicks(range);
    return;
  }
  const user = editorEmail(e);
  // Issue 22: the lock held by another execution, the edit is noted and that one carries it
  // after its release (editNotes.ts), instead of waiting here, billed, behind it.
  let noted = false;
  const take = (lock: GoogleAppsScript.Lock.Lock): Taken => {
    if (lock.tryLock(0)) return "held";
    if (!noteEdit(tabKey, range, user)) return waitForLock(lock);
    noted = true;
    // Asked again after the note: a holder that released in between may have looked already.
    return lock.tryLock(0) ? "held" : "noted";
  };
  guarded(
    "onEditInstalled",
    () => {
      // Noted, then held: the note is carried with any others waiting, each at its time.
      if (noted) carryEditNotes(undefined, Date.now() + CARRY_BUDGET_MS);
      // The edit's own rows, with any edits noted before it; the full pass when they cannot
      // decide it (nothing written then). A 주문 edit carries the ticks waiting on the lines it
      // rewrites, at Tutu's time.
      else applyOwnEdit(tabKey, range, Date.now(), user || undefined);
    },
    take,
  );
}

/**
 * Tutu's edit of 오늘 출하, left to the next reconcile (edit.ts carriedByReconcile): only when
 * she made it is noted, one store write and no lock, so the pass logs it at her time.
 */
function noteTicks(range: EditedCells): void {
  const def = tab("today");
  const tutu = def.columns.flatMap((c, i) => (c.owner === "tutu" ? [i + 1] : []));
  // Which shipment each line shows, from the tab's index in the cache (one get, no sheet call).
  const index = todayIndex(gasHost(spreadsheet));
  const shows = index?.date === seoulDateOf(new Date()) ? index.ids : [];
  const notes = tickNoteEntries(
    range,
    tutu,
    def.headerRow,
    Date.now(),
    (row) => shows[row - def.headerRow - 1],
  );
  if (Object.keys(notes).length === 0) return;
  try {
    scriptProperties().setProperties(notes);
  } catch (error) {
    console.error("noteTicks", error); // the tick is carried anyway, logged at the pass's time
  }
}

/** A pass that rewrites 오늘 출하 from the sheet (roll-over, the menu), carrying Tutu's edits. */
function rebuildToday(): SyncResult | null {
  const stored = { entries: scriptProperties().getProperties(), readAt: Date.now() };
  const { host, spend } = withTickNotes(gasHost(spreadsheet), stored);
  const result = sync(host, REBUILD_TODAY);
  spend();
  return result;
}

/** The editor Google names in the event (often blank for people outside Tony's domain). */
function editorEmail(e: GoogleAppsScript.Events.SheetsOnEdit): string {
  try {
    return String(e.user?.getEmail?.() ?? "").trim();
  } catch {
    return "";
  }
}

/** Every date in the sheet is a Seoul date: the spreadsheet's own zone must be Seoul's. */
export const SHEET_TIME_ZONE = "Asia/Seoul";
const TIME_ZONE_PROBLEM = "TIME_ZONE_PROBLEM_OPEN";

/**
 * The spreadsheet's zone (File → Settings) is apart from the script's: typed dates are midnight
 * in the spreadsheet's zone. Setup sets it; the reconcile's full pass reports a change in 오류 (and
 * resolves it): one call a full pass, and a read of 오류 only while a problem is open.
 */
function checkTimeZone(host: ReturnType<typeof gasHost>, stored: Record<string, string>): void {
  const zone = spreadsheet().getSpreadsheetTimeZone();
  const properties = scriptProperties();
  const wrong = zone !== SHEET_TIME_ZONE;
  if (!wrong && !stored[TIME_ZONE_PROBLEM]) return;
  recordCheck(
    host.workbook,
    { kind: "timeZone" },
    wrong
      ? {
          tab: "스크립트",
          field: "시간대",
          message: `스프레드시트 시간대가 ${zone}입니다. 날짜가 하루씩 어긋날 수 있으니 파일 → 설정에서 '(GMT+09:00) 서울'로 바꾸거나 메뉴의 '탭 만들기 / 고치기'를 실행하세요`,
          raw: zone,
        }
      : null,
    host.now(),
  );
  if (wrong) properties.setProperty(TIME_ZONE_PROBLEM, zone);
  else properties.deleteProperty(TIME_ZONE_PROBLEM);
}

/** 이력 past this many rows is archived automatically, keeping the newest ARCHIVE_KEEP. */
export const ARCHIVE_THRESHOLD = 30_000;
export const ARCHIVE_KEEP = 10_000;

/**
 * Moves rows of 이력 to `이력 YYYY` tabs (by each row's year): all rows of past years
 * (`beforeYear`), or every row but the newest `keep`. 이력 shrinks (rows deleted: the
 * spreadsheet holds 10 million cells in all). This season's archive is still read for the
 * customers' timelines (readEvents). Returns the number of rows moved.
 */
function archiveEvents(beforeYear: number | null, keep: number): number {
  const ss = spreadsheet();
  const def = tab("events");
  const sheet = ss.getSheetByName(def.name);
  if (!sheet) return 0;
  const last = sheet.getLastRow();
  if (last <= def.headerRow) return 0;
  const width = def.columns.length;
  const rows = sheet.getRange(def.headerRow + 1, 1, last - def.headerRow, width).getValues();
  const atIndex = def.columns.findIndex((c) => c.key === "at");
  const { move, stay } = planArchive(rows, atIndex, { keep, beforeYear });
  if (move.size === 0) return 0;
  for (const year of move.keys()) {
    if (ss.getSheetByName(archiveTabName(year))) continue;
    const archive = ss.insertSheet(archiveTabName(year));
    if (archive.getMaxColumns() > width) archive.deleteColumns(width + 1, archive.getMaxColumns() - width);
    archive
      .getRange(def.headerRow, 1, 1, width)
      .setValues([def.columns.map((c) => c.header)])
      .setFontWeight("bold");
    archive.setFrozenRows(def.headerRow);
    archive.protect().setWarningOnly(true);
  }
  const host = gasHost(() => ss); // opened after the new tabs exist
  let moved = 0;
  for (const [year, part] of move) {
    host.workbook.sheet(archiveTabName(year))!.append(part);
    moved += part.length;
  }
  if (stay.length > 0) host.workbook.sheet(def.name)!.write(def.headerRow + 1, 1, stay);
  sheet.deleteRows(def.headerRow + 1 + stay.length, moved);
  return moved;
}

/** Menu: last seasons' 이력 to their own tabs. */
export function archiveHistory(): void {
  guarded("archiveHistory", () => {
    const year = Number(seoulDateTimeOf(new Date()).slice(0, 4));
    const moved = archiveEvents(year, Number.MAX_SAFE_INTEGER);
    return moved > 0
      ? `지난 시즌 이력 ${moved}줄을 '${archiveTabName(year - 1)}' 같은 탭으로 옮겼습니다`
      : "옮길 지난 시즌 이력이 없습니다";
  });
}

/**
 * The timer (every few minutes, by the sheet's size): catches what no trigger saw, doing only
 * what changed since the last run (reconcile.ts), and keeps its own cadence within the budget.
 * Twice = once.
 */
export function reconcile(): void {
  let ahead: Cell[][] | null = null;
  const take = (lock: GoogleAppsScript.Lock.Lock): Taken => {
    const large = readsAhead();
    for (let look = 1; ; look++) {
      const seen = large ? readAhead() : null;
      if (!seen) return waitForLock(lock);
      if (!lock.tryLock(LOCK_WAIT_MS)) return "busy";
      if (sheetVersion() === seen.version) {
        ahead = seen.values;
        return "held";
      }
      // Written meanwhile: read again before the lock while a burst of edits goes on, then under it.
      if (look >= READ_AHEAD_LOOKS) return "held";
      // An edit that found the lock held for this look left a note for its holder: carried here,
      // in its order, before a later edit takes the lock and goes first.
      carryBeforeRelease();
      release(lock);
      carryNotesAfterRelease();
    }
  };
  guarded(
    "reconcile",
    () => {
      const host = gasHost(spreadsheet);
      const properties = scriptProperties();
      // One call: pending web orders, the memo, a failure mark, the zone check, the interval.
      const stored = properties.getProperties();
      applyPendingWebOrders(host, stored);
      applyPendingDelayAnswers(host, stored);
      if (hasWrittenSheet()) ahead = null; // 주문 has rows the read ahead did not see
      const memo = parseMemo(stored[RECONCILE_MEMO]);
      const failure = stored[RECONCILE_FAILURE];
      const notes = withTickNotes(host, { entries: stored, readAt: Date.now() });
      // The pass's status views wait for the edits noted meanwhile (Host.later): run before the
      // release, after the carrying below. Nothing after the pass here refreshes a view.
      const outcome = reconcileChanges(
        { ...notes.host, later: laterWhileHeld },
        {
          memo,
          full: RECONCILE,
          ...(failure ? { failure } : {}),
          ...(ahead ? { ordersRead: ahead } : {}),
        },
      );
      notes.spend();
      if (JSON.stringify(outcome.memo) !== JSON.stringify(memo))
        properties.setProperty(RECONCILE_MEMO, JSON.stringify(outcome.memo));
      // Tony's edits noted during a pass that wrote are carried now (and the pass's views
      // written), not after the checks and the sending below: 0.3–0.5 s at 20,000 orders.
      if (outcome.kind !== "none") carryBeforeRelease();
      if (outcome.kind === "full") {
        checkTimeZone(host, stored);
        checkTriggers(host, stored);
        note("lock:trigger", "있음"); // 진단 D8: this trigger execution holds the script lock
      }
      // Only a pass that logged something can have grown 이력. One call (the host knows the tabs);
      // it also sends the pass's writes, which the lock's release would otherwise flush.
      if (
        outcome.kind !== "none" &&
        (host.workbook.sheet(tab("events").name)?.lastRow() ?? 0) > ARCHIVE_THRESHOLD
      )
        archiveEvents(null, ARCHIVE_KEEP);
      readAheadNextTime(outcome.orderCells >= READ_AHEAD_CELLS);
      const every = reconcileEveryMinutes(outcome.orderCells, host.now());
      if (outcome.orderCells > 0 && String(every) !== stored[RECONCILE_EVERY]) installReconcile(every);
      // Issue 24: the messages the pass left due go out by SMS when 설정 and the key allow it.
      sendAfterReconcile(host, stored, outcome.kind !== "none");
    },
    take,
  );
}

/**
 * 주문's size (rows × columns) from which the reconcile reads it before the lock: about 1 s of
 * reading (docs/emulator.md). Below it the read is short, and the version's look costs more than
 * the wait it saves (the 1,000-order day has no trigger minute to spare).
 */
const READ_AHEAD_CELLS = 100_000;
/** Reads of 주문 before the lock while others keep writing, before the reconcile reads under it. */
const READ_AHEAD_LOOKS = 4;

/**
 * 주문 read before the lock (issue 22), with the sheet's version as it was before the read. On a
 * large sheet that read is most of a reconcile (5.6 of its 9.5 s at 20,000 orders), and a person's
 * edit used to wait behind it; the reconcile uses it only if the version is unchanged once it
 * holds the lock (host.ts SHEET_VERSION). Null when the cache cannot say.
 */
function readAhead(): { version: string; values: Cell[][] } | null {
  const version = sheetVersion(true);
  if (!version) return null;
  const values = gasHost(spreadsheet).workbook.sheet(tab("orders").name)?.readAll();
  return values ? { version, values } : null;
}

function parseMemo(text: string | undefined): ReconcileMemo | null {
  try {
    const memo = text ? (JSON.parse(text) as ReconcileMemo) : null;
    return memo && typeof memo.day === "string" && typeof memo.fullAt === "number" ? memo : null;
  } catch {
    return null;
  }
}

/**
 * The reconcile trigger at `every` minutes (replacing the one installed), and the fact recorded.
 * The new trigger is created before the old one is deleted: Google fails a `create()` now and
 * then ("We're sorry, a server error occurred"), and deleting first would leave no timer at all.
 * A failed create throws here with the old trigger still in place; the next run tries again.
 */
function installReconcile(every: number): void {
  rememberTriggers(null);
  const old = ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === "reconcile");
  const clock = ScriptApp.newTrigger("reconcile").timeBased();
  (every >= 60 ? clock.everyHours(every / 60) : clock.everyMinutes(every)).create();
  for (const trigger of old) ScriptApp.deleteTrigger(trigger); // listed before the new one
  scriptProperties().setProperty(RECONCILE_EVERY, String(every));
  rememberTriggers();
}

/** The edit trigger, or the roll-over just after midnight in Seoul (the reconcile: installReconcile). */
function createTrigger(
  handler: "onEditInstalled" | "rolloverToday",
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
): void {
  if (handler === "onEditInstalled") {
    ScriptApp.newTrigger(handler).forSpreadsheet(ss).onEdit().create();
    return;
  }
  ScriptApp.newTrigger(handler)
    .timeBased()
    .atHour(0)
    .nearMinute(20)
    .everyDays(1)
    .inTimezone("Asia/Seoul")
    .create();
}

const TRIGGERS_PROBLEM = "TRIGGERS_MISSING";

/**
 * The full pass checks that every trigger it relies on exists (the gate's cached list): a
 * trigger deleted by hand or a create() Google failed would otherwise stop edits or the
 * roll-over without a word. A missing one is put in 오류 and created again (this runs as the
 * installer, whose triggers they are); if Google fails that too, 오류 has the error and the
 * next reconcile, a full pass after a failure, tries again. Resolved once all exist.
 */
function checkTriggers(host: ReturnType<typeof gasHost>, stored: Record<string, string>): void {
  if (!stored[INSTALLER_PROPERTY]) return; // never installed: nothing to miss
  const have = new Set(installedHandlers());
  const missing = TRIGGER_HANDLERS.filter((h) => !have.has(h));
  const names = missing.join(", ");
  if (!names && !stored[TRIGGERS_PROBLEM]) return;
  const problem = {
    tab: "스크립트",
    field: "트리거",
    message: `자동 실행 트리거가 없어 다시 만듭니다: ${names}`,
    raw: names,
  };
  recordCheck(host.workbook, { kind: "triggers" }, names ? problem : null, host.now());
  const properties = scriptProperties();
  // Open until a full pass finds every trigger.
  if (!names) {
    properties.deleteProperty(TRIGGERS_PROBLEM);
    return;
  }
  properties.setProperty(TRIGGERS_PROBLEM, names);
  rememberTriggers(null);
  for (const handler of missing)
    if (handler === "reconcile") installReconcile(Number(stored[RECONCILE_EVERY]) || 10);
    else createTrigger(handler as "onEditInstalled" | "rolloverToday", spreadsheet());
  rememberTriggers();
}

/** An instant of the night of `now`'s day (midnight in Seoul), to name the night's interval. */
const nightOf = (now: Date) => seoulMidnight(seoulDateOf(now));

/** "10분마다", "1시간마다". */
const everyLabel = (minutes: number) => (minutes >= 60 ? `${minutes / 60}시간마다` : `${minutes}분마다`);

/**
 * Just after midnight in Seoul: 오늘 출하 turns to the new day. A daily trigger fires within
 * ±15 minutes of its minute, so the date is checked here: a run that fires before midnight
 * (Seoul hour 12 to 23) leaves the day alone; reconcile turns it a few minutes later anyway.
 */
export function rolloverToday(): void {
  const seoulHour = Number(seoulDateTimeOf(new Date()).slice(11, 13));
  if (seoulHour >= 12) return;
  guarded("rolloverToday", () => {
    rebuildToday();
  });
}

export function refreshToday(): void {
  guarded("refreshToday", () => {
    rebuildToday();
    return "오늘 출하 탭을 새로 고쳤습니다";
  });
}

export function recomputeSchedule(): void {
  guarded("recomputeSchedule", () => {
    const result = rebuildToday();
    if (!result) return "설정이나 주문 탭에 문제가 있어 계산하지 못했습니다. 오류 탭을 보세요";
    const scheduled = result.rows.filter((r) => r.shipDate).length;
    return `출하 일정을 다시 계산했습니다: 출하예정 ${scheduled}건`;
  });
}

/**
 * Menu 수확 미루기: three prompts (item or 전체, days, reason), asked before taking the lock (a
 * person may take their time), then the delay runs under it like any pass.
 */
export function delayHarvestMenu(): void {
  const ui = SpreadsheetApp.getUi();
  const title = "수확 미루기";
  const ask = (text: string): string | null => {
    const answer = ui.prompt(title, text, ui.ButtonSet.OK_CANCEL);
    return answer.getSelectedButton() === ui.Button.OK ? answer.getResponseText().trim() : null;
  };
  const item = ask(`미룰 품목을 적으세요 (예: 황도, 황도 4.5kg). 모든 품목이면 ${ALL_ITEMS}`);
  if (item === null || item === "") return;
  const days = ask("며칠 미룰까요? (1–30)");
  if (days === null || days === "") return;
  const reason = ask("이유를 적으세요. 고객 메시지와 조회 페이지에도 나옵니다 (예: 비)");
  if (reason === null) return;
  guarded("delayHarvestMenu", () => {
    const stored = { entries: scriptProperties().getProperties(), readAt: Date.now() };
    const { host, spend } = withTickNotes(gasHost(spreadsheet), stored);
    const answer = delayHarvest(host, { item, days: Number(days), reason });
    spend();
    if (!answer.ok) return answer.error;
    const { moved, waitlisted } = answer.report;
    return `${answer.report.windows.join(", ")} · 출하일이 바뀐 줄 ${moved.length}개, 대기 ${waitlisted.length}개. 보낼 메시지에 안내가 준비되었습니다`;
  });
}

export const INSTALLER_PROPERTY = "TRIGGERS_INSTALLED_BY";

/**
 * One on-edit trigger, one reconcile at the cadence the sheet's size allows within the daily
 * budget (domain/cadence.ts), one roll-over after midnight; twice = once.
 * Triggers run as the person who installed them and nobody else can see them, so the installer
 * is recorded: a second person is told who did it, and installs nothing (no double runs).
 */
export function installTriggers(): void {
  const me = Session.getActiveUser().getEmail();
  const properties = scriptProperties();
  const installer = properties.getProperty(INSTALLER_PROPERTY);
  if (installer && installer !== me) {
    SpreadsheetApp.getUi().alert(
      "자동 실행 켜기",
      `자동 실행은 이미 ${installer} 계정이 켜 두었습니다. 같은 일이 두 번 돌지 않도록 이번에는 설치하지 않았습니다. ` +
        `그 계정에서 자동 실행을 끈 뒤 다시 켜려면, 그 계정으로 이 메뉴를 실행하세요.`,
      SpreadsheetApp.getUi().ButtonSet.OK,
    );
    return;
  }
  guarded("installTriggers", () => {
    const ss = spreadsheet();
    rememberTriggers(null);
    for (const trigger of ScriptApp.getProjectTriggers()) {
      if (TRIGGER_HANDLERS.includes(trigger.getHandlerFunction() as EntryPoint))
        ScriptApp.deleteTrigger(trigger);
    }
    createTrigger("onEditInstalled", ss);
    createTrigger("rolloverToday", ss);
    const orders = ss.getSheetByName(tab("orders").name);
    const cells = orders ? orders.getLastRow() * orders.getLastColumn() : 0;
    const now = new Date();
    installReconcile(reconcileEveryMinutes(cells, now)); // last: it remembers the triggers for the gate
    properties.setProperty(INSTALLER_PROPERTY, me);
    const day = reconcileEveryMinutes(cells);
    const night = reconcileEveryMinutes(cells, nightOf(now));
    const check =
      night === day
        ? everyLabel(day)
        : `${everyLabel(day)} (밤 ${NIGHT_FROM_HOUR - 12}시–새벽 ${NIGHT_UNTIL_HOUR}시에는 ${everyLabel(night)})`;
    return `자동 실행을 켰습니다: 편집할 때마다, ${check}, 자정 직후`;
  });
}

/** Creates missing tabs and columns from the templates; never touches existing data. */
export function setupTabs(): void {
  guarded("setupTabs", () => {
    const ss = spreadsheet();
    if (ss.getSpreadsheetTimeZone() !== SHEET_TIME_ZONE) ss.setSpreadsheetTimeZone(SHEET_TIME_ZONE);
    const sheets = new Map(ss.getSheets().map((s) => [s.getName(), s]));
    const headers = new Map<string, unknown[]>();
    for (const def of TABS) {
      const sheet = sheets.get(def.name);
      if (!sheet) continue;
      const width = Math.max(1, sheet.getLastColumn());
      headers.set(def.name, sheet.getRange(def.headerRow, 1, 1, width).getValues()[0] ?? []);
    }
    const repairs = planSetup(headers, seoulDateOf(new Date()));
    const itemNames = itemNamesIn(sheets.get(tab("settings").name));
    for (const repair of repairs) applyRepair(ss, sheets.get(repair.tab.name), repair, itemNames);
    scriptProperties().setProperty(SPREADSHEET_ID_PROPERTY, ss.getId());
    const added = repairs.reduce((n, r) => n + (r.create ? 0 : r.add.length), 0);
    const created = repairs.filter((r) => r.create).map((r) => r.tab.name);
    const done =
      created.length || added
        ? `만든 탭: ${created.join(", ") || "없음"} · 더한 열: ${added}개`
        : "모든 탭과 열이 이미 있습니다";
    const reminder = setupReminder(gasHost(spreadsheet));
    return reminder ? `${done} · ${reminder}` : done;
  });
}

// ---- the customer status web app ----------------------------------------------------------

/** Failures reach the page as the same kind of answer, never as a stack trace. */
function answer(lookup: () => LookupResult): LookupResult {
  try {
    return lookup();
  } catch (error) {
    console.error(error);
    return { ok: false, error: "지금은 조회할 수 없습니다. 잠시 후 다시 시도해 주세요" };
  }
}

export function doGet(e: GoogleAppsScript.Events.DoGet): GoogleAppsScript.HTML.HtmlOutput {
  // For 진단: what a web-app execution really gets (Google's docs and practice differ).
  // One cache write per page view (about 60 ms), read by 진단 D9 and D10.
  note(
    "webapp",
    JSON.stringify({
      active: SpreadsheetApp.getActiveSpreadsheet() ? "이 시트" : "null",
      lock: scriptLock() ? "있음" : "없음",
    }),
  );
  if (e?.parameter?.view === "order") return orderPageOutput(webAppBase());
  const token = safeToken(e?.parameter?.t);
  return HtmlService.createHtmlOutput(
    pageText("status").replace("__TOKEN__", token).replace("__BASE__", webAppBase()),
  )
    .setTitle("복숭아 주문 조회")
    .addMetaTag("viewport", "width=device-width, initial-scale=1");
}

export function lookupStatus(orderCode: unknown, phoneLast4: unknown): LookupResult {
  return answer(() => lookupStatusIn(webHost(), orderCode, phoneLast4));
}

export function lookupByToken(token: unknown): LookupResult {
  return answer(() => lookupByTokenIn(webHost(), token));
}
