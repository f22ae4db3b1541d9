/**
 * Issue 22: on a large sheet the reconcile reads 주문 before it takes the lock (main.ts readAhead)
 * and uses that read only when the sheet's version is unchanged once it holds the lock
 * (host.ts SHEET_VERSION): a person's edit made during the read no longer waits behind it, and
 * the reconcile never writes over what that edit wrote.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { col, ORDERS, PROBLEMS, seasonWithRows } from "./helpers";

/** 4,000 orders: 112,000 cells of 주문, past the 100,000 from which the reconcile reads ahead. */
const ROWS = 4000;

let emu: AppsScriptEmulator;
beforeEach(() => {
  emu = seasonWithRows(ROWS);
  emu.overlap = true;
});

const unpaidRow = (emu: AppsScriptEmulator) =>
  emu.records(ORDERS).findIndex((r) => r["입금상태"] !== "입금완료" && r["주문번호"] !== "") + 2;

describe("the reconcile reads a large 주문 before the lock (issue 22)", () => {
  it("a payment ticked during that read takes the lock at once; the reconcile reads again and leaves the payment as the edit wrote it", () => {
    const start = emu.now.getTime() + 600_000;
    const row = unpaidRow(emu);
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    emu.schedule(
      start + 200,
      () => emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]),
      "tony",
    );
    emu.runAgenda();
    const edit = emu.executionLog.find((r) => r.tag === "tony")!;
    const reconcile = emu.executionLog.find((r) => r.fn === "reconcile" && r.startedAt === start)!;
    // The edit found the lock free: no wait, no note for a holder.
    expect(edit.lockWaitMs).toBe(0);
    expect(edit.calls["PropertiesService.setProperty"] ?? 0).toBe(0);
    const paid = emu.records(ORDERS)[row - 2]!;
    expect(paid["입금일시"]).not.toBe("");
    // The sheet was written during the reconcile's read: it read 주문 again rather than trust it.
    const ordersCells = ROWS * emu.values(ORDERS)[0]!.length;
    expect(reconcile.cellsRead).toBeGreaterThan(2 * ordersCells);
    // And its writes did not undo the edit's: 주문 ends as the edit and a second pass agree.
    const after = emu.values(ORDERS);
    emu.fireTimer("reconcile");
    expect(emu.values(ORDERS)).toEqual(after);
    expect(emu.values(PROBLEMS).some((r) => r.some((c) => String(c).includes("다른 작업")))).toBe(false);
  });

  it("nothing written during the read: the reconcile uses it, and reads 주문 once", () => {
    const start = emu.now.getTime() + 600_000;
    // A change no trigger saw, so the reconcile has a row to carry.
    emu.spreadsheet.tab(ORDERS).put(unpaidRow(emu), col(emu, ORDERS, "메모"), "문 앞에");
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    emu.runAgenda();
    const reconcile = emu.executionLog.at(-1)!;
    const ordersCells = ROWS * emu.values(ORDERS)[0]!.length;
    expect(reconcile.cellsRead).toBeGreaterThan(ordersCells);
    expect(reconcile.cellsRead).toBeLessThan(2 * ordersCells);
    expect(reconcile.cellsWritten).toBeGreaterThan(0);
  });

  it("the version lost from the cache is never the same: the reconcile puts a new one and stays correct", () => {
    emu.cache.delete("peach:sheet-version");
    const row = unpaidRow(emu);
    emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.cache.delete("peach:sheet-version"); // evicted again, after the edit's release put one
    emu.now = new Date(emu.now.getTime() + 600_000);
    const after = emu.values(ORDERS);
    emu.fireTimer("reconcile");
    expect(emu.values(ORDERS)).toEqual(after);
    expect(emu.cache.get("peach:sheet-version")).not.toBeNull();
  });
});
