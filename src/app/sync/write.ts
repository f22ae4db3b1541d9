/**
 * A pass's writes, each tab once: 주문's changed cells (Table.flush: only the script's columns,
 * never over a cell a person is typing in), 출하 일정's assigned and remaining boxes per day, and
 * 오늘 출하 cell-safe from the plan. 이력 and 오류 are the Journal's, the status views views.ts's.
 */
import { itemsOfDay } from "../../domain/harvest";
import type { DayUsage } from "../../domain/allocation";
import { addDays, koreanWeekday, parseSeoulDate, seoulMidnight, type SeoulDate } from "../../domain/clock";
import type { Settings } from "../../domain/schemas";
import { seasonYearOf } from "../../domain/settings";
import type { TodayPlan } from "../../domain/season/today";
import type { Journal } from "../journal";
import type { Host } from "../port";
import { capacityProblems } from "../smallTabs";
import type { Table } from "../table";
import { rememberTodayTab, todayTabDiffers, writeTodayTab } from "../today";

/** 오늘 출하 after a pass that read it: rewritten only where it differs from the plan. */
export function writeToday(host: Host, shown: Table, plan: TodayPlan, whole: boolean): void {
  if (whole || todayTabDiffers(shown, plan)) writeTodayTab(host, shown, plan, whole);
  else rememberTodayTab(host, plan); // it already shows the plan
}

/**
 * 출하 일정: one row per season day (missing ones added), with assigned and remaining boxes.
 * Returns whether a cell changed (only changed cells are written).
 */
export function writeSchedule(
  host: Host,
  schedule: Table,
  days: DayUsage[],
  settings: Settings,
  journal: Journal,
  checkProblems: boolean,
): boolean {
  const sheet = host.workbook.sheet(schedule.def.name);
  if (!sheet) return false; // made by scheduleTable at the start of the pass
  const seasonYear = seasonYearOf(settings);
  const rowOf = new Map<SeoulDate, number>();
  for (let r = 0; r < schedule.rowCount; r++) {
    const date = parseSeoulDate(schedule.get(r, "date"), seasonYear);
    if (date.ok) rowOf.set(date.value, r);
    if (checkProblems) journal.checked({ kind: "scheduleRow", r });
  }
  if (checkProblems) {
    for (const p of capacityProblems(schedule, seasonYear)) {
      journal.problem({
        key: { kind: "capacity", r: p.r },
        tab: schedule.def.name,
        field: "출하량(상자)",
        message: p.message,
        raw: p.raw,
      });
    }
  }
  for (let date = settings.seasonStart; date <= settings.seasonEnd; date = addDays(date, 1)) {
    if (rowOf.has(date)) continue;
    const r = schedule.addRow();
    schedule.set(r, "date", seoulMidnight(date));
    schedule.set(r, "closed", false);
    rowOf.set(date, r);
  }
  const usage = new Map(days.map((d) => [d.date, d]));
  for (const [date, r] of rowOf) {
    const day = usage.get(date);
    schedule.set(r, "weekday", koreanWeekday(date));
    schedule.set(r, "assigned", day?.assigned ?? 0);
    schedule.set(r, "remaining", (day?.capacity ?? 0) - (day?.assigned ?? 0));
    schedule.set(r, "items", itemsOfDay(day?.items, settings.harvest.itemLimits));
  }
  const changed = schedule.changedRows().size > 0;
  schedule.flush(sheet);
  return changed;
}
