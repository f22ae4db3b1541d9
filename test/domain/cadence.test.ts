import fc from "fast-check";
import {
  isNight,
  RECONCILE_BUDGET_MINUTES,
  RECONCILE_INTERVALS,
  reconcileEveryMinutes,
  reconcileSeconds,
} from "../../src/domain/cadence";

const WIDTH = 27; // 주문's columns
const dayMinutes = (every: number, cells: number) => ((24 * 60) / every) * (reconcileSeconds(cells) / 60);

describe("the reconcile's cadence", () => {
  it("runs every 10 minutes at 1,000 orders and every 30 at 20,000", () => {
    expect(reconcileEveryMinutes(1001 * WIDTH)).toBe(10);
    expect(reconcileEveryMinutes(20001 * WIDTH)).toBe(30);
    expect(reconcileEveryMinutes(20041 * WIDTH)).toBe(30); // after the day's 40 new rows
  });

  it("stays within the budget, takes the shortest interval that does, and never runs more often on a bigger sheet", () => {
    fc.assert(
      fc.property(fc.nat(5_000_000), fc.nat(5_000_000), (a, b) => {
        const every = reconcileEveryMinutes(a);
        expect(RECONCILE_INTERVALS).toContain(every);
        const longest = RECONCILE_INTERVALS[RECONCILE_INTERVALS.length - 1];
        if (every !== longest) expect(dayMinutes(every, a)).toBeLessThanOrEqual(RECONCILE_BUDGET_MINUTES);
        const shorter = RECONCILE_INTERVALS.filter((n) => n < every);
        for (const n of shorter) expect(dayMinutes(n, a)).toBeGreaterThan(RECONCILE_BUDGET_MINUTES);
        if (a <= b) expect(reconcileEveryMinutes(a)).toBeLessThanOrEqual(reconcileEveryMinutes(b));
      }),
    );
  });

  it("at night (21:00–05:00 Seoul) runs at the first interval offered at least three times the day's; by day as before", () => {
    expect(reconcileEveryMinutes(1001 * WIDTH, new Date("2026-07-13T21:00:00+09:00"))).toBe(30);
    expect(reconcileEveryMinutes(1001 * WIDTH, new Date("2026-07-14T04:00:00+09:00"))).toBe(30);
    expect(reconcileEveryMinutes(1001 * WIDTH, new Date("2026-07-14T04:45:00+09:00"))).toBe(15);
    expect(reconcileEveryMinutes(1001 * WIDTH, new Date("2026-07-14T04:59:00+09:00"))).toBe(10);
    expect(reconcileEveryMinutes(20001 * WIDTH, new Date("2026-07-14T04:00:00+09:00"))).toBe(60);
    expect(reconcileEveryMinutes(1001 * WIDTH, new Date("2026-07-14T05:00:00+09:00"))).toBe(10);
    expect(reconcileEveryMinutes(1001 * WIDTH, new Date("2026-07-13T20:59:00+09:00"))).toBe(10);
    expect(reconcileEveryMinutes(20001 * WIDTH, new Date("2026-07-13T23:00:00+09:00"))).toBe(120);
    const start = new Date("2026-01-01T00:00:00+09:00").getTime();
    fc.assert(
      fc.property(fc.nat(5_000_000), fc.nat(366 * 24 * 60), (cells, minute) => {
        const now = new Date(start + minute * 60_000);
        const day = reconcileEveryMinutes(cells);
        const every = reconcileEveryMinutes(cells, now);
        expect(RECONCILE_INTERVALS).toContain(every);
        const hour = Number(
          new Intl.DateTimeFormat("en-GB", {
            timeZone: "Asia/Seoul",
            hour: "numeric",
            hourCycle: "h23",
          }).format(now),
        );
        expect(isNight(now)).toBe(hour >= 21 || hour < 5);
        if (!isNight(now)) expect(every).toBe(day);
        else {
          expect(every).toBeGreaterThanOrEqual(day);
          // The next run comes by 05:00, when the day's interval is back.
          const msOfDay = (now.getTime() + 9 * 3_600_000) % 86_400_000;
          const toDawn = (5 * 3_600_000 - msOfDay + 86_400_000) % 86_400_000;
          if (every > day) expect(every * 60_000).toBeLessThanOrEqual(toDawn);
          // No longer than the first offered interval at least three times the day's.
          const night = RECONCILE_INTERVALS.find((n) => n >= 3 * day) ?? RECONCILE_INTERVALS.at(-1)!;
          expect(every).toBeLessThanOrEqual(night);
        }
      }),
    );
  });
});
