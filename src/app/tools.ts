/**
 * Tony's and Tutu's daily tools as answers for a page (the Sheets sidebar and dialogs, or the
 * local tools page): the same use cases as the CLI, returned as `{ ok, … }` or a Korean error.
 */
import { COURIER_LAYOUTS, courierExport, courierNeeds, importTracking, type TrackingReport } from "./courier";
import { parsePasted, pastedProblem, toExcelCsv } from "./csv";
import { dueMessages, markSent, type DueMessage } from "./messages";
import type { Host } from "./port";
import { loadSmallTabs } from "./smallTabs";
import { sync } from "./sync";
import { headerOf, tab } from "../templates";

export type Answer<T> = ({ ok: true } & T) | { ok: false; error: string };

const SETTINGS_BROKEN = "설정 탭에 문제가 있습니다. 오류 탭을 보세요";

function settingsOf(host: Host) {
  const settings = loadSmallTabs(host, true).settings;
  return settings.ok ? settings.value : null;
}

export function messagesAnswer(host: Host, statusBaseUrl: string | null): Answer<{ messages: DueMessage[] }> {
  const settings = settingsOf(host);
  if (!settings) return { ok: false, error: SETTINGS_BROKEN };
  return { ok: true, messages: dueMessages(host, settings, settings.statusPageUrl || statusBaseUrl || "") };
}

/** "보냄" on one message: logged to 이력, and the list as it now stands. */
export function markSentAnswer(
  host: Host,
  id: unknown,
  statusBaseUrl: string | null,
): Answer<{ messages: DueMessage[] }> {
  const before = messagesAnswer(host, statusBaseUrl);
  if (!before.ok) return before;
  const message = before.messages.find((m) => m.id === String(id));
  if (message) markSent(host, [message]);
  return messagesAnswer(host, statusBaseUrl);
}

export function courierFileAnswer(
  host: Host,
  date: unknown,
  layoutKey: unknown,
): Answer<{ fileName: string; csv: string; count: number }> {
  const day = String(date ?? "");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return { ok: false, error: "날짜를 골라 주세요" };
  const key = String(layoutKey ?? "cj");
  const layout = COURIER_LAYOUTS[key];
  if (!layout) return { ok: false, error: "택배 양식을 골라 주세요" };
  const settings = settingsOf(host);
  if (!settings) return { ok: false, error: SETTINGS_BROKEN };
  const needs = courierNeeds(settings, key);
  if (needs) return { ok: false, error: needs };
  const rows = courierExport(host, settings, day, key);
  return {
    ok: true,
    fileName: `${layout.sheetName}_${day}.csv`,
    csv: toExcelCsv(rows),
    count: rows.length - 1,
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
