/**
 * 설정 and 출하 일정 are small and change rarely; an edit on 주문 reads them from the cache
 * instead of the sheet (two round trips saved). Any edit on either tab, and every reconcile,
 * reads them fresh and refreshes the cache, so the cache is never older than the last reconcile.
 */
import type { CalendarOverride } from "../domain/allocation";
import { parseSeoulDate } from "../domain/clock";
import type { Result } from "../domain/result";
import type { Settings } from "../domain/schemas";
import { parseSettings } from "../domain/settings";
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

export function loadSmallTabs(host: Host, fresh: boolean): SmallTabs {
  let settingsValues: Cell[][] | null = null;
  let scheduleValues: Cell[][] | null = null;
  if (!fresh) {
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
  const settingsTable = new Table(tab("settings"), settingsValues);
  const rows = Array.from({ length: settingsTable.rowCount }, (_, r) => ({
    label: settingsTable.get(r, "label"),
    value: settingsTable.get(r, "value"),
  }));
  return {
    settings: parseSettings(rows),
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
export function calendarOverrides(schedule: Table | null, seasonYear: number): CalendarOverride[] {
  if (!schedule) return [];
  const overrides: CalendarOverride[] = [];
  for (let r = 0; r < schedule.rowCount; r++) {
    const date = parseSeoulDate(schedule.get(r, "date"), seasonYear);
    if (!date.ok) continue;
    const capacityCell = schedule.get(r, "capacity");
    const capacity = capacityCell === "" ? null : Number(capacityCell);
    const closed = schedule.get(r, "closed") === true;
    if (closed || (capacity !== null && Number.isInteger(capacity) && capacity >= 0)) {
      overrides.push({
        date: date.value,
        capacity: capacity !== null && Number.isInteger(capacity) && capacity >= 0 ? capacity : null,
        closed,
      });
    }
  }
  return overrides;
}
