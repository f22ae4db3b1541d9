/**
 * The emulator charges what Google charges (docs/emulator.md, "Cost model and quotas"), and the
 * product lives within CacheService's 1,000 items: a reconcile evicts nothing it needs.
 */
import { CacheStore } from "../emulator/appsScript";
import { COST_MODEL, QUOTAS } from "../emulator/costModel";
import { col, demoInput, ORDERS, paste, seasonWithRows, TODAY } from "./helpers";

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

  it("many lookups, one in ten unknown or wrong, and reconciles between them stay under 900", () => {
    const emu = seasonWithRows(1000);
    emu.cache.itemsMax = emu.cache.size();
    const orders = emu.spreadsheet.tab(ORDERS);
    const phone = col(emu, ORDERS, "주문자 연락처");
    const start = emu.now.getTime();
    let lastFail = "";
    // 2,000 lookups, one every 9 seconds (five hours), a reconcile every 10 minutes.
    for (let k = 0; k < 2000; k++) {
      emu.now = new Date(start + k * 9_000);
      if (k % 67 === 0) emu.fireTimer("reconcile");
      const r = 2 + ((k * 7919) % 1000);
      const code = String(orders.get(r, 1));
      const last4 = String(orders.get(r, phone)).slice(-4);
      const args =
        k % 10 === 0
          ? k % 20 === 0
            ? [`9${String(k).padStart(5, "0")}`, "0000"]
            : [code, "0000"]
          : [code, last4];
      emu.run("lookupStatus", args, "webapp");
      if (k % 20 === 10) lastFail = `peach:fail:${code}`;
    }
    expect(emu.cache.itemsMax).toBeLessThanOrEqual(900);
    expect(emu.cache.evicted).toEqual([]);
    expect(emu.cache.get(lastFail)).not.toBeNull();
    expect(emu.cache.get("peach:small-tabs:v1")).not.toBeNull();
  }, 600_000);

  it("a day of a small season (edits, ticks, pastes, lookups, 144 reconciles) stays under 900", () => {
    const emu = seasonWithRows(300);
    emu.cache.itemsMax = emu.cache.size();
    const dayStart = new Date("2026-07-13T00:00:00+09:00").getTime();
    const acts: { at: number; run: () => void }[] = [];
    const at = (minute: number, run: () => void) => acts.push({ at: dayStart + minute * 60_000, run });
    for (let m = 0; m < 24 * 60; m += 10) at(m, () => emu.fireTimer("reconcile"));
    at(20, () => emu.fireTimer("rolloverToday"));
    const pay = col(emu, ORDERS, "입금상태");
    for (let k = 0; k < 40; k++)
      at(9 * 60 + k * 12, () => emu.edit(ORDERS, 2 + 3 * (99 - k), pay, [["입금완료"]]));
    for (let p = 0; p < 8; p++) at(8 * 60 + 30 + p * 60, () => paste(emu, demoInput(5)));
    for (let k = 0; k < 30; k++) {
      const line = 3 + k;
      at(7 * 60 + k * 5, () => {
        if (emu.spreadsheet.tab(TODAY).lastRow() >= line)
          emu.edit(TODAY, line, col(emu, TODAY, "수확", 2), [[true]]);
      });
    }
    const orders = emu.spreadsheet.tab(ORDERS);
    const phone = col(emu, ORDERS, "주문자 연락처");
    for (let k = 0; k < 300; k++)
      at(8 * 60 + k * 2 + 1, () => {
        const r = 2 + ((k * 7919) % 300);
        const code = String(orders.get(r, 1));
        const args = k % 10 === 0 ? [code, "0000"] : [code, String(orders.get(r, phone)).slice(-4)];
        emu.run("lookupStatus", args, "webapp");
      });
    acts.sort((a, b) => a.at - b.at);
    for (const act of acts) {
      emu.now = new Date(act.at);
      act.run();
    }
    expect(emu.executionLog.filter((r) => r.error)).toEqual([]);
    expect(emu.cache.itemsMax).toBeLessThanOrEqual(900);
    expect(emu.cache.evicted).toEqual([]);
    expect(emu.cache.get("peach:small-tabs:v1")).not.toBeNull();
  }, 900_000);
});
