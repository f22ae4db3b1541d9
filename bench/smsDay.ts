/**
 * The season day with sending on (issue 24): 설정 문자 자동 발송 솔라피, the key in script
 * properties, and a fake Solapi behind the emulator's UrlFetchApp that checks every signature
 * (test/support/fakeSolapi.ts). The reconciles send what is due, charged as every service call
 * is (UrlFetchApp 0.4 s a request, COST_MODEL.urlFetchMs). What the day reports: the messages
 * sent, the messages in requests the provider refused (one outage: the first request after noon
 * answers 500, retried by the next reconcile), and the messages that waited for the night or the
 * day's maximum, classified by the product's own plan at three moments of the day (the harness's
 * work, read from the cells and never charged).
 */
import { MemoryWorkbook } from "../src/local/memoryWorkbook";
import { localHost } from "../src/local/demo";
import { prepareSms } from "../src/app/sms";
import { seoulDateOf } from "../src/domain/clock";
import { parseSettings } from "../src/domain/settings";
import { SMS_PRICE_KRW, SMS_REASON, type SmsType } from "../src/domain/sms";
import { tab } from "../src/templates";
import type { AppsScriptEmulator, ExecutionRecord } from "../test/emulator/appsScript";
import { answerUrlFetch, fakeSolapiState } from "../test/support/fakeSolapi";

export interface SmsDay {
  /** Reconcile executions that sent (made at least one UrlFetchApp call), and their requests. */
  sendingRuns: number;
  requests: number;
  /** Their modelled time: mean and longest, seconds. */
  sendingRunMeanSeconds: number;
  sendingRunMaxSeconds: number;
  /** Messages the provider accepted over the day (= 이력's 문자 lines of the day). */
  sent: number;
  /** Messages in requests the provider refused (the noon outage); retried, not lost. */
  failed: number;
  /** Due during quiet hours (00:00–08:00, 21:00–24:00) and sent at 08:00 or left for tomorrow's. */
  waitedNight: number;
  /** Held by 문자 하루 최대 (200): they go tomorrow. */
  waitedDailyMax: number;
  /** Web orders' payment requests never texted before a payment (issue 23). */
  heldUnverified: number;
  /** Cells of any tab, or log lines, holding the API key or secret at the day's end (target 0). */
  secretLeaks: number;
  /** Won for the day's messages (SMS 20, LMS 50). */
  costKrw: number;
  sms: number;
  lms: number;
}

const KEY = "NCSBENCHKEY0001";
const SECRET = "BENCHSECRET0123456789abcdef";
const PROVIDER = "https://fake-solapi.test";

type Moment = "dawn" | "evening" | "end";

/**
 * Turns sending on for the season day and sends what the season left due on the evening before
 * (sending was on all season: yesterday's messages went yesterday, out of the day's account).
 * `look(moment)` classifies at 07:59:59, 20:59:59 and at the day's end; `report` sums up.
 */
