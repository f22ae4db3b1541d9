import { seoulTimeOfDay } from "./clock";

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

/**
 * Minutes of the free 90 a day the reconcile may spend: a tenth. The edits need the rest: a busy
 * day is about 560 of them (BENCHMARKS.md, "A season day"), and on 1,000 orders the whole day
 * should stay within 15 minutes.
 */
export const RECONCILE_BUDGET_MINUTES = 9;

/**
 * The intervals offered, shortest first. Never below 10 minutes: edits update the sheet at once,
 * and what bypassed them can wait that long; faster would spend the budget for little.
 */
export const RECONCILE_INTERVALS = [10, 15, 30, 60, 120] as const;

/**
 * Modelled seconds of an average reconcile on 주문 of `orderCells` cells: 2.4 s whatever the size
 * and 1.4 s per 100,000 cells. Fitted to the season day in the emulator (BENCHMARKS.md): 2.77 s
 * a run on 1,000 orders, 10.0 s on 20,000, the full passes (every 3 hours) and the runs that
 * found a changed row included. Figures of the emulator's cost model, not a measurement of Google.
 * Since the trigger's fixed costs were cut the season day measures 1.58 s and 7.68 s: the fit is
 * kept as it is, the headroom for a reconcile that carries Tutu's ticks from 오늘 출하 (3.4 s with
 * one, 4.0 s with three on 1,000 orders) through her working hours. Refit when that is measured.
 */
export function reconcileSeconds(orderCells: number): number {
  return 2.4 + (Math.max(0, orderCells) / 100_000) * 1.4;
}

/**
 * The night, Seoul wall clock: from 21:00 to 05:00. No shipment is worked (Tutu's ticks come
 * with the daylight, and harvest starts at dawn), no text goes out (the sending window opens at
 * 08:00, sms.ts), and every edit is still handled by its own trigger at once: the reconcile only
 * catches what bypassed one, which can wait longer. Issue 22: the night's runs were a third of
 * the reconcile's day and cost a minute of the 90 at 1,000 orders, for nothing but that net.
 */
export const NIGHT_FROM_HOUR = 21;
export const NIGHT_UNTIL_HOUR = 5;

/** True between 21:00 and 05:00 in Seoul. */
export function isNight(now: Date): boolean {
  const hour = Math.floor(seoulTimeOfDay(now) / 3_600_000);
  return hour >= NIGHT_FROM_HOUR || hour < NIGHT_UNTIL_HOUR;
}

/**
 * The minutes between reconciles for a 주문 of `orderCells` cells (rows × columns): by day the
 * shortest interval the budget allows; at night (`now` in it) the first offered that is at least
 * three times as long, or the longest offered that still ends by 05:00. The budget is kept as
 * if every run were a day's (the night only saves).
 */
export function reconcileEveryMinutes(orderCells: number, now?: Date): number {
  const day = dayEveryMinutes(orderCells);
  if (!now || !isNight(now)) return day;
  const night =
    RECONCILE_INTERVALS.find((n) => n >= 3 * day) ?? RECONCILE_INTERVALS[RECONCILE_INTERVALS.length - 1]!;
  // Never past the dawn: the day's interval is back by 05:00 (Tutu's first ticks).
  const toDawn = ((NIGHT_UNTIL_HOUR * 3_600_000 - seoulTimeOfDay(now) + 86_400_000) % 86_400_000) / 60_000;
  const fits = RECONCILE_INTERVALS.filter((n) => n >= day && n <= night && n <= toDawn);
  return fits.length > 0 ? fits[fits.length - 1]! : day;
}

function dayEveryMinutes(orderCells: number): number {
  const seconds = reconcileSeconds(orderCells);
  for (const every of RECONCILE_INTERVALS) {
    const runsPerDay = (24 * 60) / every;
    if ((runsPerDay * seconds) / 60 <= RECONCILE_BUDGET_MINUTES) return every;
  }
  return RECONCILE_INTERVALS[RECONCILE_INTERVALS.length - 1]!;
}
