/**
 * Rain or a cold spell pushes a harvest back (issue 21, point 5): Tony names the item (or 전체),
 * the days and why. 설정's window of each item moves from today on, then a full pass moves every
 * shipment of it not yet worked on by those days (payment order kept, each day's capacity held),
 * logs `출하일 변경` with the reason, and drafts the customers' messages.
 */
import { addDays, seoulDateOf, type SeoulDate } from "../domain/clock";
import { delayedWindows, type HarvestDelay } from "../domain/harvest";
import type { Settings } from "../domain/schemas";
import { matchItem } from "../domain/settings";
import { tab } from "../templates";
import type { Host } from "./port";
import { loadSmallTabs } from "./smallTabs";
import { sync } from "./sync";
import { Table } from "./table";

export const ALL_ITEMS = "전체";
export const MAX_DELAY_DAYS = 30;

export interface DelayRequest {
  item: string;
  days: number;
  reason: string;
}

export interface DelayReport {
  /** The 설정 lines written, as `수확 기간: 황도 4.5kg = 08-15~09-13`. */
  windows: string[];
  moved: { orderCode: string; rowId: string; from: SeoulDate; to: SeoulDate | null }[];
  waitlisted: { orderCode: string; rowId: string; from: SeoulDate }[];
}

export type DelayAnswer = { ok: true; report: DelayReport } | { ok: false; error: string };

/** The items a request names: one of 설정's (as Tony types it), or every item. */
function itemsOf(settings: Settings, item: string): string[] | string {
  if (item.trim() === ALL_ITEMS) return settings.items.map((i) => i.name);
  const found = matchItem(settings, item);
  return found.ok ? [found.value.name] : found.error;
}

export function delayHarvest(host: Host, request: DelayRequest): DelayAnswer {
  const days = Number(request.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DELAY_DAYS)
    return {
      ok: false,
      error: `미룰 날수는 1에서 ${MAX_DELAY_DAYS} 사이의 정수로 적어 주세요: "${request.days}"`,
    };
  const small = loadSmallTabs(host, true);
  if (!small.settings.ok) return { ok: false, error: `설정 탭에 문제가 있습니다: ${small.settings.error}` };
  const settings = small.settings.value;
  const items = itemsOf(settings, String(request.item ?? ""));
  if (typeof items === "string") return { ok: false, error: items };
  const reason = String(request.reason ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 60);
  const delay: HarvestDelay = { items, days, reason };
  const today = seoulDateOf(host.now());
  const lines = delayedWindows(settings, delay, today, addDays);
  if (lines.length === 0) return { ok: false, error: "수확 기간이 이미 끝난 품목이라 미룰 것이 없습니다" };

  const sheet = host.workbook.sheet(tab("settings").name)!;
  const values = sheet.readAll();
  for (const line of lines) {
    const at = values.findIndex((r) => String(r[0] ?? "").trim() === line.label);
    if (at >= 0) sheet.write(at + 1, 2, [[line.value]]);
    else {
      sheet.write(values.length + 1, 1, [[line.label, line.value, "수확 미루기로 바뀐 기간"]]);
      values.push([line.label, line.value]);
    }
  }

  // 주문 is read once: the pass decides on this table and changes it as it writes the tab, so
  // after the pass it holds what 주문 now says (at 20,000 rows each whole read is 540,000 cells).
  const ordersSheet = host.workbook.sheet(tab("orders").name);
  const orders = ordersSheet ? Table.read(tab("orders"), ordersSheet) : null;
  const before = orders ? datesOf(orders) : new Map();
  sync(host, { kind: "reconcile", rebuildToday: true, delay, ...(orders ? { orders } : {}) });
  const after = orders ? datesOf(orders) : new Map();
  const moved: DelayReport["moved"] = [];
  const waitlisted: DelayReport["waitlisted"] = [];
  for (const [rowId, was] of before) {
    const now = after.get(rowId);
    if (!was.date || !now || now.date === was.date) continue;
    if (now.date) moved.push({ orderCode: now.code, rowId, from: was.date, to: now.date });
    else waitlisted.push({ orderCode: now.code, rowId, from: was.date });
  }
  return { ok: true, report: { windows: lines.map((l) => `${l.label} = ${l.value}`), moved, waitlisted } };
}

function datesOf(orders: Table): Map<string, { code: string; date: SeoulDate | null }> {
  const out = new Map<string, { code: string; date: SeoulDate | null }>();
  for (let r = 0; r < orders.rowCount; r++) {
    const id = orders.text(r, "rowId");
    const v = orders.get(r, "shipDate");
    if (id)
      out.set(id, { code: orders.text(r, "orderCode"), date: v instanceof Date ? seoulDateOf(v) : null });
  }
  return out;
}
