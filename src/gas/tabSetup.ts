/**
 * 탭 만들기 / 고치기 on the spreadsheet: a tab or the columns planned by src/app/setup.ts, with
 * the template's header style, widths, number formats, tick boxes, dropdowns, notes, hidden
 * columns and warning-only protections. The menu item and a tab the script makes again after
 * someone deleted it both go through here, so a recreated tab looks as setup made it.
 */
import type { TabRepair } from "../app/setup";
import { columnLetters } from "../app/a1";
import { itemNames } from "../domain/settings";
import { LISTS, type ColumnDef } from "../templates";
import { sheetWritten } from "./written";

export function itemNamesIn(sheet: GoogleAppsScript.Spreadsheet.Sheet | undefined): string[] {
  const last = sheet ? sheet.getLastRow() : 0;
  const rows = sheet && last > 1 ? sheet.getRange(2, 1, last - 1, 2).getValues() : [];
  return itemNames(rows.map(([label, value]) => ({ label, value })));
}

export function applyRepair(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  existing: GoogleAppsScript.Spreadsheet.Sheet | undefined,
  repair: TabRepair,
  itemNames: string[],
): GoogleAppsScript.Spreadsheet.Sheet | undefined {
  if (!repair.create && repair.add.length === 0) return existing;
  sheetWritten(); // columns added: a read of 주문 taken before is not the sheet's any more
  const { tab: def } = repair;
  const sheet = existing ?? ss.insertSheet(def.name);
  if (repair.create) {
    sheet.setFrozenRows(def.headerRow);
    // Sheets makes every tab 1000 × 26; the spreadsheet holds 10 million cells in all, so a new
    // tab keeps only its template's columns (rows stay: they are where data goes).
    const width = def.columns.length;
    const max = sheet.getMaxColumns();
    if (max > width) sheet.deleteColumns(width + 1, max - width);
  }
  if (repair.add.length > 0) {
    const first = repair.add[0]!.index;
    const needed = first + repair.add.length - 1;
    if (sheet.getMaxColumns() < needed)
      sheet.insertColumnsAfter(sheet.getMaxColumns(), needed - sheet.getMaxColumns());
    sheet
      .getRange(def.headerRow, first, 1, repair.add.length)
      .setValues([repair.add.map((a) => a.column.header)])
      .setFontWeight("bold");
    for (const { column, index } of repair.add) formatColumn(sheet, def.headerRow, column, index, itemNames);
  }
  if (repair.initialRows.length > 0) {
    sheet
      .getRange(def.headerRow + 1, 1, repair.initialRows.length, repair.initialRows[0]!.length)
      .setValues(repair.initialRows);
  }
  if (repair.create && def.protected) sheet.protect().setWarningOnly(true);
  if (repair.create && def.hidden) sheet.hideSheet();
  return sheet;
}

function formatColumn(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  headerRow: number,
  column: ColumnDef,
  index: number,
  itemNames: string[],
): void {
  sheet.setColumnWidth(index, column.width);
  // The whole column below the header ("C2:C"): rows added later keep text phones and tick boxes.
  const letter = columnLetters(index);
  const body = sheet.getRange(`${letter}${headerRow + 1}:${letter}`);
  if (column.format) body.setNumberFormat(column.format);
  const v = column.validation;
  // Tick boxes by validation only: cells stay blank until written, so they do not push the
  // sheet's last row down to the bottom (a FALSE value would).
  if (v?.checkbox) body.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
  if (v?.list) {
    const values = v.list === "items" ? itemNames : LISTS[v.list];
    if (values.length > 0) {
      body.setDataValidation(
        SpreadsheetApp.newDataValidation()
          .requireValueInList(values, true)
          .setAllowInvalid(v.list === "items" || v.list === "payment")
          .build(),
      );
    }
  }
  if (column.note) sheet.getRange(headerRow, index).setNote(column.note);
  if (column.hidden) sheet.hideColumns(index);
  if (column.owner === "script") {
    sheet
      .getRange(`${letter}1:${letter}`)
      .protect()
      .setDescription(`스크립트가 채우는 열: ${column.header}`)
      .setWarningOnly(true);
  }
}
