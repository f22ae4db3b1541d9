/**
 * 오늘 출하, the tab Tutu watches instead of printouts: a summary line, then the day's shipments
 * in shipping order (payment order) with tick boxes for 수확 / 포장 / 발송 and cells for 택배사 and
 * 송장번호. Ticks and numbers flow back to 주문; ticking 발송 alone implies the earlier steps.
 */
import type { DayUsage } from "../domain/allocation";
import { koreanDate, type SeoulDate } from "../domain/clock";
import { EVENT } from "../domain/events";
import type { Status } from "../domain/schemas";
import { statusLabel, transition } from "../domain/status";
import { normalizeTrackingNumber } from "../domain/validation";
import { tab } from "../templates";
import type { Journal } from "./journal";
import type { Cell, Host } from "./port";
import type { RowState } from "./sync";
import { Table } from "./table";

const RANK: Partial<Record<Status, number>> = { harvested: 1, packed: 2, shipped: 3, delivered: 4 };
const SIGNATURE_KEY = "peach:today-signature:v1";

export interface TodayPlan {
  date: SeoulDate;
  summary: string;
  rows: Record<string, Cell>[];
  signature: string;
}

export function planToday(rows: RowState[], orders: Table, days: DayUsage[], date: SeoulDate): TodayPlan {
  const day = days.find((d) => d.date === date);
  const shipments = rows
    .filter((s) => s.shipDate === date && s.status !== "cancelled")
    .sort((a, b) => (a.paidAt?.getTime() ?? 0) - (b.paidAt?.getTime() ?? 0) || (a.rowId < b.rowId ? -1 : 1));
  const capacity = day?.capacity ?? 0;
  const assigned = day?.assigned ?? 0;
  const summary =
    `${koreanDate(date)} 출하 · 출하량 ${capacity}상자 · 배정 ${assigned}상자 · 남음 ${capacity - assigned}상자 · ` +
    `${shipments.length}곳`;
  const list = shipments.map((s, i) => {
    const rank = RANK[s.status] ?? 0;
    const postal = orders.text(s.r, "postalCode");
    return {
      seq: i + 1,
      orderCode: s.orderCode,
      recipientName: orders.text(s.r, "recipientName"),
      recipientPhone: orders.text(s.r, "recipientPhone"),
      address: postal ? `(${postal}) ${orders.text(s.r, "address")}` : orders.text(s.r, "address"),
      item: orders.text(s.r, "item"),
      boxes: s.boxes,
      harvested: rank >= 1,
      packed: rank >= 2,
      shipped: rank >= 3,
      courier: orders.text(s.r, "courier"),
      trackingNumber: orders.text(s.r, "trackingNumber"),
      memo: orders.text(s.r, "memo"),
      rowId: s.rowId,
      recorded: JSON.stringify({
        s: s.status,
        c: orders.text(s.r, "courier"),
        t: orders.text(s.r, "trackingNumber"),
      }),
    } satisfies Record<string, Cell>;
  });
  return { date, summary, rows: list, signature: JSON.stringify([summary, list]) };
}

export function todayTabChanged(host: Host, plan: TodayPlan): boolean {
  return host.cache.get(SIGNATURE_KEY) !== plan.signature;
}

/** The tab shows this plan now: an edit that leaves the plan as it is need not read the tab. */
export function rememberTodayTab(host: Host, plan: TodayPlan): void {
  host.cache.put(SIGNATURE_KEY, plan.signature);
}

export function readTodayTab(host: Host): Table | null {
  const sheet = host.workbook.sheet(tab("today").name);
  return sheet ? Table.read(tab("today"), sheet) : null;
}

/**
 * Tutu's ticks and tracking numbers, carried to 주문 by row id. Only what differs from what the
 * script last showed in the row (its hidden 기록 cell) is Tutu's: a stale tick never undoes a
 * correction Tony made in 주문 meanwhile.
 */
