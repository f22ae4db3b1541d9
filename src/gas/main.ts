/**
 * Apps Script entry points. Thin: they reach the spreadsheet in batches and hand the deciding to
 * src/app. Every function exported here is listed in entryPoints.ts and gets a top-level stub in
 * dist/Code.js. Nothing runs at load time: Apps Script loads the whole file on every execution.
 */
import { planSetup, type TabRepair } from "../app/setup";
import { parseSettings } from "../domain/settings";
import { LISTS, TABS, type ColumnDef } from "../templates";
import type { EntryPoint } from "./entryPoints";

export const MENU_TITLE = "복숭아 주문";
export const SPREADSHEET_ID_PROPERTY = "SPREADSHEET_ID";

/** The menu: label and the entry point it calls. */
export const MENU_ITEMS: readonly (readonly [string, EntryPoint])[] = [["탭 만들기 / 고치기", "setupTabs"]];

export function onOpen(): void {
  const menu = SpreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const [label, fn] of MENU_ITEMS) menu.addItem(label, fn);
  menu.addToUi();
}

/** Creates missing tabs and columns from the templates; never touches existing data. */
export function setupTabs(): void {
  const lock = LockService.getDocumentLock();
  lock.waitLock(30_000);
  try {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const sheets = new Map(ss.getSheets().map((s) => [s.getName(), s]));
    const headers = new Map<string, unknown[]>();
    for (const def of TABS) {
      const sheet = sheets.get(def.name);
      if (!sheet) continue;
      const width = Math.max(1, sheet.getLastColumn());
      headers.set(def.name, sheet.getRange(def.headerRow, 1, 1, width).getValues()[0] ?? []);
    }
    const repairs = planSetup(headers);
    const itemNames = itemNamesOf(ss);
    for (const repair of repairs) applyRepair(ss, sheets.get(repair.tab.name), repair, itemNames);
    PropertiesService.getScriptProperties().setProperty(SPREADSHEET_ID_PROPERTY, ss.getId());
    const added = repairs.reduce((n, r) => n + (r.create ? 0 : r.add.length), 0);
    const created = repairs.filter((r) => r.create).map((r) => r.tab.name);
    ss.toast(
      created.length || added
        ? `만든 탭: ${created.join(", ") || "없음"} · 더한 열: ${added}개`
        : "모든 탭과 열이 이미 있습니다",
      MENU_TITLE,
    );
  } finally {
    lock.releaseLock();
  }
}

function itemNamesOf(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string[] {
  const sheet = ss.getSheetByName(TABS.find((t) => t.key === "settings")!.name);
  const rows =
    sheet && sheet.getLastRow() > 1 ? sheet.getRange(2, 1, sheet.getLastRow() - 1, 2).getValues() : [];
  const parsed = parseSettings(rows.map(([label, value]) => ({ label, value })));
  return parsed.ok ? parsed.value.items.map((i) => i.name) : [];
}

function applyRepair(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  existing: GoogleAppsScript.Spreadsheet.Sheet | undefined,
  repair: TabRepair,
  itemNames: string[],
): void {
  if (!repair.create && repair.add.length === 0) return;
  const { tab } = repair;
  const sheet = existing ?? ss.insertSheet(tab.name);
  if (repair.create) sheet.setFrozenRows(tab.headerRow);
  if (repair.add.length > 0) {
    const first = repair.add[0]!.index;
    if (sheet.getMaxColumns() < first + repair.add.length - 1) {
      sheet.insertColumnsAfter(sheet.getMaxColumns(), first + repair.add.length - 1 - sheet.getMaxColumns());
    }
    const headerRange = sheet.getRange(tab.headerRow, first, 1, repair.add.length);
    headerRange.setValues([repair.add.map((a) => a.column.header)]).setFontWeight("bold");
    for (const { column, index } of repair.add) formatColumn(sheet, tab.headerRow, column, index, itemNames);
  }
  if (repair.initialRows.length > 0) {
    sheet
      .getRange(tab.headerRow + 1, 1, repair.initialRows.length, repair.initialRows[0]!.length)
      .setValues(repair.initialRows);
  }
  if (repair.create && tab.protected) sheet.protect().setWarningOnly(true);
}

function formatColumn(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  headerRow: number,
  column: ColumnDef,
  index: number,
  itemNames: string[],
): void {
  sheet.setColumnWidth(index, column.width);
  const body = sheet.getRange(headerRow + 1, index, Math.max(1, sheet.getMaxRows() - headerRow), 1);
  if (column.format) body.setNumberFormat(column.format);
  const v = column.validation;
  if (v?.checkbox) body.insertCheckboxes();
  if (v?.list) {
    const values = v.list === "items" ? itemNames : LISTS[v.list];
    if (values.length > 0) {
      body.setDataValidation(
        SpreadsheetApp.newDataValidation()
          .requireValueInList(values, true)
          .setAllowInvalid(v.list === "items")
          .build(),
      );
    }
  }
  if (column.note) sheet.getRange(headerRow, index).setNote(column.note);
  if (column.hidden) sheet.hideColumns(index);
  if (column.owner === "script") {
    sheet
      .getRange(1, index, sheet.getMaxRows(), 1)
      .protect()
      .setDescription(`스크립트가 채우는 열: ${column.header}`)
      .setWarningOnly(true);
  }
}
