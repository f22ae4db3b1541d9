/**
 * 진단: a live self-check of what the script assumes about Google, for the first real sheet.
 * It works in a scratch tab (removed afterwards), writes the report to the 진단 tab and shows
 * a summary Tony can copy to whoever helps him. Each check has a stable id that
 * docs/emulator.md names beside the emulated behaviour it confirms. Customer-facing executions
 * (the web app, triggers) leave notes of what they saw in the script cache, read here.
 */
import { SOLAPI_BASE_URL } from "../app/sms";
import { seoulDateOf, seoulMidnight } from "../domain/clock";
import { parseSettings } from "../domain/settings";
import { tab } from "../templates";
import { release, scriptLock } from "./host";
import { carryBeforeRelease, carryNotesAfterRelease } from "./editNotes";
import { SMS_URL_PROPERTY } from "./sms";
import { runsAsCaller } from "./surface";
import { settingsUrl } from "./tools";

/** What the emulator charges one UrlFetchApp call (costModel.ts urlFetchMs; a test holds them equal). */
export const URL_FETCH_ASSUMED_MS = 400;

export const DIAGNOSIS_TAB = "진단";
const SCRATCH_TAB = "진단 임시";
const NOTE_PREFIX = "peach:diag:";

export interface Check {
  id: string;
  name: string;
  assumption: string;
  observed: string;
  /** true: as assumed; false: differs; null: not observed yet. */
  ok: boolean | null;
}

/** A note from an execution the menu cannot see (the web app, a trigger); cheap, never fails. */
export function note(key: string, value: string): void {
  try {
    CacheService.getScriptCache().put(NOTE_PREFIX + key, value, 21600);
  } catch {
    // A note is a convenience for 진단: never worth failing a customer's request.
  }
}

const noteOf = (key: string) => CacheService.getScriptCache().get(NOTE_PREFIX + key);

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function cellChecks(scratch: Sheet): Check[] {
  const checks: Check[] = [];
  const text = scratch.getRange("A1:A3");
  text.setNumberFormat("@");
  scratch.getRange("A1:A2").setValues([["'06236"], ["06236"]]);
  scratch.getRange("B1:B2").setValues([["'=1+1"], ["2026-07-13"]]);
  // A date the script writes (Seoul midnight), shown as the sheet shows it.
  scratch.getRange("B3").setNumberFormat("yyyy-mm-dd").setValue(seoulMidnight("2026-07-13"));
  scratch.getRange("C1").setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
  SpreadsheetApp.flush();
  const [[kept], [plain]] = scratch.getRange("A1:A2").getValues() as [[unknown], [unknown]];
  checks.push({
    id: "D1",
    name: "@ 칸의 작은따옴표",
    assumption: "작은따옴표는 남거나 숨겨질 수 있음: 스크립트는 @ 칸에 따옴표 없이 쓰고, 읽을 때 하나를 지움",
    observed: JSON.stringify(kept),
    ok: kept === "'06236" || kept === "06236",
  });
  checks.push({
    id: "D2",
    name: "@ 칸의 앞자리 0",
    assumption: "@(일반 텍스트) 칸에 쓴 06236은 글자 06236으로 남음",
    observed: JSON.stringify(plain),
    ok: plain === "06236",
  });
  const [[formulaText], [typedDate]] = scratch.getRange("B1:B2").getValues() as [[unknown], [unknown]];
  const formula = scratch.getRange("B1").getFormula();
  checks.push({
    id: "D3",
    name: "수식처럼 보이는 글자",
    assumption: "'=1+1 은 수식이 아니라 글자 =1+1 로 남음",
    observed: `${JSON.stringify(formulaText)}, 수식: ${JSON.stringify(formula)}`,
    ok: formulaText === "=1+1" && formula === "",
  });
  const typed = Object.prototype.toString.call(typedDate) === "[object Date]" ? (typedDate as Date) : null;
  const shown = String(scratch.getRange("B3").getDisplayValue());
  checks.push({
    id: "D4",
    name: "날짜 칸의 시간대",
    assumption:
      "적은 2026-07-13 은 서울 자정이고, 스크립트가 쓴 서울 날짜는 2026-07-13 으로 보임 (스프레드시트 시간대 = Asia/Seoul)",
    observed: `적은 날짜: ${typed ? typed.toISOString() : JSON.stringify(typedDate)} · 쓴 날짜가 보이는 모양: ${shown}`,
    ok: !!typed && typed.getTime() === seoulMidnight("2026-07-13").getTime() && shown === "2026-07-13",
  });
  const box = scratch.getRange("C1").getValue();
  checks.push({
    id: "D5",
    name: "빈 체크박스의 값",
    assumption: '값을 쓰지 않은 체크박스 칸은 빈 값("") 또는 false 로 읽힘',
    observed: JSON.stringify(box),
    ok: box === "" || box === false,
  });
  // appendRow into a plain-text (@) column: the reference does not say it honours the format.
  scratch.getRange("D1:D").setNumberFormat("@");
  scratch.appendRow(["", "", "", "06236"]);
  SpreadsheetApp.flush();
  const appended = scratch.getRange(scratch.getLastRow(), 4).getValue();
  checks.push({
    id: "D14",
    name: "appendRow 와 @ 칸",
    assumption:
      "appendRow 로 @(일반 텍스트) 칸에 쓴 06236은 글자 06236으로 남음 (이력·오류·조회의 한 줄 추가)",
    observed: JSON.stringify(appended),
    ok: appended === "06236",
  });
  return checks;
}