export function sendingOn(emu: AppsScriptEmulator, dayStart: number) {
  const settings = emu.spreadsheet.tab("설정");
  const put = (label: string, value: string | number) => {
    const row = emu.values("설정").findIndex((r) => r[0] === label) + 1;
    if (row === 0) throw new Error(`설정 has no row ${label}`);
    settings.put(row, 2, value);
  };
  put("입금 안내", "카카오뱅크 3333-01-2345678 (예금주 토니)");
  put("판매자 연락처", "010-2468-1357");
  put("문자 보내는 번호", "010-2468-1357");
  put("문자 자동 발송", "솔라피");
  emu.scriptProperties.set("SOLAPI_API_KEY", KEY);
  emu.scriptProperties.set("SOLAPI_API_SECRET", SECRET);
  emu.scriptProperties.set("PEACH_SOLAPI_URL", PROVIDER);

  const fake = fakeSolapiState();
  const used = new Set<string>();
  const noon = dayStart + 12 * 3_600_000;
  let outage = false;
  let failed = 0;
  emu.urlFetch = (url, params) => {
    // One provider outage: the first request after noon answers 500.
    if (!outage && emu.now.getTime() >= noon) {
      outage = true;
      fake.mode = { kind: "500" };
    }
    try {
      const answer = answerUrlFetch(fake, used, KEY, SECRET, url, params, () => emu.now.getTime());
      if (answer.status !== 200)
        failed += (JSON.parse(params.payload ?? "{}") as { messages?: unknown[] }).messages?.length ?? 0;
      return answer;
    } finally {
      fake.mode = { kind: "ok" };
    }
  };

  // The evening before: everything the season left due goes (the day's maximum lifted for it).
  put("문자 하루 최대", 10_000);
  emu.now = new Date(dayStart - 4 * 3_600_000);
  emu.enforceLimits = false;
  emu.fireTimer("reconcile");
  emu.enforceLimits = true;
  put("문자 하루 최대", 200);
  const sentBefore = fake.accepted.length;
  if (sentBefore === 0 || fake.refusedAuth.length > 0)
    throw new Error(`sending did not start: ${sentBefore} sent, refused ${fake.refusedAuth.join(",")}`);
  fake.accepted.length = 0;
  failed = 0;

  /** The product's own plan over a copy of the cells, as it would be at `now` (uncharged). */
  const planAt = (now: Date) => {
    const workbook = new MemoryWorkbook();
    for (const key of ["orders", "settings", "events", "problems"] as const)
      workbook.addSheet(tab(key).name, emu.values(tab(key).name));
    const rows = emu
      .values("설정")
      .slice(1)
      .map(([label, value]) => ({ label, value }));
    const parsed = parseSettings(rows, seoulDateOf(now));
    if (!parsed.ok) throw new Error(parsed.error);
    return prepareSms(localHost(workbook, now), parsed.value, {
      credentials: null,
      baseUrl: PROVIDER,
      hmacSha256Hex: () => "",
    }).plan;
  };
  const seen: Record<Moment, { go: Set<string>; max: Set<string>; unverified: Set<string> }> = {
    dawn: { go: new Set(), max: new Set(), unverified: new Set() },
    evening: { go: new Set(), max: new Set(), unverified: new Set() },
    end: { go: new Set(), max: new Set(), unverified: new Set() },
  };
  const look = (moment: Moment) => {
    // Dawn and the end: what the next 08:00 would send (all of it waited for the night); the
    // evening: what waits for the day's maximum before the night begins.
    const at =
      moment === "dawn"
        ? new Date(dayStart + 8 * 3_600_000)
        : moment === "end"
          ? new Date(dayStart + 32 * 3_600_000)
          : emu.now;
    const plan = planAt(at);
    const max = SMS_REASON.dailyMax(200);
    for (const m of plan.send) seen[moment].go.add(m.id);
    for (const w of plan.waiting) {
      if (w.reason === max) seen[moment].max.add(w.id);
      if (w.reason === SMS_REASON.unverified) seen[moment].unverified.add(w.id);
    }
  };

  const report = (day: ExecutionRecord[], label: string): SmsDay => {
    const sending = day.filter((r) => r.calls["UrlFetchApp.fetch"]);
    // The longest sending run, with its parts (stderr: where the sending's time goes).
    const longest = [...sending].sort((a, b) => b.modelledMs - a.modelledMs)[0];
    if (longest)
      console.error(
        `${label}: longest sending run ${new Date(longest.startedAt).toISOString()} ${(longest.modelledMs / 1000).toFixed(2)} s: ` +
          `services ${(longest.serviceMs / 1000).toFixed(2)}, js ${(longest.jsMs / 1000).toFixed(2)}, lock wait ${(longest.lockWaitMs / 1000).toFixed(2)}, ` +
          `${longest.roundTrips} calls, read ${longest.cellsRead}, wrote ${longest.cellsWritten}; ${JSON.stringify(longest.calls)}`,
      );
    const types = fake.accepted.map((m) => (m.type ?? "SMS") as SmsType);
    const evening = seen.evening.max;
    const endGo = [...seen.end.go, ...seen.end.max];
    return {
      sendingRuns: sending.length,
      requests: sending.reduce((n, r) => n + (r.calls["UrlFetchApp.fetch"] ?? 0), 0),
      sendingRunMeanSeconds: Number(
        (sending.reduce((s, r) => s + r.modelledMs, 0) / Math.max(1, sending.length) / 1000).toFixed(2),
      ),
      sendingRunMaxSeconds: Number((Math.max(0, ...sending.map((r) => r.modelledMs)) / 1000).toFixed(2)),
      sent: fake.accepted.length,
      failed,
      waitedNight: seen.dawn.go.size + seen.dawn.max.size + endGo.filter((id) => !evening.has(id)).length,
      waitedDailyMax: evening.size,
      heldUnverified: seen.end.unverified.size,
      secretLeaks: [
        ...emu.spreadsheet.sheets.flatMap((sheet) => emu.values(sheet.getName()).flat()),
        ...emu.logs,
      ].filter((v) => typeof v === "string" && (v.includes(KEY) || v.includes(SECRET))).length,
      costKrw: types.reduce((won, t) => won + SMS_PRICE_KRW[t], 0),
      sms: types.filter((t) => t === "SMS").length,
      lms: types.filter((t) => t === "LMS").length,
    };
  };
  return { look, report };
}
