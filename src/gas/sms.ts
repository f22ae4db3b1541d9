/**
 * Messages that send themselves, on Sheets (issue 24). The API key and secret live in script
 * properties (menu 복숭아 주문 → 문자 발송 설정; never a cell, and only the key's last 4
 * characters are shown again); requests go through UrlFetchApp (scope script.external_request)
 * and are signed with Utilities.computeHmacSha256Signature. The reconcile calls
 * `sendAfterReconcile`: it sends when the pass changed something, an edit's own pass logged to
 * 이력 since sending last looked (Tony's 입금완료: the reconcile then has nothing to change), or
 * messages were left waiting (a failure to retry, the night, the day's maximum), so a quiet
 * reconcile costs the property read it already makes and one call for 이력's last row.
 */
import { loadSmallTabs } from "../app/smallTabs";
import {
  prepareSms,
  smsToday,
  SOLAPI_BASE_URL,
  type HttpAnswer,
  type SmsGateway,
  type SmsReport,
  type SmsRequest,
} from "../app/sms";
import type { Host } from "../app/port";
import { addDays, seoulDateOf, seoulInstant } from "../domain/clock";
import { formatWon } from "../domain/pricing";
import { inQuietHours, QUIET_UNTIL_HOUR, SMS_REASON } from "../domain/sms";
import { tab } from "../templates";
import { gasHost, scriptProperties } from "./host";

export const SMS_KEY_PROPERTY = "SOLAPI_API_KEY";
export const SMS_SECRET_PROPERTY = "SOLAPI_API_SECRET";
/** Overrides the API base (a relay, or the tests' fake provider). */
export const SMS_URL_PROPERTY = "PEACH_SOLAPI_URL";
/** Epoch ms from which a reconcile with nothing new should still try (messages left waiting). */
export const SMS_PENDING_PROPERTY = "SMS_PENDING_FROM";
/**
 * 이력's last row when sending last looked: an edit's own pass (Tony ticks 입금완료) logs to 이력
 * and leaves the reconcile nothing to change, yet its messages are due.
 */
export const SMS_EVENTS_SEEN_PROPERTY = "SMS_EVENTS_SEEN";
/**
 * 문자 하루 최대 as it was when today's sending reached it: until 08:00 tomorrow nothing more can
 * go, so a reconcile does not read 주문 and 이력 again to find that out, unless 설정's maximum has
 * changed since (Tony raised it).
 */
export const SMS_CAPPED_PROPERTY = "SMS_CAPPED_AT";
/** When a number the provider refused is tried again at the latest. */
const REFUSED_RETRY_MS = 60 * 60_000;

const hex = (bytes: number[]) => bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, "0")).join("");

function gateway(stored: Record<string, string>): SmsGateway {
  const apiKey = stored[SMS_KEY_PROPERTY] ?? "";
  const apiSecret = stored[SMS_SECRET_PROPERTY] ?? "";
  return {
    credentials: apiKey && apiSecret ? { apiKey, apiSecret } : null,
    baseUrl: stored[SMS_URL_PROPERTY] || SOLAPI_BASE_URL,
    hmacSha256Hex: (key, data) => hex(Utilities.computeHmacSha256Signature(data, key)),
    signedAt: () => new Date(),
  };
}

function post(request: SmsRequest): HttpAnswer {
  try {
    const response = UrlFetchApp.fetch(request.url, {
      method: "post",
      contentType: "application/json",
      headers: { Authorization: request.headers.Authorization! },
      payload: request.body,
      muteHttpExceptions: true,
    });
    return { status: response.getResponseCode(), body: response.getContentText() };
  } catch (error) {
    // Never the request itself: its header carries the key.
    return {
      error: error instanceof Error ? error.message.replace(/https?:\/\/\S+/g, "").trim() : "연결 실패",
    };
  }
}

/** One run: plan, send, record. Null when sending is off or there is no key. */
function sendNow(host: Host, stored: Record<string, string>): SmsReport | null {
  const settings = loadSmallTabs(host, true).settings;
  if (!settings.ok || settings.value.smsSending !== "solapi") {
    // Paused (the sidebar's switch or the cell): each reconcile looks again, so 다시 켜기 sends.
    if (settings.ok && settings.value.smsSending === "paused" && !stored[SMS_PENDING_PROPERTY])
      scriptProperties().setProperty(SMS_PENDING_PROPERTY, String(host.now().getTime()));
    return null;
  }
  const gw = gateway(stored);
  if (!gw.credentials) return null;
  const run = prepareSms(host, settings.value, gw);
  const report = run.finish(run.requests.map(post));
  const properties = scriptProperties();
  const now = host.now();
  const capped = report.held === SMS_REASON.dailyMax(settings.value.smsDailyMax);
  // A failed request (no answer, 4xx, 5xx) is retried by the next reconcile; a number the
  // provider refused goes with the next run that sends, and at the latest an hour on (retrying
  // it every ten minutes would cost a run each time, for a number that rarely heals that fast).
  const pendingFrom = report.failed.some((f) => !f.numberRefused)
    ? now.getTime()
    : capped
      ? seoulInstant(addDays(seoulDateOf(now), 1), QUIET_UNTIL_HOUR * 3_600_000).getTime()
      : report.failed.length > 0
        ? now.getTime() + REFUSED_RETRY_MS
        : report.waiting.some((w) => w.reason === SMS_REASON.night)
          ? nextMorning(now).getTime()
          : null;
  if (pendingFrom !== null) properties.setProperty(SMS_PENDING_PROPERTY, String(pendingFrom));
  else if (stored[SMS_PENDING_PROPERTY]) properties.deleteProperty(SMS_PENDING_PROPERTY);
  if (capped) properties.setProperty(SMS_CAPPED_PROPERTY, String(settings.value.smsDailyMax));
  else if (stored[SMS_CAPPED_PROPERTY]) properties.deleteProperty(SMS_CAPPED_PROPERTY);
  return report;
}

