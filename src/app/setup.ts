/**
 * Setup / repair of the tabs from sheets-templates/: what is missing, decided from the headers
 * that are there. Never touches existing data; a missing column goes after the last one, and
 * Tony's extra columns stay where they are.
 */
import type { SeoulDate } from "../domain/clock";
import { fillFirst, initialSettingRows, settingsChecklist } from "../domain/settings";
import type { Host } from "./port";
import { loadSmallTabs } from "./smallTabs";
import { TABS, type ColumnDef, type TabDef } from "../templates";

export interface TabRepair {
  tab: TabDef;
  /** The tab does not exist yet. */
  create: boolean;
  /** Columns to add, each with the 1-based column it goes to. */
  add: { column: ColumnDef; index: number }[];
  /** Rows to write below the header of a new tab (the default settings). */
  initialRows: unknown[][];
}

/** What a tab needs, from its header row (`existing`; undefined when the tab is missing). */
function repairOf(
  tab: TabDef,
  existing: readonly unknown[] | undefined,
  initialRows: unknown[][],
): TabRepair {
  const headers = (existing ?? []).map((h) => String(h ?? "").trim());
  const lastUsed = headers.reduce((last, h, i) => (h ? i + 1 : last), 0);
  const missing = tab.columns.filter((c) => !headers.includes(c.header));
  return {
    tab,
    create: existing === undefined,
    add: missing.map((column, i) => ({ column, index: lastUsed + i + 1 })),
    initialRows,
  };
}

/**
 * `headersByTab`: the header row of each existing tab (by tab name); absent = missing tab.
 * `today` sets the season a new 설정 tab starts with.
 */
export function planSetup(
  headersByTab: ReadonlyMap<string, readonly unknown[]>,
  today: SeoulDate,
): TabRepair[] {
  return TABS.map((tab) => {
    const existing = headersByTab.get(tab.name);
    const isNewSettings = existing === undefined && tab.key === "settings";
    return repairOf(tab, existing, isNewSettings ? initialSettingRows(today) : []);
  });
}

/**
 * A tab of the script's that someone deleted, made again exactly as setup makes a missing one
 * (the script never makes 설정 again: its values are Tony's, so a missing 설정 is a problem).
 */
export function recreateRepair(tab: TabDef): TabRepair {
  return repairOf(tab, undefined, []);
}

/** What Tony fills in 설정 before the season, as the lines `init` prints after making a workbook. */
export function setupChecklist(host: Host): string[] {
  const settings = loadSmallTabs(host, true).settings;
  if (!settings.ok) return [`설정 탭에 문제가 있습니다: ${settings.error}`];
  return [
    "설정 탭에서 먼저 채우고 확인할 것 ([ ] 채울 것, [?] 확인할 것):",
    ...settingsChecklist(settings.value).map((line) => `  ${line}`),
  ];
}

/** The one line the sheet's setup adds to its toast while 설정 still lacks what only Tony knows. */
export function setupReminder(host: Host): string | null {
  const settings = loadSmallTabs(host, true).settings;
  if (!settings.ok) return `설정 탭에 문제가 있습니다: ${settings.error}`;
  return fillFirst(settings.value, ["paymentInstructions", "sellerPhone", "senderAddress"]);
}
