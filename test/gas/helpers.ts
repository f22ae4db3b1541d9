import demoSeason from "../../sheets-templates/demo-season.json";
import { AppsScriptEmulator } from "../emulator/appsScript";
import { tab } from "../../src/templates";

export const ORDERS = tab("orders").name;
export const TODAY = tab("today").name;
export const SCHEDULE = tab("schedule").name;
export const EVENTS = tab("events").name;
export const PROBLEMS = tab("problems").name;

/** A spreadsheet after 탭 만들기 and 자동 실행 켜기, as Tony would have it on day one. */
export function freshSpreadsheet(): AppsScriptEmulator {
  const emu = new AppsScriptEmulator();
  emu.run("onOpen");
  emu.run("setupTabs");
  emu.run("installTriggers");
  return emu;
}

/** 1-based column of a header in a tab. */
export function col(emu: AppsScriptEmulator, sheet: string, header: string, headerRow = 1): number {
  const headers = emu.values(sheet)[headerRow - 1]!.map(String);
  const i = headers.indexOf(header);
  if (i < 0) throw new Error(`no column ${header} in ${sheet}`);
  return i + 1;
}

export type InputRow = Record<string, string | number>;

/** Demo rows as Tony types them: no order number, nothing paid yet. */
export function demoInput(count = demoSeason.rows.length): InputRow[] {
  return demoSeason.rows.slice(0, count).map((r) => ({
    주문자: r.ordererName,
    "주문자 연락처": r.ordererPhone.replace(/-/g, ""),
    받는분: r.recipientName,
    "받는분 연락처": r.recipientPhone,
    우편번호: r.postalCode,
    주소: r.address,
    품목: r.item,
    상자수: r.boxes,
  }));
}

/** Pastes rows below the last row of 주문, mapped by header. */
export function paste(emu: AppsScriptEmulator, rows: InputRow[]): { roundTrips: number; firstRow: number } {
  const headers = emu.values(ORDERS)[0]!.map(String);
  const firstRow = emu.spreadsheet.tab(ORDERS).lastRow() + 1;
  const matrix = rows.map((row) => headers.map((h) => row[h] ?? ""));
  return { ...emu.edit(ORDERS, firstRow, 1, matrix), firstRow };
}

export const at = (iso: string) => new Date(iso);
