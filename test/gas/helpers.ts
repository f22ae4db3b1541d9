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

/**
 * A season of `rows` orders written straight into the sheet (as an import would), then reconciled.
 * `beforePass` changes the scene (설정, say) before that first pass.
 */
export function seasonWithRows(
  rows: number,
  beforePass?: (emu: AppsScriptEmulator) => void,
): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-10T09:00:00+09:00");
  // Room for every paid box at every size, so the measured payment gets a day each time.
  const settings = emu.spreadsheet.tab("설정");
  const capacityRow = emu.values("설정").findIndex((r) => r[0] === "하루 기본 출하량(상자)") + 1;
  settings.put(capacityRow, 2, 2000);
  const headers = emu.values(ORDERS)[0]!.map(String);
  const base = demoInput();
  const sheet = emu.spreadsheet.tab(ORDERS);
  sheet.maxRows = Math.max(sheet.maxRows, rows + 1); // the import made room, as Sheets would
  for (let i = 0; i < rows; i++) {
    const row: Record<string, string | number> = {
      ...base[i % base.length]!,
      주문자: `주문자${i}`,
      "주문자 연락처": `010${String(10000000 + i)}`,
      받는분: `고객${i}`,
      입금상태: i % 3 === 0 ? "" : "입금완료",
      입금일시: "",
    };
    headers.forEach((h, c) => sheet.put(i + 2, c + 1, row[h] ?? ""));
  }
  beforePass?.(emu);
  // Setting the scene: the first pass over a season that arrived at once may exceed Google's
  // 6 minutes (a real finding, BENCHMARKS.md); what is measured comes after it, under the limits.
  emu.enforceLimits = false;
  emu.fireTimer("reconcile");
  emu.enforceLimits = true;
  return emu;
}

/** Twelve demo orders pasted on Saturday 11 July, five of them paid seven minutes apart. */
export function weekendOrders(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-11T09:00:00+09:00");
  paste(emu, demoInput(12));
  const pay = col(emu, ORDERS, "입금상태");
  for (const row of [2, 3, 4, 6, 7]) {
    emu.now = new Date(emu.now.getTime() + 7 * 60_000);
    emu.edit(ORDERS, row, pay, [["입금완료"]]);
  }
  return emu;
}
