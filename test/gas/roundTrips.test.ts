/**
 * Round trips and cells, counted by the emulator through dist/Code.js: an edit reads the edited
 * rows and its order's rows (found with a TextFinder), never 주문 whole, so it costs the same on
 * 100 rows as on 20,000 (the read model 조회 adds up to 3: the order's row, read where the cache
 * says it is or found with a TextFinder first, and written when its view changed). Tutu's tick or
 * tracking number costs no round trip at all: the edit trigger notes when she made it and the
 * next reconcile carries it, reading 주문 and 오늘 출하 once and writing the changed cells
 * (edit.ts carriedByReconcile). A full reconcile makes at most 30 round trips, and the timer's
 * reconcile after that, with nothing left to do, 3 (reconcile.ts): the tabs, 주문 and 오늘 출하,
 * each tab in one call. No trigger execution asks Google for the list of triggers (the gate
 * answers from the cache, surface.ts).
 */
import { col, ORDERS, seasonWithRows, TODAY } from "./helpers";

/**
 * Round trips an edit may make (docs/sheet-sync.md, "The edit path"), the read model's 2 included
 * (a payment makes 12; 이력's plain-text columns and 조회's row come from the cache once known).
 */
const EDIT_CALLS = 12;
const EDIT_CELLS = 5000;
/** The reconcile that carries Tutu's edits: 주문 and 오늘 출하 read, their changed rows, 이력, 조회. */
const CARRY_CALLS = 16;

interface Cost {
  trips: number;
  cells: number;
  written?: number;
  /** The execution's calls other than the spreadsheet's ("Service.method"). */
  services?: Record<string, number>;
}

describe("round trips", () => {
  const sizes = [100, 1000, 20000];
  const results = new Map<
    number,
    Record<"memo" | "boxes" | "pay" | "tick" | "tracking" | "reconcile" | "carry" | "idle", Cost>
  >();

  beforeAll(() => {
    for (const size of sizes) {
      const emu = seasonWithRows(size);
      // The first shipping morning: 오늘 출하 lists the day, Tutu and Tony edit one cell at a time.
      emu.now = new Date("2026-07-13T09:00:00+09:00");
      const reconcile = emu.fireTimer("reconcile");
      const cost = (edit: () => { roundTrips: number }): Cost => {
        emu.now = new Date(emu.now.getTime() + 60_000);
        const trips = edit().roundTrips;
        const run = emu.executionLog.at(-1)!;
        const services = Object.fromEntries(Object.entries(run.calls).filter(([k]) => k.includes(".")));
        return { trips, cells: run.cellsRead, written: run.cellsWritten, services };
      };
      // Rows 50, 53 and 56 are one-row orders; every third row is unpaid (56 is). A first payment
      // (row 59) has 이력 learn its plain-text columns, as the day's first one does (cached 6 h).
      cost(() => emu.edit(ORDERS, 59, col(emu, ORDERS, "입금상태"), [["입금완료"]]));
      results.set(size, {
        memo: cost(() => emu.edit(ORDERS, 50, col(emu, ORDERS, "메모"), [["문 앞에 두세요"]])),
        boxes: cost(() => emu.edit(ORDERS, 53, col(emu, ORDERS, "상자수"), [[7]])),
        pay: cost(() => emu.edit(ORDERS, 56, col(emu, ORDERS, "입금상태"), [["입금완료"]])),
        tick: cost(() => emu.edit(TODAY, 3, col(emu, TODAY, "수확", 2), [[true]])),
        tracking: cost(() => emu.edit(TODAY, 3, col(emu, TODAY, "송장번호", 2), [["600012345678"]])),
        reconcile: { trips: reconcile, cells: 0 },
        carry: cost(() => ({ roundTrips: emu.fireTimer("reconcile") })),
        idle: cost(() => ({ roundTrips: emu.fireTimer("reconcile") })),
      });
      const line = emu.records(TODAY, 2)[0]!;
      const row = emu.records(ORDERS).find((r) => r["행ID"] === line["행ID"])!;
      expect([row["진행상태"], row["송장번호"]]).toEqual(["수확", "600012345678"]);
      const paid = emu.records(ORDERS)[54]!;
      expect(paid["출하예정일"] !== "" || paid["진행상태"] === "대기").toBe(true);
      expect(emu.values(TODAY)[2]![col(emu, TODAY, "수확", 2) - 1]).toBe(true);
      expect(String(emu.values(TODAY)[2]![col(emu, TODAY, "송장번호", 2) - 1])).toBe("600012345678");
    }
  }, 240_000);

  it("a payment edit reads at most 5,000 cells at every size; Tutu's edits read none", () => {
    for (const size of sizes) {
      const r = results.get(size)!;
      for (const kind of ["memo", "boxes", "pay"] as const)
        expect([size, kind, r[kind].cells <= EDIT_CELLS]).toEqual([size, kind, true]);
      for (const kind of ["tick", "tracking"] as const) {
        expect([size, kind, r[kind].trips, r[kind].cells, r[kind].written]).toEqual([size, kind, 0, 0, 0]);
        expect([size, kind, r[kind].services]).toEqual([
          size,
          kind,
          { "CacheService.get": 2, "PropertiesService.setProperties": 1 },
        ]);
      }
    }
  });

  it(`a single-cell edit costs the same at every size, and at most ${EDIT_CALLS} round trips`, () => {
    for (const kind of ["memo", "boxes", "pay"] as const) {
      const trips = sizes.map((s) => results.get(s)![kind].trips);
      expect([kind, new Set(trips).size]).toEqual([kind, 1]);
      expect([kind, trips[0]! <= EDIT_CALLS]).toEqual([kind, true]);
    }
  });

  it(`the reconcile that carries Tutu's edits makes at most ${CARRY_CALLS} round trips at every size`, () => {
    const trips = sizes.map((s) => results.get(s)!.carry.trips);
    expect(new Set(trips).size).toBe(1);
    expect(trips[0]).toBeLessThanOrEqual(CARRY_CALLS);
  });

  it("a full reconcile of 20,000 rows makes at most 30", () => {
    for (const s of sizes) expect(results.get(s)!.reconcile.trips).toBeLessThanOrEqual(30);
  });

  it("the timer's reconcile after the edits finds nothing to do: 2 round trips, 주문 read once", () => {
    for (const s of sizes) {
      const idle = results.get(s)!.idle;
      // 주문, 오늘 출하 (today has lines: read and compared); the zone in full passes only. The
      // tabs are found by name in A1 notation, handles (issue 22; they were listed in one call).
      expect([s, idle.trips, idle.written]).toEqual([s, 2, 0]);
    }
  });

  it("no trigger execution asks Google for the triggers, and the idle reconcile reads the properties before its pass, before its release and after it", () => {
    for (const s of sizes) {
      const r = results.get(s)!;
      for (const kind of ["memo", "boxes", "pay", "tick", "tracking", "carry", "idle"] as const)
        expect([s, kind, r[kind].services!["ScriptApp.getProjectTriggers"] ?? 0]).toEqual([s, kind, 0]);
      expect(r.idle.services).toEqual({
        // Whether to read 주문 before the lock, the trigger gate, 오늘 출하; at 20,000 orders
        // (past 100,000 cells) it does, and asks the sheet's version before the read and under the lock.
        "CacheService.get": s >= 20000 ? 5 : 3,
        // Before the pass; before the release and after it, for edits noted meanwhile (editNotes.ts).
        "PropertiesService.getProperties": 3,
        "LockService.tryLock": 1,
        "LockService.releaseLock": 1,
      });
    }
  });
});
