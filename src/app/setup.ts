/**
 * Setup / repair of the tabs from sheets-templates/: what is missing, decided from the headers
 * that are there. Never touches existing data; a missing column goes after the last one, and
 * Tony's extra columns stay where they are.
 */
import { SETTING_DEFS, TABS, type ColumnDef, type TabDef } from "../templates";

export interface TabRepair {
  tab: TabDef;
  /** The tab does not exist yet. */
  create: boolean;
  /** Columns to add, each with the 1-based column it goes to. */
  add: { column: ColumnDef; index: number }[];
  /** Rows to write below the header of a new tab (the default settings). */
  initialRows: unknown[][];
}

/** `headersByTab`: the header row of each existing tab (by tab name); absent = missing tab. */
export function planSetup(headersByTab: ReadonlyMap<string, readonly unknown[]>): TabRepair[] {
  return TABS.map((tab) => {
    const existing = headersByTab.get(tab.name);
    const headers = (existing ?? []).map((h) => String(h ?? "").trim());
    const lastUsed = headers.reduce((last, h, i) => (h ? i + 1 : last), 0);
    const missing = tab.columns.filter((c) => !headers.includes(c.header));
    return {
      tab,
      create: existing === undefined,
      add: missing.map((column, i) => ({ column, index: lastUsed + i + 1 })),
      initialRows:
        existing === undefined && tab.key === "settings"
          ? SETTING_DEFS.map((d) => [d.label, d.value, d.description])
          : [],
    };
  });
}
