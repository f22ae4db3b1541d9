/**
 * 설정 and 출하 일정 are small and change rarely; an edit on 주문 and a reconcile that finds few
 * changes read them from the cache instead of the sheet (two round trips saved). Any edit on
 * either tab, and every full pass (the reconcile's, at least every 3 hours), reads them fresh and
 * refreshes the cache. The cached copy is removed before such a pass reads the sheet: the cache's
 * writes go out when the lock is released, so a run that dies before that leaves no copy older
 * than the sheet, and the next pass reads the tabs.
 */
import { parseCapacity } from "../domain/capacity";
import type { CalendarOverride } from "../domain/allocation";
import { parseSeoulDate, seoulDateOf } from "../domain/clock";
import type { Result } from "../domain/result";
import type { Settings } from "../domain/schemas";
import { parseSettings, type SettingRow } from "../domain/settings";
import { tab } from "../templates";
import type { Cell, Host } from "./port";
import { Table } from "./table";

const CACHE_KEY = "peach:small-tabs:v1";

export interface SmallTabs {
  settings: Result<Settings>;
  settingsValues: Cell[][];
  schedule: Table | null;
}

const encode = (values: Cell[][]): unknown[][] =>
  values.map((row) => row.map((v) => (v instanceof Date ? { d: v.getTime() } : v)));
const decode = (values: unknown[][]): Cell[][] =>
  values.map((row) =>
    row.map((v) => (v && typeof v === "object" && "d" in v ? new Date((v as { d: number }).d) : (v as Cell))),
  );

/** 설정's label/value rows, columns found by header. */
export function settingRows(values: Cell[][]): SettingRow[] {
  const table = new Table(tab("settings"), values);
  return Array.from({ length: table.rowCount }, (_, r) => ({
    label: table.get(r, "label"),
    value: table.get(r, "value"),
    description: table.get(r, "description"),
  }));
}

export function loadSmallTabs(host: Host, fresh: boolean): SmallTabs {
  let settingsValues: Cell[][] | null = null;
  let scheduleValues: Cell[][] | null = null;
  if (fresh) host.cache.remove(CACHE_KEY);
  else {
    const cached = host.cache.get(CACHE_KEY);
    if (cached) {
      const parsed = JSON.parse(cached) as { s: unknown[][]; c: unknown[][] | null };
      settingsValues = decode(parsed.s);
      scheduleValues = parsed.c ? decode(parsed.c) : null;
    }
  }
  if (settingsValues === null) {
    settingsValues = host.workbook.sheet(tab("settings").name)?.readAll() ?? [];
    scheduleValues = host.workbook.sheet(tab("schedule").name)?.readAll() ?? null;
    host.cache.put(
      CACHE_KEY,
      JSON.stringify({ s: encode(settingsValues), c: scheduleValues && encode(scheduleValues) }),
    );
  }
  return {
    settings: parseSettings(settingRows(settingsValues), seoulDateOf(host.now())),
    settingsValues,
    schedule: scheduleValues ? new Table(tab("schedule"), scheduleValues) : null,
  };
}

/** After the schedule tab was written, the cache must hold what the sheet holds. */
export function rememberSmallTabs(host: Host, tabs: SmallTabs): void {
  const schedule = tabs.schedule ? encode(tabs.schedule.snapshot()) : null;
  host.cache.put(CACHE_KEY, JSON.stringify({ s: encode(tabs.settingsValues), c: schedule }));
}

/** Per-date capacity and closed days from 출하 일정. */
/** The 출하 일정 cells whose capacity cannot be read, by data row. */
export function capacityProblems(
  schedule: Table | null,
  seasonYear: number,
): { r: number; date: string | null; message: string; raw: string }[] {
  if (!schedule) return [];
  const problems = [];
  for (let r = 0; r < schedule.rowCount; r++) {
    const cell = schedule.get(r, "capacity");
    if (cell === "") continue;
    const capacity = parseCapacity(cell);
    if (capacity.ok) continue;
    const date = parseSeoulDate(schedule.get(r, "date"), seasonYear);
    problems.push({
      r,
      date: date.ok ? date.value : null,
      message: `${capacity.error} (${date.ok ? date.value : `${schedule.sheetRow(r)}행`}: 고칠 때까지 그날은 출하하지 않습니다)`,
      raw: String(cell),
    });
  }
  return problems;
}

export function calendarOverrides(schedule: Table | null, seasonYear: number): CalendarOverride[] {
  if (!schedule) return [];
  const overrides: CalendarOverride[] = [];
  for (let r = 0; r < schedule.rowCount; r++) {
    const date = parseSeoulDate(schedule.get(r, "date"), seasonYear);
    if (!date.ok) continue;
    const capacityCell = schedule.get(r, "capacity");
    // An unreadable capacity ships nothing that day until it is fixed (it is listed in 오류).
    const capacity = capacityCell === "" ? null : parseCapacity(capacityCell);
    const closed = schedule.get(r, "closed") === true;
    if (closed || capacity !== null) {
      overrides.push({
        date: date.value,
        capacity: capacity === null ? null : capacity.ok ? capacity.value : 0,
        closed,
      });
    }
  }
  return overrides;
}
