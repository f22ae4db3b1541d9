/**
 * Issue 21, point 8: one 수확 미루기 (a 3-day delay of one variety from the menu) on a sheet of
 * `size` orders in the middle of a season with three harvest windows, through dist/Code.js in
 * the emulator. The sheet's state is set directly (an import and two passes with Google's limits
 * lifted, as `seasonWithRows` sets its scene); only the delay's own execution is measured, under
 * the limits. Cheaper than living a whole season day, so it runs at 20,000 orders.
 */
import { col, EVENTS, ORDERS, seasonWithRows } from "../test/gas/helpers";
import type { ExecutionRecord } from "../test/emulator/appsScript";
import { COST_MODEL, COST_MODEL_WORST } from "../test/emulator/costModel";

/** The windows of the varieties day (bench/seasonDay.ts). */
export const WINDOWS: [string, string][] = [
  ["수확 기간: 백도 4.5kg", "07-13~08-10"],
  ["수확 기간: 천도 3kg", "07-27~08-20"],
  ["수확 기간: 황도 4.5kg", "08-12~09-10"],
];

export interface DelayAt {
  size: number;
  item: string;
  /** The delay's one menu execution: modelled seconds (start + services + JavaScript). */
  seconds: number;
  serviceSeconds: number;
  jsSeconds: number;
  /** Spreadsheet round trips (docs/emulator.md), handle calls, cells moved. */
  roundTrips: number;
  handleCalls: number;
  cellsRead: number;
  cellsWritten: number;
  endFlush: boolean;
  /** Calls by method (SpreadsheetApp by method name, other services as "Service.method"). */
  calls: Record<string, number>;
  /** Set when Google would have stopped the execution (6 minutes). */
  error?: string;
  executions: number;
  /** The scene: 주문 rows paid and dated, already sent (발송), waiting unpaid. */
  scene: { scheduled: number; shipped: number; unpaid: number; waiting: number; eventRows: number };
  /** Rows the delay gave a later 출하예정일, rows it left waiting (대기), 출하일 변경 lines in 이력. */
  moved: number;
  waitlisted: number;
  changeEvents: number;
  toast: string;
}

export interface DelayOptions {
  costs?: "floor" | "worst";
  /** The item Tony delays (as he types it); default 백도, the variety most rows hold. */
  item?: string;
  days?: number;
}

const seoulDay = (v: unknown) =>
  v instanceof Date ? new Date(v.getTime() + 9 * 3600_000).toISOString().slice(0, 10) : "";

/**
 * The scene (Monday 27 July, 06:00): `size` orders imported on 10 July (two in three paid, the
 * rest unpaid), three harvest windows, every shipment dated before today sent (발송, courier
 * and waybill filled), today's and later ones 출하예정. Then Tony delays `item` 3 days for rain.
 */
export function delayAt(size: number, options: DelayOptions = {}): DelayAt {
  const item = options.item ?? "백도";
  const days = options.days ?? 3;
  const label = `delay at ${size}${options.costs === "worst" ? " (worst)" : ""}`;
  const t0 = Date.now();
  const emu = seasonWithRows(size, (scene) => {
    const settings = scene.spreadsheet.tab("설정");
    const put = (name: string, value: string | number) => {
      const found = scene.values("설정").findIndex((r) => r[0] === name) + 1;
      const row = found > 0 ? found : scene.values("설정").length + 1;
      settings.put(row, 1, name);
      settings.put(row, 2, value);
    };
    // A day's harvest that spreads the paid boxes over the windows (1,000 at 20,000 orders).
    put("하루 기본 출하량(상자)", Math.max(1, Math.round(size / 20)));
    for (const [name, value] of WINDOWS) put(name, value);
  });
  console.error(
    `${label}: ${size} rows imported and reconciled (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  emu.enforceLimits = false;
  // Two weeks on: what was dated before 27 July went out, as Tony types 발송 when he catches up.
  const today = "2026-07-27";
  const orders = emu.spreadsheet.tab(ORDERS);
  const c = {
    date: col(emu, ORDERS, "출하예정일"),
    status: col(emu, ORDERS, "진행상태"),
    courier: col(emu, ORDERS, "택배사"),
    waybill: col(emu, ORDERS, "송장번호"),
    paid: col(emu, ORDERS, "입금상태"),
  };
  const scene = { scheduled: 0, shipped: 0, unpaid: 0, waiting: 0, eventRows: 0 };
  for (let r = 2; r <= orders.lastRow(); r++) {
    const day = seoulDay(orders.get(r, c.date));
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
  scene.eventRows = emu.spreadsheet.tab(EVENTS).lastRow() - 1;
  console.error(`${label}: scene ${JSON.stringify(scene)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  // The delay: Tony's three answers, then one execution under Google's limits.
  emu.enforceLimits = true;
  emu.costs = options.costs === "worst" ? COST_MODEL_WORST : COST_MODEL;
  emu.now = new Date(`${today}T06:00:00+09:00`);
  const before = orders.lastRow() >= 2 ? datesOf(emu) : [];
  const eventsBefore = emu.spreadsheet.tab(EVENTS).lastRow();
  const toastsBefore = emu.spreadsheet.toasts.length;
  const first = emu.executionLog.length;
  emu.promptAnswers.push(item, String(days), "비");
  emu.run("delayHarvestMenu");
  const ran: ExecutionRecord[] = emu.executionLog.slice(first);
  const run = ran[0]!;
  const after = datesOf(emu);
  const changed = before.map((d, i) => (d && d !== after[i] ? after[i]! : null)).filter((d) => d !== null);
  const moved = changed.filter((d) => d !== "").length;
  const waitlisted = changed.length - moved;
  const changeEvents = emu
    .values(EVENTS)
    .slice(eventsBefore)
    .filter((e) => e.includes("출하일 변경")).length;
  const result: DelayAt = {
    size,
    item,
    seconds: Number((run.modelledMs / 1000).toFixed(2)),
    serviceSeconds: Number((run.serviceMs / 1000).toFixed(2)),
    jsSeconds: Number((run.jsMs / 1000).toFixed(2)),
    roundTrips: run.roundTrips,
    handleCalls: run.handleCalls,
    cellsRead: run.cellsRead,
    cellsWritten: run.cellsWritten,
    endFlush: run.endFlush,
    calls: run.calls,
    ...(run.error ? { error: run.error } : {}),
    executions: ran.length,
    scene,
    moved,
    waitlisted,
    changeEvents,
    toast: emu.spreadsheet.toasts.slice(toastsBefore).join(" / "),
  };
  console.error(`${label}: ${JSON.stringify(result)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return result;
}

function datesOf(emu: ReturnType<typeof seasonWithRows>): string[] {
  const orders = emu.spreadsheet.tab(ORDERS);
  const c = col(emu, ORDERS, "출하예정일");
  const out: string[] = [];
  for (let r = 2; r <= orders.lastRow(); r++) out.push(seoulDay(orders.get(r, c)));
  return out;
}
