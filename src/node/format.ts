/** What the commands print: the demo plan, 오늘 출하 as Tutu sees it, rows needing attention. */
import { lookupStatus } from "../app/lookups";
import { sync, type SyncResult } from "../app/sync";
import type { Host } from "../app/port";
import type { HeldOrder } from "../app/messages";
import { isPaid, statusOf } from "../app/orderCells";
import { Table } from "../app/table";
import type { DayUsage } from "../domain/allocation";
import { koreanDate, seoulDateOf, type SeoulDate } from "../domain/clock";
import { itemsOfDay } from "../domain/harvest";
import { waitingReason } from "../domain/settings";
import { DEMO_ORDERS_AT, RECONCILE, localHost, writeDemoSeason } from "../local/demo";
import { MemoryWorkbook } from "../local/memoryWorkbook";
import { headerOf, tab } from "../templates";

/** The demo season the evening before it starts (DEMO_ORDERS_AT): every order in, nothing shipped yet. */
export function demoPlan(): SyncResult {
  const workbook = new MemoryWorkbook();
  workbook.setUp(seoulDateOf(DEMO_ORDERS_AT));
  const host = localHost(workbook, DEMO_ORDERS_AT);
  writeDemoSeason(host);
  return sync(host, RECONCILE)!;
}

/**
 * `확인이 필요한 줄 2줄:` and one line per problem (sheet row, column, reason). Counts rows, not
 * problems; `only` limits it to some rows (an import's own).
 */
export function attentionLines(result: SyncResult, only?: ReadonlySet<string>): string[] {
  const flagged = result.rows.filter((s) => s.problems.length > 0 && (!only || only.has(s.rowId)));
  if (flagged.length === 0) return [];
  const lines = [`확인이 필요한 줄 ${flagged.length}줄 (오류 탭에도 있습니다):`];
  for (const s of flagged)
    for (const p of s.problems)
      lines.push(`  ${result.table.sheetRow(s.r)}행 (${headerOf("orders", p.field)}) ${p.message}`);
  return lines;
}

/**
 * A day's boxes per item as 출하 일정's 품목별 배정 says them (`백도 4.5kg 12 · 천도 3kg 5/6`), or
 * "" when 설정 has no per-item lines (the day's total says it all) or nothing is assigned.
 */
export function dayItems(result: Pick<SyncResult, "settings">, day: DayUsage | undefined): string {
  return itemsOfDay(day?.items, result.settings.harvest.itemLimits);
}

/** The plan by day (`days` shipping days), then its counts, the waiting rows and why, and the problems. */
export function formatPlan(plan: SyncResult, days: number, today: SeoulDate): string {
  const lines: string[] = [];
  const text = (r: number, key: string) => plan.table.text(r, key);
  for (const day of plan.days.filter((d) => d.capacity > 0).slice(0, days)) {
    const items = dayItems(plan, day);
    lines.push(
      `■ ${koreanDate(day.date)}  출하량 ${day.capacity}상자 · 배정 ${day.assigned}상자${items ? ` (${items})` : ""} · ` +
        `남음 ${day.capacity - day.assigned}상자`,
    );
    plan.rows
      .filter((s) => s.shipDate === day.date)
      .sort((a, b) => (a.paidAt?.getTime() ?? 0) - (b.paidAt?.getTime() ?? 0) || a.r - b.r)
      .forEach((s, i) =>
        lines.push(
          `   ${String(i + 1).padStart(2)}. ${s.orderCode}  ${text(s.r, "recipientName")}  ${text(s.r, "item")} ${s.boxes}상자`,
        ),
      );
  }
  const split = plan.rows.filter((s) => s.problems.some((p) => p.kind === "tooLarge")).length;
  lines.push("");
  lines.push(
    `출하예정 ${plan.rows.filter((s) => s.shipDate).length}건 · 대기 ${plan.rows.filter((s) => s.status === "waitlisted").length}건 · ` +
      `나눠야 할 주문 ${split}건 · 입금 전 ${plan.rows.filter((s) => !s.paid).length}건`,
  );
  const waiting = plan.rows.filter((s) => s.status === "waitlisted");
  if (waiting.length > 0) lines.push("대기 이유:");
  for (const s of waiting)
    lines.push(
      `  ${s.orderCode}  ${text(s.r, "recipientName")}  ${text(s.r, "item")} ${s.boxes}상자: ` +
        waitingReason(plan.settings, today, [text(s.r, "item")]),
    );
  lines.push(...attentionLines(plan));
  return lines.join("\n");
}

