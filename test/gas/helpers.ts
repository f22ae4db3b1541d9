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

/** Three harvest windows (the varieties bench's: bench/seasonDay.ts, bench/delayAt.ts). */
export const HARVEST_WINDOWS: [string, string][] = [
  ["수확 기간: 백도 4.5kg", "07-13~08-10"],
  ["수확 기간: 천도 3kg", "07-27~08-20"],
  ["수확 기간: 황도 4.5kg", "08-12~09-10"],
];

/** A date cell as its Seoul day (`2026-07-27`), or "" for anything else. */
export const seoulDayOf = (v: unknown): string =>
  v instanceof Date ? new Date(v.getTime() + 9 * 3600_000).toISOString().slice(0, 10) : "";

export interface MidSeasonScene {
  /** 주문 rows paid and dated today or later, sent (발송), unpaid, paid and waiting (대기). */
  scheduled: number;
  shipped: number;
  unpaid: number;
  waiting: number;
  /** Rows of 이력 below its header. */
  eventRows: number;
}

/**
 * Monday 27 July 2026, 00:20, in a season of `rows` orders imported on 10 July (two in three
 * paid), with HARVEST_WINDOWS and a day's harvest of rows ÷ 20 boxes (1,000 at 20,000 orders),
 * so the paid boxes spread over the windows and some wait for room (대기). Every shipment dated
 * before the 27th went out (발송, courier and waybill, as Tony types them when he catches up);
 * the rest wait for their day. Set directly and with Google's limits lifted, on again after.
 */
export function midSeason(rows: number): { emu: AppsScriptEmulator; scene: MidSeasonScene } {
  const emu = seasonWithRows(rows, (scene) => {
    const settings = scene.spreadsheet.tab("설정");
    const put = (name: string, value: string | number) => {
      const found = scene.values("설정").findIndex((r) => r[0] === name) + 1;
      const row = found > 0 ? found : scene.values("설정").length + 1;
      settings.put(row, 1, name);
      settings.put(row, 2, value);
    };
    put("하루 기본 출하량(상자)", Math.max(1, Math.round(rows / 20)));
    for (const [name, value] of HARVEST_WINDOWS) put(name, value);
  });
  emu.enforceLimits = false;
  const today = "2026-07-27";
  const orders = emu.spreadsheet.tab(ORDERS);
  const c = {
    date: col(emu, ORDERS, "출하예정일"),
    status: col(emu, ORDERS, "진행상태"),
    courier: col(emu, ORDERS, "택배사"),
    waybill: col(emu, ORDERS, "송장번호"),
    paid: col(emu, ORDERS, "입금상태"),
  };
  const scene: MidSeasonScene = { scheduled: 0, shipped: 0, unpaid: 0, waiting: 0, eventRows: 0 };
  for (let r = 2; r <= orders.lastRow(); r++) {
    const day = seoulDayOf(orders.get(r, c.date));
    if (orders.get(r, c.paid) !== "입금완료") scene.unpaid++;
    else if (!day) scene.waiting++;
    if (!day) continue;
    if (day < today) {
      orders.put(r, c.courier, "CJ대한통운");
      orders.put(r, c.waybill, `6000${String(10000000 + r)}`);
      orders.put(r, c.status, "발송");
      scene.shipped++;
    } else scene.scheduled++;
  }
  emu.now = new Date(`${today}T00:20:00+09:00`);
  emu.fireTimer("reconcile");
  emu.fireTimer("rolloverToday");
  emu.enforceLimits = true;
  scene.eventRows = emu.spreadsheet.tab(EVENTS).lastRow() - 1;
  return { emu, scene };
}

/** Each 주문 row's 출하예정일 as its Seoul day ("" when none), in sheet order. */
export function shipDays(emu: AppsScriptEmulator): string[] {
  const orders = emu.spreadsheet.tab(ORDERS);
  const c = col(emu, ORDERS, "출하예정일");
  const out: string[] = [];
  for (let r = 2; r <= orders.lastRow(); r++) out.push(seoulDayOf(orders.get(r, c)));
  return out;
}

/**
 * Twelve demo orders pasted on Saturday evening and reconciled at 09:00 on Monday 13 July, the
 * first shipping day (issue 22's tests of overlapping executions and Google's failures).
 */
export function mondayOfTwelve(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-11T20:00:00+09:00");
  paste(emu, demoInput(12));
  emu.now = at("2026-07-13T09:00:00+09:00");
  emu.fireTimer("reconcile");
  return emu;
}
