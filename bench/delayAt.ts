/**
 * Issue 21, point 8: one 수확 미루기 (a 3-day delay of one variety from the menu) on a sheet of
 * `size` orders in the middle of a season with three harvest windows, through dist/Code.js in
 * the emulator. The sheet's state is set directly (an import, two full passes and the midnight
 * roll-over with Google's limits lifted, as `seasonWithRows` sets its scene); only the delay's
 * own execution is measured, under the limits. Cheaper than living a whole season day, so it
 * runs at 20,000 orders (about 30 s of real time).
 */
import { EVENTS, midSeason, shipDays, type MidSeasonScene } from "../test/gas/helpers";
import type { ExecutionRecord } from "../test/emulator/appsScript";
import { COST_MODEL, COST_MODEL_WORST } from "../test/emulator/costModel";

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
  /** The scene: 주문 rows dated today or later, sent (발송), unpaid, paid and waiting (대기). */
  scene: MidSeasonScene;
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

/**
 * The scene (test/gas/helpers.ts `midSeason`: Monday 27 July, `size` orders imported on 10 July,
 * two in three paid, three harvest windows, what was dated before today sent, the rest waiting
 * for its day or for room); at 06:00 Tony delays `item` 3 days for rain, from the menu.
 */
export function delayAt(size: number, options: DelayOptions = {}): DelayAt {
  const item = options.item ?? "백도";
  const days = options.days ?? 3;
  const label = `delay at ${size}${options.costs === "worst" ? " (worst)" : ""}`;
  const t0 = Date.now();
  const { emu, scene } = midSeason(size);
  const today = "2026-07-27";
  console.error(`${label}: scene ${JSON.stringify(scene)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  // The delay: Tony's three answers, then one execution under Google's limits.
  emu.costs = options.costs === "worst" ? COST_MODEL_WORST : COST_MODEL;
  emu.now = new Date(`${today}T06:00:00+09:00`);
  const before = shipDays(emu);
  const eventsBefore = emu.spreadsheet.tab(EVENTS).lastRow();
  const toastsBefore = emu.spreadsheet.toasts.length;
  const first = emu.executionLog.length;
  emu.promptAnswers.push(item, String(days), "비");
  emu.run("delayHarvestMenu");
  const ran: ExecutionRecord[] = emu.executionLog.slice(first);
  const run = ran[0]!;
  const after = shipDays(emu);
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
