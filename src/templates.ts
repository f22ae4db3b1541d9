/**
 * The one definition of every tab, column and setting: `sheets-templates/*.json`, typed.
 * Setup in Apps Script, the local workbook and the row codec all read it from here.
 */
import tabsJson from "../sheets-templates/tabs.json";
import settingsJson from "../sheets-templates/settings.json";

export type ColumnType = "text" | "phone" | "number" | "money" | "date" | "datetime" | "checkbox";
/** Who types into a column: the script writes only its own columns. */
export type Owner = "tony" | "tutu" | "script";
export type ListName = "payment" | "status" | "courier" | "items";
/** Word lists the code compares with but no column offers as a dropdown. */
type WordList = "source" | "delayAnswer";

export interface ColumnDef {
  key: string;
  header: string;
  type: ColumnType;
  width: number;
  owner: Owner;
  format?: string;
  hidden?: boolean;
  note?: string;
  validation?: { list?: ListName; checkbox?: boolean };
}

export type TabKey = "orders" | "today" | "schedule" | "settings" | "events" | "problems" | "views";

export interface TabDef {
  key: TabKey;
  name: string;
  /** 1-based row of the header; rows above it belong to the script (the today summary). */
  headerRow: number;
  protected?: boolean;
  /** The script's own tab, hidden from the tab bar (the customers' status views). */
  hidden?: boolean;
  columns: ColumnDef[];
}

export interface SettingDef {
  key: string;
  label: string;
  /** For a season date: month and day only (`07-13`); the year follows the clock. */
  value: string | number;
  description: string;
  /** What a filled value looks like; a value equal to it counts as not filled. */
  example?: string;
}

export const TABS = tabsJson.tabs as TabDef[];
export const LISTS = tabsJson.lists as Record<Exclude<ListName, "items"> | WordList, string[]>;
/** 주문 경로 of an order placed on the order page. */
export const WEB_SOURCE = LISTS.source[0]!;
export const SETTING_DEFS = settingsJson.settings as SettingDef[];

export function tab(key: TabKey): TabDef {
  const found = TABS.find((t) => t.key === key);
  if (!found) throw new Error(`unknown tab ${key}`);
  return found;
}

/** The Korean header of a column, for messages that name it. */
export function headerOf(tabKey: TabKey, columnKey: string): string {
  return tab(tabKey).columns.find((c) => c.key === columnKey)?.header ?? columnKey;
}