export function applyTodayTicks(
  today: Table,
  orders: Table,
  rows: RowState[],
  journal: Journal,
  now: Date,
): void {
  const byId = new Map(rows.map((s) => [s.rowId, s]));
  for (let r = 0; r < today.rowCount; r++) {
    const s = byId.get(today.text(r, "rowId"));
    if (!s) continue;
    const shown = parseShown(today.text(r, "recorded"));
    const ticked: Status | null =
      today.get(r, "shipped") === true
        ? "shipped"
        : today.get(r, "packed") === true
          ? "packed"
          : today.get(r, "harvested") === true
            ? "harvested"
            : null;
    const wanted = ticked ? RANK[ticked]! : 0;
    const current = RANK[s.status] ?? 0;
    if (wanted !== Math.min(RANK[shown.s] ?? 0, RANK.shipped!)) {
      if (ticked && wanted > current && s.status !== "cancelled") {
        const move = transition(s.status, ticked, "tutu");
        if (move.allowed) {
          for (const step of [...move.implied, ticked]) {
            journal.log({
              actor: "tutu",
              orderCode: s.orderCode,
              rowId: s.rowId,
              event: EVENT.status,
              from: statusLabel(s.status),
              to: statusLabel(step),
              detail: step === ticked ? "" : "함께 처리됨",
            });
            s.status = step;
          }
        }
      } else if (wanted < current && current < RANK.delivered!) {
        journal.incident(
          {
            tab: today.def.name,
            orderCode: s.orderCode,
            rowId: s.rowId,
            field: "진행상태",
            message: `${statusLabel(s.status)}에서 되돌리는 것은 토니가 주문 탭의 진행상태에서 합니다`,
            raw: ticked ? statusLabel(ticked) : "",
          },
          now,
        );
      }
    }
    const courier = today.text(r, "courier");
    if (courier !== shown.c && courier && courier !== orders.text(s.r, "courier")) {
      journal.log({
        actor: "tutu",
        orderCode: s.orderCode,
        rowId: s.rowId,
        event: EVENT.tracking,
        from: orders.text(s.r, "courier"),
        to: courier,
        detail: "택배사",
      });
      orders.set(s.r, "courier", courier);
    }
    const typed = today.text(r, "trackingNumber");
    if (typed === shown.t || typed === "" || typed === orders.text(s.r, "trackingNumber")) continue;
    const tracking = normalizeTrackingNumber(today.get(r, "trackingNumber"));
    if (!tracking.ok) {
      journal.incident(
        {
          tab: today.def.name,
          orderCode: s.orderCode,
          rowId: s.rowId,
          field: "송장번호",
          message: `송장번호: ${tracking.error}`,
          raw: typed,
        },
        now,
      );
      continue;
    }
    if (tracking.value !== orders.text(s.r, "trackingNumber")) {
      journal.log({
        actor: "tutu",
        orderCode: s.orderCode,
        rowId: s.rowId,
        event: EVENT.tracking,
        from: orders.text(s.r, "trackingNumber"),
        to: tracking.value,
        detail: "송장번호",
      });
      orders.set(s.r, "trackingNumber", tracking.value);
    }
  }
}

/** What the script last showed in a row of the tab; a row without it counts as unticked. */
function parseShown(text: string): { s: Status; c: string; t: string } {
  try {
    const parsed = JSON.parse(text) as { s: Status; c: string; t: string };
    if (parsed && typeof parsed.s === "string") return parsed;
  } catch {
    // an old or damaged cell: treat as nothing shown
  }
  return { s: "scheduled", c: "", t: "" };
}

/** Whether the tab shows something else than the plan (a tick Tutu made that was refused). */
export function todayTabDiffers(today: Table, plan: TodayPlan): boolean {
  if (today.at(1, 1) !== plan.summary) return true;
  for (let r = plan.rows.length; r < today.rowCount; r++) if (today.text(r, "rowId")) return true;
  return plan.rows.some((row, r) =>
    today.def.columns.some((c) => String(today.get(r, c.key)) !== String(row[c.key] ?? "")),
  );
}

/** Rewrites the tab from row 1 in one block; rows left over from a longer list are blanked. */
export function writeTodayTab(host: Host, today: Table, plan: TodayPlan): void {
  const sheet = host.workbook.sheet(today.def.name);
  if (!sheet) return;
  const columns = today.def.columns;
  const width = columns.length;
  const blank = (key: string): Cell => (columns.find((c) => c.key === key)?.type === "checkbox" ? false : "");
  const body = plan.rows.map((row) => columns.map((c) => row[c.key] ?? ""));
  const leftover = Math.max(0, today.rowCount - plan.rows.length);
  for (let i = 0; i < leftover; i++) body.push(columns.map((c) => blank(c.key)));
  const summary: Cell[] = [plan.summary, ...Array.from({ length: width - 1 }, () => "")];
  const header = columns.map((c) => c.header);
  sheet.write(1, 1, [summary, header, ...body]);
  rememberTodayTab(host, plan);
}