function serviceChecks(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Check[] {
  const checks: Check[] = [];
  const zone = ss.getSpreadsheetTimeZone();
  checks.push({
    id: "D6",
    name: "스프레드시트 시간대",
    assumption: "Asia/Seoul (탭 만들기가 맞춤), 스크립트 시간대와 따로 있음",
    observed: `스프레드시트 ${zone}, 스크립트 ${Session.getScriptTimeZone()}`,
    ok: zone === "Asia/Seoul" && Session.getScriptTimeZone() === "Asia/Seoul",
  });
  const scriptLock = LockService.getScriptLock();
  checks.push({
    id: "D7",
    name: "잠금 (메뉴 실행)",
    assumption: "스크립트 잠금은 어디서나 있음 (문서 잠금은 웹 앱에서 없음)",
    observed: `스크립트 잠금 ${scriptLock ? "있음" : "없음"}`,
    ok: !!scriptLock,
  });
  const raw = noteOf("webapp");
  const webapp = raw ? (JSON.parse(raw) as { active: string; lock: string }) : null;
  for (const kind of ["trigger", "webapp"]) {
    const seen = kind === "trigger" ? noteOf("lock:trigger") : (webapp?.lock ?? null);
    checks.push({
      id: kind === "trigger" ? "D8" : "D9",
      name: kind === "trigger" ? "잠금 (트리거 실행)" : "잠금 (웹 앱 실행)",
      assumption: "스크립트 잠금이 있음",
      observed:
        seen ?? "아직 본 적 없음 (자동 점검이 한 번 돌거나 조회 페이지를 한 번 연 뒤 다시 진단하세요)",
      ok: seen === null ? null : seen === "있음",
    });
  }
  const active = webapp?.active ?? null;
  checks.push({
    id: "D10",
    name: "웹 앱에서 getActiveSpreadsheet()",
    assumption:
      "null 이든 이 시트든 상관없음: 고객 함수 말고는 방문자에게 아무것도 하지 않음 (공개 범위 점검)",
    observed: active ?? "아직 본 적 없음 (조회 페이지를 한 번 연 뒤 다시 진단하세요)",
    ok: active === null ? null : true,
  });
  let url: string;
  try {
    url = ScriptApp.getService().getUrl() ?? "";
  } catch (error) {
    url = `오류: ${(error as Error).message}`;
  }
  const configured = settingsUrl(ss);
  checks.push({
    id: "D11",
    name: "웹 앱 주소",
    assumption: "설정의 '조회 페이지 주소'는 /exec 로 끝나는 배포 주소",
    observed: `구글: ${url || "(없음)"} · 설정: ${configured || "(비어 있음)"}`,
    ok: /^https:\/\/script\.google\.com\/.+\/exec$/.test(configured),
  });
  checks.push({
    id: "D12",
    name: "메뉴 실행자 확인",
    assumption: "메뉴는 누른 사람의 권한으로 실행됨 (getActiveUser = getEffectiveUser, 빈 값 아님)",
    observed: `${Session.getActiveUser().getEmail() || "(빈 값)"} / ${Session.getEffectiveUser().getEmail() || "(빈 값)"}`,
    ok: runsAsCaller(),
  });
  const installer = PropertiesService.getScriptProperties().getProperty("TRIGGERS_INSTALLED_BY");
  const mine = ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction());
  checks.push({
    id: "D13",
    name: "자동 실행(트리거)",
    assumption: "한 사람이 한 번 설치: 편집 1개, 자동 점검 1개, 자정 1개",
    observed: `설치한 사람: ${installer ?? "(없음)"} · 내 트리거: ${mine.join(", ") || "(없음)"}`,
    ok: installer !== null && (installer !== Session.getActiveUser().getEmail() || mine.length === 3),
  });
  return checks;
}

/**
 * D15: one UrlFetchApp call, timed, as the emulator charges each request of a sending run. Only
 * while 설정 '문자 자동 발송' is 솔라피 or 멈춤 (아니오 promises no outside connection at all), and
 * only a GET of the provider's base address: no key, no signature, no message. It times the
 * network and the provider's front door, a little less than a send, which also does the
 * provider's work of taking the messages.
 */
function urlFetchCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Check {
  const check = {
    id: "D15",
    name: "밖으로 한 번 연결하는 시간 (UrlFetchApp)",
    assumption: `문자 발송 요청 한 번에 ${URL_FETCH_ASSUMED_MS / 1000}초 이하 (열쇠 없이 솔라피 주소를 한 번 열어 잼)`,
  };
  const sheet = ss.getSheetByName(tab("settings").name);
  const rows =
    sheet && sheet.getLastRow() > 1 ? sheet.getRange(2, 1, sheet.getLastRow() - 1, 2).getValues() : [];
  const settings = parseSettings(
    rows.map(([label, value]) => ({ label, value })),
    seoulDateOf(new Date()),
  );
  if (!settings.ok || settings.value.smsSending === "off")
    return {
      ...check,
      observed: settings.ok
        ? "설정 '문자 자동 발송'이 아니오라서 밖으로 연결하지 않았습니다 (솔라피로 바꾼 뒤 다시 진단하면 잽니다)"
        : "설정을 읽지 못해 밖으로 연결하지 않았습니다",
      ok: null,
    };
  const url = PropertiesService.getScriptProperties().getProperty(SMS_URL_PROPERTY) || SOLAPI_BASE_URL;
  // The scheme and host only, never a path. An address with a user or password in it
  // (user:pa/ss@host splits anywhere) is neither shown nor called.
  const parts = /^(https?:\/\/)([^/?#]*)/.exec(url);
  if (!parts || parts[2]!.includes("@") || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(parts[2]!))
    return {
      ...check,
      observed: "문자 중계 주소를 믿을 수 없어 연결하지 않았습니다 (사용자 정보나 읽을 수 없는 주소)",
      ok: null,
    };
  const origin = parts[1]! + parts[2]!;
  const started = Date.now();
  try {
    const code = UrlFetchApp.fetch(origin, {
      method: "get",
      muteHttpExceptions: true,
      followRedirects: false,
    }).getResponseCode();
    const ms = Date.now() - started;
    return {
      ...check,
      observed: `${origin} GET (열쇠 없이): HTTP ${code}, ${ms} ms`,
      ok: ms <= URL_FETCH_ASSUMED_MS,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/https?:\/\/\S+/g, "").trim() : "연결 실패";
    return { ...check, observed: `${origin} 연결 실패 (${Date.now() - started} ms): ${why}`, ok: false };
  }
}

const RESULT = (ok: boolean | null) => (ok === true ? "통과" : ok === false ? "다름" : "확인 전");

/** Runs every check; the scratch tab is removed whatever happens. */
export function runDiagnosis(now: Date): { checks: Check[]; summary: string } {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const old = ss.getSheetByName(SCRATCH_TAB);
  if (old) ss.deleteSheet(old);
  const scratch = ss.insertSheet(SCRATCH_TAB);
  let checks: Check[];
  try {
    checks = [...cellChecks(scratch), ...serviceChecks(ss), urlFetchCheck(ss)];
  } finally {
    ss.deleteSheet(scratch);
  }
  const rows = checks.map((c) => [c.id, c.name, RESULT(c.ok), c.assumption, c.observed]);
  const report = ss.getSheetByName(DIAGNOSIS_TAB) ?? ss.insertSheet(DIAGNOSIS_TAB);
  report.clear();
  const header = [["번호", "점검", "결과", "스크립트가 가정하는 것", "실제로 본 것"]];
  report.getRange(1, 1, 1, 5).setValues(header).setFontWeight("bold");
  // Observed values are Google's own strings and numbers; kept as text so none becomes a formula.
  report.getRange(2, 1, rows.length, 5).setNumberFormat("@").setValues(rows);
  const differs = checks.filter((c) => c.ok === false);
  const summary = [
    `복숭아 주문 진단 ${seoulDateOf(now)} · 통과 ${checks.filter((c) => c.ok === true).length} · 다름 ${differs.length} · 확인 전 ${checks.filter((c) => c.ok === null).length}`,
    ...checks.map((c) => `${c.id} ${c.name}: ${RESULT(c.ok)} — ${c.observed}`),
  ].join("\n");
  return { checks, summary };
}

/** Menu: 진단. The report tab stays; the summary opens in a dialog, ready to copy. */
export function diagnose(): void {
  const ui = SpreadsheetApp.getUi();
  const lock = scriptLock();
  if (!lock || !lock.tryLock(20_000)) {
    ui.alert("진단", "다른 작업이 진행 중입니다. 잠시 후 다시 실행해 주세요.", ui.ButtonSet.OK);
    return;
  }
  let summary: string;
  try {
    summary = runDiagnosis(new Date()).summary;
  } finally {
    carryBeforeRelease();
    release(lock);
    carryNotesAfterRelease(); // Tony's edits noted while this held the lock (editNotes.ts)
  }
  const escaped = summary.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const html =
    `<p style="font-family:sans-serif">결과는 '${DIAGNOSIS_TAB}' 탭에도 있습니다. 아래 글을 복사해 도와주는 분께 보내 주세요.</p>` +
    `<textarea readonly style="width:100%;height:300px">${escaped}</textarea>`;
  ui.showModalDialog(HtmlService.createHtmlOutput(html).setWidth(640).setHeight(420), "진단 결과");
}
