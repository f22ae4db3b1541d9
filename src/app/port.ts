/**
 * The Workbook port: what the application layer needs from a spreadsheet, in batches. Apps
 * Script (src/gas) and the local .xlsx workbook implement it; each method is one round trip
 * or two at most, whatever the number of rows.
 */
import type { RandomBytes } from "../domain/codes";
import type { TickTimeOf } from "../domain/tickNotes";
import type { TabDef } from "../templates";

/** A cell as spreadsheets return it: Date for dates, boolean for tick boxes, "" for blanks. */
export type { Cell } from "../domain/season/grid";
import type { Cell } from "../domain/season/grid";

export interface SheetPort {
  readonly name: string;
  /** Every value from A1 to the last used row and column. */
  readAll(): Cell[][];
  /**
   * One row (1-based): its first `width` cells, or up to the last used column when `width` is
   * 0 or more than the tab has. A header, without reading the whole tab.
   */
  readRow(row: number, width?: number): Cell[];
  /**
   * Rows `first` to `first + count - 1` (1-based), `width` cells each: one round trip, so an edit
   * reads the rows it needs and not the whole tab.
   */
  readRows(first: number, count: number, width: number): Cell[][];
  /**
   * The 1-based rows, from `fromRow` down, whose cell in `column` shows exactly `text` (case and
   * whole cell): Sheets' TextFinder, one round trip that moves only the matches, whatever the
   * tab's size. Meant for codes and ids written as text. `match: "word"` finds `text` as one of
   * the space-separated words of a cell (a cell of several access tokens): Sheets searches for
   * it within the cell, so the caller checks the words of the rows it then reads.
   */
  findRows(column: number, text: string, fromRow: number, match?: "cell" | "word"): number[];
  /**
   * The rows whose cell in `column` is exactly one of `texts` (case and whole cell), in sheet
   * order: in Apps Script one TextFinder call with a regular expression, where findRows would be
   * one call per text. Hosts without round trips need not offer it (see findRowsOfAny).
   */
  findAny?(column: number, texts: readonly string[], fromRow: number): number[];
  /** The last 1-based row holding a value (0 for an empty tab): one round trip. */
  lastRow(): number;
  /** Hides the tab from the tab bar (the script's own read model); one round trip. */
  hide(): void;
  /** Writes a rectangle at a 1-based row and column. Strings are written as text, never as formulas. */
  write(row: number, column: number, values: Cell[][]): void;
  /** Appends rows below the last used row. */
  append(rows: Cell[][]): void;
}

/** Finding and reading rows of one tab: what a customer lookup needs. */
export type RowFinder = Pick<SheetPort, "findRows" | "readRows">;

export interface WorkbookPort {
  sheet(name: string): SheetPort | null;
  /**
   * One of the script's tabs that someone deleted, made again as 탭 만들기 / 고치기 makes it
   * (src/app/setup.ts `recreateRepair`): header row and style, widths, number formats (text for
   * codes and phones, dates), tick boxes, dropdowns, hidden columns. No rows below the header.
   */
  addTab(def: TabDef): SheetPort;
  /**
   * A tab by name without asking for the list of tabs (Apps Script: ranges in A1 notation with
   * the tab's name, which are free handles); its calls throw when the tab is missing. Hosts
   * without round trips need not offer it.
   */
  tabHandle?(name: string): RowFinder;
}

/** A small key/value store that outlives one execution (CacheService, or memory locally). */
export interface KeyValueCache {
  get(key: string): string | null;
  /** `ttlSeconds`: how long to keep it (default: the longest CacheService allows, 6 hours). */
  put(key: string, value: string, ttlSeconds?: number): void;
  /** Many pairs in one call (CacheService charges a putAll like a single put). */
  putAll(entries: Record<string, string>, ttlSeconds?: number): void;
  remove(key: string): void;
}

/** What a use case runs on. */
export interface Host {
  workbook: WorkbookPort;
  cache: KeyValueCache;
  now(): Date;
  random: RandomBytes;
  /**
   * When Tutu edited cells of 오늘 출하, for a pass that carries them later than she made them
   * (Apps Script's edit trigger leaves her edits to the reconcile and notes their time:
   * domain/tickNotes.ts). Asked only when a pass finds a tick to carry; hosts that carry her
   * edits at once leave it out, and the pass logs them at its own time.
   */
  tickTimes?: () => TickTimeOf;
  /**
   * Work a pass may leave until the execution's other edits are written (the customers' status
   * views): a host whose execution carries several people's edits under one lock runs it before
   * it lets the lock go, so each edit's own cells show sooner. Hosts without it run it at once.
   */
  later?: (task: () => void) => void;
}
