/**
 * The daily tools from the sheet's menu: the messages sidebar, the courier file, the tracking
 * import, the printable today list and the status page address. The pages call the functions
 * below with google.script.run; the work is the app layer's, shared with the CLI.
 */
import {
  todayListAnswer,
  courierFileAnswer,
  markSentAnswer,
  messagesAnswer,
  smsPauseAnswer,
  trackingAnswer,
  type Answer,
} from "../app/tools";
import { gasHost, release, scriptLock } from "./host";
import { carryBeforeRelease, carryNotesAfterRelease } from "./editNotes";
import { SMS_KEY_PROPERTY } from "./sms";
import { issuePageKey, withPageKey } from "./surface";
import { pageText } from "./pageFiles";
import type { PageName } from "../web/pages";
import { parseSettings } from "../domain/settings";
import { seoulDateOf } from "../domain/clock";
import { headerOf, tab } from "../templates";

const BUSY = "다른 작업이 진행 중입니다. 잠시 후 다시 눌러 주세요";
const host = () => gasHost(() => SpreadsheetApp.getActiveSpreadsheet());

/**
 * The deployed status page as Google reports it, or null. Only an /exec address is for
 * customers: a /dev address opens for editors only, so it is never handed out.
 */
function webAppUrl(): string | null {
  try {
    const url = ScriptApp.getService().getUrl() || "";
    return url && !/\/dev(\?|$)/.test(url) ? url : null;
  } catch {
    return null;
  }
}

/** 설정's 조회 페이지 주소: the address Tony pasted from 배포 관리 (the page's source of truth). */
export function settingsUrl(ss = SpreadsheetApp.getActiveSpreadsheet()): string {
  const sheet = ss.getSheetByName(tab("settings").name);
  const last = sheet ? sheet.getLastRow() : 0;
  if (!sheet || last < 2) return "";
  const rows = sheet.getRange(2, 1, last - 1, 2).getValues();
  const parsed = parseSettings(
    rows.map(([label, value]) => ({ label, value })),
    seoulDateOf(new Date()),
  );
  return parsed.ok ? parsed.value.statusPageUrl : "";
}

/** What is wrong with an address given to customers, or "" when it is a public /exec address. */
export function urlWarning(url: string): string {
  if (!url)
    return "설정 탭의 '조회 페이지 주소'가 비어 있습니다. 배포 → 배포 관리에서 웹 앱 주소(/exec로 끝남)를 복사해 넣어 주세요.";
  if (/\/dev(\?|$)/.test(url))
    return "설정 탭의 '조회 페이지 주소'가 /dev로 끝납니다. 이 주소는 편집자만 열 수 있어 고객에게는 열리지 않습니다. 배포 → 배포 관리의 /exec 주소로 바꿔 주세요.";
  if (!/^https:\/\/script\.google\.com\/.+\/exec$/.test(url))
    return "설정 탭의 '조회 페이지 주소'가 웹 앱 주소(https://script.google.com/…/exec)가 아닙니다. 배포 → 배포 관리에서 복사해 넣어 주세요.";
  return "";
}

/** Mutations take the script lock, as every trigger does; a page hears "busy" instead of waiting. */
export function locked<T>(body: () => Answer<T>): Answer<T> {
  const lock = scriptLock();
  if (!lock || !lock.tryLock(10_000)) return { ok: false, error: BUSY };
  try {
    return body();
  } catch (error) {
    console.error(error);
    return { ok: false, error: `처리하지 못했습니다: ${(error as Error).message}` };
  } finally {
    carryBeforeRelease();
    release(lock);
    carryNotesAfterRelease(); // Tony's edits noted while this held the lock (editNotes.ts)
  }
}

/**
 * A page opened by a menu item, holding a fresh key for the functions it calls (surface.ts).
 * The UI is asked for first: outside an open editor it throws before a key is issued.
 */
export function page(name: PageName, title: string, opener: string) {
  const ui = SpreadsheetApp.getUi();
  const output = HtmlService.createHtmlOutput(withPageKey(pageText(name), issuePageKey(opener))).setTitle(
    title,
  );
  return { ui, output };
}

export function showMessages(): void {
  const { ui, output } = page("messages", "보낼 메시지", "showMessages");
  ui.showSidebar(output);
}

/** Sending has its key (menu 문자 발송 설정): the page says "다음 발송 때" rather than "열쇠가 없습니다". */
const hasSmsKey = () => !!PropertiesService.getScriptProperties().getProperty(SMS_KEY_PROPERTY);

export function getDueMessages() {
  return messagesAnswer(host(), webAppUrl(), hasSmsKey());
}

export function markMessageSent(id: unknown) {
  return locked(() => markSentAnswer(host(), id, webAppUrl(), hasSmsKey()));
}

/** The sidebar's switch: `pause` writes 멈춤 into 설정 '문자 자동 발송', `resume` 솔라피. */
export function setSmsPaused(action: unknown) {
  return locked(() => smsPauseAnswer(host(), action, webAppUrl(), hasSmsKey()));
}

export function showCourierExport(): void {
  const { ui, output } = page("courier", "택배 예약 파일", "showCourierExport");
  ui.showModalDialog(output.setWidth(420).setHeight(320), "택배 예약 파일");
}

export function courierFile(date: unknown, layout: unknown) {
  return courierFileAnswer(host(), date, layout);
}

export function showTrackingImport(): void {
  const { ui, output } = page("tracking", "송장번호 가져오기", "showTrackingImport");
  ui.showModalDialog(output.setWidth(560).setHeight(520), "송장번호 가져오기");
}

export function importTrackingText(text: unknown, date: unknown, courier: unknown) {
  return locked(() => trackingAnswer(host(), text, date, courier));
}

export function showPrintToday(): void {
  const { ui, output } = page("print", "오늘 출하 인쇄", "showPrintToday");
  ui.showModalDialog(output.setWidth(1000).setHeight(700), "오늘 출하 인쇄");
}

export function getTodayList() {
  return todayListAnswer(host());
}

/** The status page's address (from 설정), a warning when it cannot reach customers, and the link of the order in the selected row of 주문. */
export function showWebAppUrl(): void {
  const ui = SpreadsheetApp.getUi();
  const configured = settingsUrl();
  const warning = urlWarning(configured);
  const url = warning ? webAppUrl() : configured;
  if (!url) {
    ui.alert(
      "조회 페이지 주소",
      `${warning}\n\n아직 웹 앱으로 배포하지 않았다면 README의 '배포' 순서를 따라 주세요.`,
      ui.ButtonSet.OK,
    );
    return;
  }
  const lines = warning
    ? [`주의: ${warning}`, "", `구글이 알려 준 주소: ${url}`]
    : [`고객 조회 페이지: ${url}`];
  const sheet = SpreadsheetApp.getActiveSheet();
  const row = sheet.getActiveRange()?.getRow() ?? 0;
  if (sheet.getName() === tab("orders").name && row > 1) {
    const width = sheet.getLastColumn();
    const header = sheet.getRange(1, 1, 1, width).getValues()[0]!.map(String);
    const values = sheet.getRange(row, 1, 1, width).getValues()[0]!;
    const token = String(values[header.indexOf(headerOf("orders", "token"))] ?? "");
    const code = String(values[header.indexOf(headerOf("orders", "orderCode"))] ?? "");
    if (token) lines.push(`${code} 주문의 조회 링크: ${url}?t=${token}`);
  }
  ui.alert("조회 페이지 주소", lines.join("\n"), ui.ButtonSet.OK);
}
