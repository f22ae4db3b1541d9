import fc from "fast-check";
import {
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
});