/**
 * 오늘 출하 as Tutu sees it, memos included; with the pass that wrote it and its date, the day's
 * boxes per item under the top line (when 설정 has per-item lines).
 */
export function formatToday(host: Host, pass?: { result: SyncResult | null; date: SeoulDate }): string {
  const sheet = host.workbook.sheet(tab("today").name);
  if (!sheet) return "";
  const today = Table.read(tab("today"), sheet);
  const tick = (r: number, key: string) =>
    `${headerOf("today", key)}${today.get(r, key) === true ? "✓" : "·"}`;
  const lines = [String(today.at(1, 1))];
  const items = pass?.result
    ? dayItems(
        pass.result,
        pass.result.days.find((d) => d.date === pass.date),
      )
    : "";
  if (items) lines.push(`  ${headerOf("schedule", "items")}: ${items}`);
  let listed = 0;
  for (let r = 0; r < today.rowCount; r++) {
    if (!today.text(r, "rowId")) continue;
    listed++;
    const t = (key: string) => today.text(r, key);
    lines.push(
      `  ${t("seq").padStart(2)}. ${t("orderCode")} ${t("recipientName")} ${t("recipientPhone")} ${t("item")} ${t("boxes")}상자  ` +
        `${tick(r, "harvested")} ${tick(r, "packed")} ${tick(r, "shipped")}` +
        (t("trackingNumber") ? `  ${t("courier")} ${t("trackingNumber")}` : ""),
    );
    lines.push(`      ${t("address")}`);
    if (t("memo")) lines.push(`      ${headerOf("today", "memo")}: ${t("memo")}`);
  }
  if (listed === 0) lines.push("  이날 보낼 주문이 없습니다");
  return lines.join("\n");
}

/** `messages`: the orders (or rows) it left out, and why. */
export function heldLines(held: HeldOrder[]): string[] {
  if (held.length === 0) return [];
  return [
    `메시지에서 뺀 주문 ${held.length}건:`,
    ...held.map((h) => `  ${h.orderCode} ${h.ordererName}님 (${h.sheetRows.join(", ")}행): ${h.reason}`),
  ];
}

/** Two lookups a customer could make: by number and phone, and by the token link. */
export function exampleLookups(host: Host, baseUrl: string): string {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return "";
  const orders = Table.read(tab("orders"), sheet);
  const all = Array.from({ length: orders.rowCount }, (_, r) => r);
  const shipped = all.find((r) => statusOf(orders, r) === "shipped") ?? 0;
  const waiting = all.find((r) => !isPaid(orders, r) && orders.text(r, "check") === "") ?? 1;
  const lines = ["고객 조회 예시:"];
  for (const r of [shipped, waiting]) {
    if (r >= orders.rowCount) continue;
    const code = orders.text(r, "orderCode");
    const last4 = orders.text(r, "ordererPhone").slice(-4);
    const answer = lookupStatus(host, code, last4);
    const summary = answer.ok
      ? answer.view.recipients
          .map((r) => `${r.name} ${r.status}${r.shipDate ? ` (${r.shipDate})` : ""}`)
          .join(", ")
      : answer.error;
    lines.push(
      `  주문번호 ${code} + 전화 뒷자리 ${last4} → ${answer.ok && !answer.view.paid ? "입금 대기 · " : ""}${summary}`,
    );
    lines.push(`  링크: ${baseUrl}/?t=${orders.text(r, "token")}`);
  }
  return lines.join("\n");
}