/** 08:00 Seoul after `now` (today's if before it, else tomorrow's). */
function nextMorning(now: Date): Date {
  const today = seoulInstant(seoulDateOf(now), QUIET_UNTIL_HOUR * 3_600_000);
  return today.getTime() > now.getTime()
    ? today
    : seoulInstant(addDays(seoulDateOf(now), 1), QUIET_UNTIL_HOUR * 3_600_000);
}

/**
 * Called by the reconcile, under its lock, with the script properties it already read. Sends
 * when the pass changed something or messages wait for a retry, never at night (then the first
 * reconcile after 08:00 sends), and only when 설정 and the key allow it.
 */
export function sendAfterReconcile(host: Host, stored: Record<string, string>, changed: boolean): void {
  if (!stored[SMS_KEY_PROPERTY]) return; // no key: sending was never set up
  const pending = Number(stored[SMS_PENDING_PROPERTY] ?? NaN);
  const now = host.now();
  // One call: whether an edit logged anything since sending last looked.
  const logged = host.workbook.sheet(tab("events").name)?.lastRow() ?? 0;
  const edited = String(logged) !== (stored[SMS_EVENTS_SEEN_PROPERTY] ?? "");
  if (inQuietHours(now)) {
    if ((changed || edited) && !(pending <= nextMorning(now).getTime()))
      scriptProperties().setProperty(SMS_PENDING_PROPERTY, String(nextMorning(now).getTime()));
    return;
  }
  if (!changed && !edited && !(pending <= now.getTime())) return;
  // The day's maximum is reached: nothing can go before 08:00 tomorrow (the pending mark), unless
  // 설정's maximum changed since (one cache read).
  if (pending > now.getTime() && stored[SMS_CAPPED_PROPERTY]) {
    const settings = loadSmallTabs(host, false).settings;
    if (settings.ok && String(settings.value.smsDailyMax) === stored[SMS_CAPPED_PROPERTY]) return;
  }
  sendNow(host, stored);
  // What sending wrote to 이력 (보냄 by 문자) is its own: read again so it is not taken for an edit.
  const seen = host.workbook.sheet(tab("events").name)?.lastRow() ?? 0;
  if (String(seen) !== stored[SMS_EVENTS_SEEN_PROPERTY])
    scriptProperties().setProperty(SMS_EVENTS_SEEN_PROPERTY, String(seen));
}

/**
 * Menu 문자 발송 설정: two prompts (the key, then the secret), stored in script properties. The
 * key is shown again by its last 4 characters only; a blank answer keeps what is stored, `지움`
 * forgets both. Today's count and cost are shown with it.
 */
export function showSmsSettings(): void {
  const ui = SpreadsheetApp.getUi();
  const properties = scriptProperties();
  const h = gasHost(() => SpreadsheetApp.getActiveSpreadsheet());
  const stored = properties.getProperties();
  const key = stored[SMS_KEY_PROPERTY] ?? "";
  const today = smsToday(h);
  const title = "문자 발송 설정";
  const asked = ui.prompt(
    title,
    `지금 열쇠: ${key ? `…${key.slice(-4)}` : "없음"} · 오늘 보낸 문자 ${today.count}건, ${formatWon(today.costKrw)}\n` +
      "솔라피 → API Key 관리의 API Key를 넣으세요 (비우면 그대로, '지움'은 열쇠를 지웁니다). 열쇠는 시트 칸이 아니라 스크립트 속성에만 저장됩니다.",
    ui.ButtonSet.OK_CANCEL,
  );
  if (asked.getSelectedButton() !== ui.Button.OK) return;
  const newKey = asked.getResponseText().trim();
  if (newKey === "지움") {
    properties.deleteProperty(SMS_KEY_PROPERTY);
    properties.deleteProperty(SMS_SECRET_PROPERTY);
    ui.alert(title, "열쇠를 지웠습니다. 문자는 보내지 않습니다", ui.ButtonSet.OK);
    return;
  }
  if (newKey === "") return;
  const secret = ui.prompt(title, "API Secret을 넣으세요", ui.ButtonSet.OK_CANCEL);
  const newSecret = secret.getResponseText().trim();
  if (secret.getSelectedButton() !== ui.Button.OK) return;
  if (!/^[A-Za-z0-9]{8,64}$/.test(newKey) || !/^[A-Za-z0-9]{16,128}$/.test(newSecret)) {
    ui.alert(
      title,
      "솔라피에서 복사한 그대로(영문과 숫자) 넣어 주세요. 저장하지 않았습니다",
      ui.ButtonSet.OK,
    );
    return;
  }
  properties.setProperties({ [SMS_KEY_PROPERTY]: newKey, [SMS_SECRET_PROPERTY]: newSecret });
  ui.alert(
    title,
    `열쇠 …${newKey.slice(-4)}를 저장했습니다. 설정 '문자 자동 발송'이 솔라피이면 다음 자동 점검부터 보냅니다`,
    ui.ButtonSet.OK,
  );
}
