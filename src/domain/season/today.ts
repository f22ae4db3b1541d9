/**
 * 오늘 출하 as a decision plans it: a summary line, then the day's shipments in shipping order
 * (payment order), one line per shipment (all its rows, every item), named by its lead row's id.
 * The app writes the plan cell-safe (app/today.ts); Tutu's ticks come back through ticks.ts.
 */
import type { DayUsage } from "../allocation";
import { koreanDate, type SeoulDate } from "../clock";
import type { Settings, Status } from "../schemas";
import { outOfSeason } from "../settings";
import { itemsShort } from "../shipments";
import type { Cell, Grid } from "./grid";
import type { RowState } from "./state";

/** How far a shipment has come on Tutu's tick boxes. */
export const TICK_RANK: Partial<Record<Status, number>> = {
  harvested: 1,
  packed: 2,
  shipped: 3,
  delivered: 4,
};

export interface TodayPlan {
  date: SeoulDate;
  summary: string;
  rows: Record<string, Cell>[];
  signature: string;
}

export function planToday(
  groups: readonly RowState[][],
  orders: Pick<Grid, "text">,
  days: readonly DayUsage[],
  date: SeoulDate,
  settings: Settings,
): TodayPlan {
  const day = days.find((d) => d.date === date);
  const shipments = groups
    .map((group) => group.filter((s) => s.shipDate === date && s.status !== "cancelled"))
    .filter((group) => group.length > 0)
    .sort(
      (a, b) =>
        (a[0]!.paidAt?.getTime() ?? 0) - (b[0]!.paidAt?.getTime() ?? 0) ||
        (a[0]!.rowId < b[0]!.rowId ? -1 : 1),
    );
  const summary = todaySummary(date, day, shipments.length, settings);
  const list = shipments.map((group, i) => {
    const s = group[0]!;
    const rank = Math.min(...group.map((m) => TICK_RANK[m.status] ?? 0));
    const postal = orders.text(s.r, "postalCode");
    const memos = [...new Set(group.map((m) => orders.text(m.r, "memo")).filter(Boolean))];
    return {
      seq: i + 1,
      orderCode: s.orderCode,
      recipientName: orders.text(s.r, "recipientName"),
      recipientPhone: orders.text(s.r, "recipientPhone"),
      address: postal ? `(${postal}) ${orders.text(s.r, "address")}` : orders.text(s.r, "address"),
      item: itemsShort(group.map((m) => ({ item: orders.text(m.r, "item"), boxes: m.boxes }))),
      boxes: group.reduce((sum, m) => sum + m.boxes, 0),
      harvested: rank >= 1,
      packed: rank >= 2,
      shipped: rank >= 3,
      courier: orders.text(s.r, "courier"),
      trackingNumber: orders.text(s.r, "trackingNumber"),
      memo: memos.join(" / "),
      rowId: s.rowId,
      recorded: JSON.stringify({
        s: group.find((m) => (TICK_RANK[m.status] ?? 0) === rank)!.status,
        c: orders.text(s.r, "courier"),
        t: orders.text(s.r, "trackingNumber"),
      }),
    } satisfies Record<string, Cell>;
  });
  return { date, summary, rows: list, signature: JSON.stringify([summary, list]) };
}

/** The tab's top line: the day's capacity, what is assigned and how many places it goes to. */
export function todaySummary(
  date: SeoulDate,
  day: DayUsage | undefined,
  places: number,
  settings: Settings,
): string {
  const capacity = day?.capacity ?? 0;
  const assigned = day?.assigned ?? 0;
  // A day with nothing to ship says why, rather than "출하량 0상자".
  const offDay = places > 0 ? null : outOfSeason(settings, date);
  return offDay
    ? `${koreanDate(date)} · ${offDay}`
    : `${koreanDate(date)} 출하 · 출하량 ${capacity}상자 · 배정 ${assigned}상자 · 남음 ${capacity - assigned}상자 · ` +
        `${places}곳`;
}
