/**
 * Tony's and Tutu's daily tools as answers for a page (the Sheets sidebar and dialogs, or the
 * local tools page): the same use cases as the CLI, returned as `{ ok, … }` or a Korean error.
 */
import {
  COURIER_LAYOUTS,
  courierExport,
  courierNeeds,
  importTracking,
  type HeldBooking,
  type TrackingReport,
} from "./courier";
import { parsePasted, pastedProblem, toExcelCsv } from "./csv";
import { dueMessages, markSent, type DueMessage } from "./messages";
import type { Host } from "./port";
import { loadSmallTabs } from "./smallTabs";
import { smsOverview, type SmsOverview } from "./sms";
import type { SmsStatus } from "../domain/sms";
import { sync } from "./sync";
import { Table } from "./table";
import { headerOf, SETTING_DEFS, tab } from "../templates";

const SMS_SENDING_LABEL = SETTING_DEFS.find((d) => d.key === "smsSending")!.label;

export type Answer<T> = ({ ok: true } & T) | { ok: false; error: string };

const SETTINGS_BROKEN = "설정 탭에 문제가 있습니다. 오류 탭을 보세요";

function settingsOf(host: Host) {
  const settings = loadSmallTabs(host, true).settings;
  return settings.ok ? settings.value : null;
}

/** A due message with what sending says of it (issue 24: sent, failed and why, or waits and why). */
export type ShownMessage = DueMessage & { sms?: SmsStatus };
type MessagesAnswer = Answer<{ messages: ShownMessage[]; sms: Omit<SmsOverview, "statuses"> }>;

/** `hasKey`: the host holds the provider's key and secret (script properties, or the environment). */
export function messagesAnswer(host: Host, statusBaseUrl: string | null, hasKey = false): MessagesAnswer {
  const settings = settingsOf(host);
  if (!settings) return { ok: false, error: SETTINGS_BROKEN };
  const due = dueMessages(host, settings, settings.statusPageUrl || statusBaseUrl || "");
  const { statuses, ...sms } = smsOverview(host, settings, due, hasKey);
  return { ok: true, messages: due.map((m) => (statuses[m.id] ? { ...m, sms: statuses[m.id] } : m)), sms };
}

/** "보냄" on one message: logged to 이력, and the list as it now stands. */
export function markSentAnswer(
  host: Host,
  id: unknown,
  statusBaseUrl: string | null,
  hasKey = false,
): MessagesAnswer {
  const before = messagesAnswer(host, statusBaseUrl, hasKey);
  if (!before.ok) return before;
  const message = before.messages.find((m) => m.id === String(id));
  if (message) markSent(host, [message]);
  return messagesAnswer(host, statusBaseUrl, hasKey);
}

/**
 * The pause switch: writes 설정 '문자 자동 발송' as 멈춤 (`pause`) or back to 솔라피 (`resume`),
 * the same cell Tony can type in; every sending run reads it fresh. Off (아니오) stays off: the
 * switch never turns sending on by itself.
 */
export function smsPauseAnswer(
  host: Host,
  action: unknown,
  statusBaseUrl: string | null,
  hasKey = false,
): MessagesAnswer {
  const settings = settingsOf(host);
  if (!settings) return { ok: false, error: SETTINGS_BROKEN };
  if (settings.smsSending === "off")
    return { ok: false, error: "설정 '문자 자동 발송'이 아니오입니다. 솔라피로 바꾸면 문자를 보냅니다" };
  if (action !== "pause" && action !== "resume")
    return { ok: false, error: "멈춤 또는 다시 보내기를 골라 주세요" };
  const sheet = host.workbook.sheet(tab("settings").name)!;
  // 설정's columns by header, as every reader finds them: Tony may have moved them.
  const settingsTab = Table.read(tab("settings"), sheet);
  let r = 0;
  while (r < settingsTab.rowCount && settingsTab.text(r, "label") !== SMS_SENDING_LABEL) r++;
  if (r === settingsTab.rowCount || !settingsTab.has("value")) return { ok: false, error: SETTINGS_BROKEN };
  settingsTab.set(r, "value", action === "pause" ? "멈춤" : "솔라피");
  settingsTab.flush(sheet);
  loadSmallTabs(host, true);
  return messagesAnswer(host, statusBaseUrl, hasKey);
}

export function courierFileAnswer(
  host: Host,
  date: unknown,
  layoutKey: unknown,
): Answer<{ fileName: string; csv: string; count: number; held: string[] }> {
  const day = String(date ?? "");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return { ok: false, error: "날짜를 골라 주세요" };
  const key = String(layoutKey ?? "cj");
  const layout = COURIER_LAYOUTS[key];
  if (!layout) return { ok: false, error: "택배 양식을 골라 주세요" };
  const settings = settingsOf(host);
  if (!settings) return { ok: false, error: SETTINGS_BROKEN };
  const needs = courierNeeds(settings, key);
  if (needs) return { ok: false, error: needs };
  const held: HeldBooking[] = [];
  const rows = courierExport(host, settings, day, key, held);
  const heldText = held.map((h) => `${h.sheetRow}행 ${h.recipientName}: ${h.reason}`);
  if (rows.length <= 1)
    return {
      ok: false,
      error: ["보낼 묶음이 없습니다", ...heldText].join("\n"),
    };
  return {
    ok: true,
    fileName: `${layout.sheetName}_${day}.csv`,
    csv: toExcelCsv(rows),
    count: rows.length - 1,
    held: heldText,
  };
}

/** The courier's result pasted from its spreadsheet (or a CSV): matched, shipped, logged. */
export function trackingAnswer(
  host: Host,
  text: unknown,
  date: unknown,
  courier: unknown,
): Answer<{ report: TrackingReport }> {
  // No date: every shipment not yet sent, whatever its day.
  const day = String(date ?? "") || null;
  if (day !== null && !/^\d{4}-\d{2}-\d{2}$/.test(day)) return { ok: false, error: "날짜를 골라 주세요" };
  const pasted = String(text ?? "");
  if (!pasted.trim()) return { ok: false, error: "택배사 결과를 붙여 넣어 주세요" };
  const parsed = parsePasted(pasted);
  if (!parsed.ok) return { ok: false, error: pastedProblem(parsed) };
  let report: TrackingReport;
  try {
    report = importTracking(host, parsed.rows, day, String(courier ?? "") || "CJ대한통운", parsed.lines);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  sync(host, { kind: "edit", tab: "orders" });
  return { ok: true, report };
}

/** 오늘 출하 as it stands, for the printable list. */
export function todayListAnswer(
  host: Host,
): Answer<{ summary: string; header: string[]; rows: unknown[][] }> {
  const sheet = host.workbook.sheet(tab("today").name);
  if (!sheet) return { ok: false, error: "오늘 출하 탭이 없습니다" };
  const values = sheet.readAll();
  const headerRow = tab("today").headerRow;
  const keys = tab("today")
    .columns.filter((c) => !c.hidden && c.key !== "recorded")
    .map((c) => c.header);
  const header = (values[headerRow - 1] ?? []).map(String);
  const rows = values
    .slice(headerRow)
    .filter((row) => row[header.indexOf(headerOf("today", "rowId"))])
    .map((row) => keys.map((h) => row[header.indexOf(h)] ?? ""));
  return { ok: true, summary: String(values[0]?.[0] ?? ""), header: keys, rows };
}
