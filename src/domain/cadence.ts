/**
 * How often the reconcile timer runs: as often as the daily budget allows for the sheet's size.
 *
 * A free Google account gets 90 minutes of trigger runtime a day (Apps Script quotas), shared by
 * the edit trigger, the timers and the midnight roll-over; once spent, Google refuses every
 * trigger until the next day, the edit trigger too. The reconcile is the safety net, so it gets
 * a fixed share of that budget, and its interval is the shortest Apps Script offers (a clock
 * trigger runs every 1, 5, 10, 15 or 30 minutes, or every n hours: ClockTriggerBuilder
 * reference) whose day of runs fits the share. A run that finds nothing changed reads 주문 once
 * (reconcile.ts), so its cost grows with 주문's cells.
 */

/** Minutes of the free 90 a day the reconcile may spend: a sixth, the rest is the edits'. */
export const RECONCILE_BUDGET_MINUTES = 15;

/**
 * The intervals offered, shortest first. Never below 10 minutes: edits update the sheet at once,
 * and what bypassed them can wait that long; faster would spend the budget for little.
 */
export const RECONCILE_INTERVALS = [10, 15, 30, 60, 120] as const;

/**
 * Modelled seconds of a reconcile that finds nothing changed, on 주문 of `orderCells` cells:
 * 1.2 s whatever the size (starting 0.5 s, four spreadsheet calls: the tabs, 주문's extent and
 * values, the zone, 0.6 s; the lock, two property reads and the cache, 0.1 s) and 1.2 s per
 * 100,000 cells (reading them, 1 s; fingerprinting the rows, 0.2 s). Figures of the emulator's
 * cost model and its execution log (BENCHMARKS.md), not a measurement of Google.
 */
export function reconcileSeconds(orderCells: number): number {
  return 1.2 + (Math.max(0, orderCells) / 100_000) * 1.2;
}

/** The minutes between reconciles for a 주문 of `orderCells` cells (rows × columns). */
export function reconcileEveryMinutes(orderCells: number): number {
  const seconds = reconcileSeconds(orderCells);
  for (const every of RECONCILE_INTERVALS) {
    const runsPerDay = (24 * 60) / every;
    if ((runsPerDay * seconds) / 60 <= RECONCILE_BUDGET_MINUTES) return every;
  }
  return RECONCILE_INTERVALS[RECONCILE_INTERVALS.length - 1]!;
}
