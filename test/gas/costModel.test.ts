/**
 * The emulator charges what Google charges (docs/emulator.md, "Cost model and quotas"), and the
 * product lives within CacheService's 1,000 items: a reconcile evicts nothing it needs.
 */
import { CacheStore } from "../emulator/appsScript";
import { COST_MODEL, QUOTAS } from "../emulator/costModel";
import { col, ORDERS, seasonWithRows } from "./helpers";

describe("CacheService as Google documents it", () => {
  let now = 0;
  const store = () => new CacheStore(() => now);

  it("keeps the 900 items farthest from expiration once more than 1,000 are written", () => {
    const cache = store();
    cache.putAll({ keep: "long" }, 21600);
    for (let i = 0; i < 1000; i++) cache.putAll({ [`k${i}`]: "v" }, 600 + i);
    expect(cache.size()).toBe(900);
    expect(cache.itemsMax).toBe(1001);
    expect(cache.get("keep")).toBe("long");
    expect(cache.get("k999")).toBe("v");
    expect(cache.get("k0")).toBeNull(); // nearest to expiry: evicted first
    expect(cache.evicted).toHaveLength(101);
  });

  it("refuses long keys, large values and expiry past 6 hours, and forgets on time", () => {
    const cache = store();
    expect(() => cache.putAll({ ["k".repeat(251)]: "v" })).toThrow("Argument too large: key");
    expect(() => cache.putAll({ k: "v".repeat(100 * 1024 + 1) })).toThrow("Argument too large: value");
    expect(() => cache.putAll({ k: "v" }, 21601)).toThrow("at most 21600");
    now = 0;
    cache.putAll({ k: "v" }); // 600 s by default
    now = 599_000;
    expect(cache.get("k")).toBe("v");
    now = 600_000;
    expect(cache.get("k")).toBeNull();
  });
});

describe("the cost of an execution", () => {
  const emu = seasonWithRows(1000);

  it("charges start, calls and payload, and counts every service", () => {
    emu.edit(ORDERS, 56, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const edit = emu.executionLog[emu.executionLog.length - 1]!;
    expect(edit.fn).toBe("onEditInstalled");
    expect(edit.cellsRead).toBeGreaterThanOrEqual(1001 * 26); // today the edit reads 주문 whole
    const floor =
      COST_MODEL.startMs +
      edit.roundTrips * COST_MODEL.spreadsheetCallMs +
      (edit.cellsRead / 100_000) * COST_MODEL.readMsPer100kCells;
    expect(edit.modelledMs).toBeGreaterThanOrEqual(floor);
    expect(edit.calls["LockService.tryLock"]).toBe(1);
    expect(edit.calls["CacheService.get"]).toBeGreaterThan(0);
  });

  it("refuses trigger executions once the day's 90 minutes are spent", () => {
    emu.triggerRuntime = { windowStart: emu.now.getTime(), usedMs: QUOTAS.triggerRuntimeMsPerDay };
    const before = emu.executionLog.length;
    expect(emu.fireTimer("reconcile")).toBe(0);
    expect(emu.refusedTriggers.map((r) => r.fn)).toEqual(["reconcile"]);
    expect(emu.executionLog).toHaveLength(before);
    emu.now = new Date(emu.now.getTime() + 24 * 3600 * 1000); // the quota window resets
    emu.fireTimer("reconcile");
    expect(emu.executionLog).toHaveLength(before + 1);
  });
});

describe("the cache within its 1,000 items", () => {
  it("a reconcile of 20,000 rows keeps settings and rate-limit counters and stays under 900", () => {
    const emu = seasonWithRows(20000);
    const row = emu.records(ORDERS)[100]!;
    emu.run("lookupStatus", [String(row["주문번호"]), "0000"], "webapp"); // one wrong try
    const failKey = `peach:fail:${String(row["주문번호"])}`;
    expect(emu.cache.get(failKey)).not.toBeNull();
    emu.cache.itemsMax = emu.cache.size();
    emu.fireTimer("reconcile");
    expect(emu.cache.get(failKey)).not.toBeNull();
    expect(emu.cache.get("peach:small-tabs:v1")).not.toBeNull();
    expect(emu.cache.itemsMax).toBeLessThanOrEqual(900);
    expect(emu.cache.evicted).toEqual([]);
  }, 120_000);
});
