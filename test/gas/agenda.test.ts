/**
 * Issue 22, point 3: executions interleave on the emulator's clock (docs/emulator.md,
 * "Concurrency"). An act falls due inside an execution still running at its moment and starts
 * there, beside it: a person's typed value lands in the sheet then, and an execution that asks
 * for the lock the running one holds waits for its release (parked, run again, its calls before
 * the lock charged once), or gives up when its timeout passes first.
 */
import type { AppsScriptEmulator, ExecutionRecord } from "../emulator/appsScript";
import { COST_MODEL } from "../emulator/costModel";
import { col, EVENTS, mondayOfTwelve, ORDERS, PROBLEMS } from "./helpers";

function season(): AppsScriptEmulator {
  const emu = mondayOfTwelve();
  emu.overlap = true;
  return emu;
}

const unpaidRows = (emu: AppsScriptEmulator) =>
  emu
    .records(ORDERS)
    .flatMap((r, i) => (r["입금상태"] !== "입금완료" && r["주문번호"] !== "" ? [i + 2] : []));

/** The first unpaid row of each order, in sheet order. */
function oneRowPerUnpaidOrder(emu: AppsScriptEmulator): number[] {
  const all = emu.records(ORDERS);
  const firstOf = new Map<string, number>();
  for (const row of unpaidRows(emu)) {
    const code = String(all[row - 2]!["주문번호"]);
    if (!firstOf.has(code)) firstOf.set(code, row);
  }
  return [...firstOf.values()];
}

/** A payment typed into 주문 at `ms` of the clock, as Tony ticks it. */
const payAt = (emu: AppsScriptEmulator, ms: number, row: number, tag = "tony") =>
  emu.schedule(ms, () => emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]), tag);

describe("the agenda: executions beside each other on the clock (issue 22)", () => {
  it("a payment ticked while the reconcile holds the lock is noted, not waited for: the reconcile carries it after its release", () => {
    const emu = season();
    const start = emu.now.getTime() + 600_000;
    const row = unpaidRows(emu)[0]!;
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    payAt(emu, start + 100, row);
    emu.runAgenda();
    const edit = emu.executionLog.find((r) => r.tag === "tony")!;
    const reconcile = emu.executionLog.at(-1)!;
    expect(edit.startedAt).toBe(start + 100);
    // It asked after the reconcile took the lock: a note, and no wait billed.
    expect(edit.lockWaitMs).toBe(0);
    expect(edit.calls["PropertiesService.setProperty"]).toBe(1);
    expect(edit.modelledMs).toBeLessThan(1000);
    // It ran beside the reconcile, which carried it after its release, past the edit's end.
    expect(emu.peakConcurrent).toBe(2);
    expect(reconcile.fn).toBe("reconcile");
    expect(reconcile.calls["PropertiesService.deleteProperty"]).toBe(1);
    expect(reconcile.startedAt + reconcile.modelledMs).toBeGreaterThan(edit.startedAt + edit.modelledMs);
    expect(emu.records(ORDERS)[row - 2]!["입금일시"]).not.toBe("");
    expect(Object.keys(emu.scriptProperties.all()).some((k) => k.startsWith("EN:"))).toBe(false);
  });

  it("Tony's typed value is in the sheet at his moment, while an earlier execution still runs", () => {
    const emu = season();
    const start = emu.now.getTime() + 600_000;
    const memo = col(emu, ORDERS, "메모");
    let seenInside: unknown = null;
    // A status lookup is running when Tony types; the act runs inside it, at his moment.
    emu.schedule(start, () => emu.run("lookupStatus", ["000-000", "0000"], "webapp"), "customer");
    emu.schedule(
      start + 50,
      () => {
        emu.edit(ORDERS, 2, memo, [["빨리"]]);
        seenInside =
          emu.executionLog.find((r) => r.fn === "lookupStatus" && r.startedAt === start) ?? "running";
      },
      "tony",
    );
    emu.runAgenda();
    // The lookup had not ended when Tony's edit ran: it was still on the stack.
    expect(seenInside).toBe("running");
    expect(emu.records(ORDERS)[0]!["메모"]).toBe("빨리");
  });

  it("an execution whose wait runs out gives up as Google's tryLock does: a problem in 오류, nothing lost", () => {
    const emu = season();
    // A full pass (a failure was marked) with calls 25 times slower: the reconcile holds the
    // lock past the menu run's 20 s.
    emu.scriptProperties.set("RECONCILE_FAILURE", "a failed run");
    emu.costs = { ...COST_MODEL, spreadsheetCallMs: 4000 };
    const start = emu.now.getTime() + 600_000;
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    emu.schedule(start + 100, () => emu.run("recomputeSchedule"), "menu");
    emu.runAgenda();
    const menu = emu.executionLog.find((r) => r.tag === "menu")!;
    expect(menu.lockWaitMs).toBe(20_000);
    expect(emu.lockWaits.find((w) => w.id === menu.id)).toMatchObject({ got: false, waitedMs: 20_000 });
    expect(emu.values(PROBLEMS).flat().join(" ")).toContain("다른 작업이 끝나지 않아");
    // It ran once, after the wait, and its calls before the lock were charged once.
    expect(menu.calls["LockService.tryLock"]).toBe(1);
    expect(emu.executionLog.filter((r) => r.tag === "menu")).toHaveLength(1);
  });

  it("a menu run that waits keeps what Tony typed into its prompts, and its answer reaches the caller when it ends", () => {
    const emu = season();
    const start = emu.now.getTime() + 600_000;
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    let answered = false;
    let parked: boolean | undefined;
    emu.schedule(
      start + 100,
      () => {
        emu.promptAnswers.push("황도", "3", "비");
        parked = emu.run("delayHarvestMenu", [], "menu", () => (answered = true)).parked;
      },
      "menu",
    );
    emu.runAgenda();
    expect(parked).toBe(true);
    expect(answered).toBe(true);
    const delay = emu.executionLog.find((r) => r.fn === "delayHarvestMenu")!;
    expect(delay.lockWaitMs).toBeGreaterThan(0);
    // Each prompt shown once, and the delay done with the answers typed.
    expect(emu.shown.filter((s) => s.kind === "dialog")).toHaveLength(3);
    expect(emu.values("설정").find((r) => r[0] === "수확 기간: 황도 4.5kg")?.[1]).toBe("07-16~09-19");
  });

  it("payments ticked two seconds apart, each on another order: each paid at its tick, none waited, none lost", () => {
    const emu = season();
    const start = emu.now.getTime() + 600_000;
    // One row of each of ten orders (a tick on one row of an order is a payment of the order).
    const rows = oneRowPerUnpaidOrder(emu).slice(0, 10);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const codes = rows.map((r) => String(emu.records(ORDERS)[r - 2]!["주문번호"]));
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    rows.forEach((row, k) => payAt(emu, start + k * 2000, row));
    emu.runAgenda();
    const after = emu.records(ORDERS);
    // Each paid, at the moment Tony ticked it (a note carried keeps its time), none waiting billed.
    codes.forEach((code, k) => {
      const lines = after.filter((r) => r["주문번호"] === code);
      for (const r of lines) expect((r["입금일시"] as Date).getTime()).toBe(start + k * 2000);
    });
    expect(emu.executionLog.filter((r) => r.tag === "tony").every((r) => r.lockWaitMs === 0)).toBe(true);
    expect(Object.keys(emu.scriptProperties.all()).some((k) => k.startsWith("EN:"))).toBe(false);
    // Each execution ran once: ten edits and one reconcile, none left waiting.
    expect(emu.executionLog.filter((r) => r.tag === "tony")).toHaveLength(rows.length);
  });

  it("edits made a tenth of a second apart while another execution reads start in the order they were made (the person's range is charged to no execution)", () => {
    const emu = season();
    const start = emu.now.getTime() + 600_000;
    const rows = oneRowPerUnpaidOrder(emu).slice(0, 3);
    expect(rows).toHaveLength(3);
    const memo = col(emu, ORDERS, "메모");
    emu.schedule(start, () => emu.fireTimer("reconcile"), "timer");
    rows.forEach((row, k) =>
      emu.schedule(start + 50 + k * 100, () => emu.edit(ORDERS, row, memo, [[`메모 ${k}`]]), "tony"),
    );
    const reconcileHandles = () => emu.executionLog.find((r) => r.fn === "reconcile")!.handleCalls;
    emu.runAgenda();
    const edits = emu.executionLog.filter((r) => r.tag === "tony").sort((a, b) => a.id - b.id);
    expect(edits).toHaveLength(3);
    // Started (numbered) in the order Tony typed: before session 30 the last started first.
    expect(edits.map((r) => r.startedAt)).toEqual(rows.map((_, k) => start + 50 + k * 100));
    // The reconcile paid for its own handles only: the same as with nobody typing.
    const charged = reconcileHandles();
    const alone = season();
    alone.schedule(start, () => alone.fireTimer("reconcile"), "timer");
    alone.runAgenda();
    expect(charged).toBeLessThanOrEqual(alone.executionLog.find((r) => r.fn === "reconcile")!.handleCalls);
  });

  it("payments noted while the lock is held are carried together, in one pass, each paid and logged at its own tick", () => {
    const emu = season();
    const start = emu.now.getTime() + 600_000;
    const all = emu.records(ORDERS);
    const rows = oneRowPerUnpaidOrder(emu).slice(0, 5);
    expect(rows).toHaveLength(5);
    const codes = rows.map((r) => String(all[r - 2]!["주문번호"]));
    // A payment alone, for what one pass asks; a minute later another, and three more ticked
    // (and a memo typed) while that one's run holds the lock: each finds it held, leaves a note.
    payAt(emu, start, rows[0]!);
    payAt(emu, start + 60_000, rows[1]!);
    const ticks = [start, start + 60_000, ...[0, 1, 2].map((k) => start + 61_000 + k * 100)];
    rows.slice(2).forEach((row, k) => payAt(emu, ticks[k + 2]!, row));
    // A memo typed on a ticked row after the tick, noted too: the payment keeps the tick's time.
    emu.schedule(
      ticks[2]! + 50,
      () => emu.edit(ORDERS, rows[2]!, col(emu, ORDERS, "메모"), [["늦게 쓴 메모"]]),
      "tony",
    );
    emu.runAgenda();
    const tony = emu.executionLog.filter((r) => r.tag === "tony").sort((a, b) => a.startedAt - b.startedAt);
    const [lone, carrier, ...noted] = tony as [ExecutionRecord, ExecutionRecord, ...ExecutionRecord[]];
    expect(
      noted.every(
        (r) => r.calls["PropertiesService.setProperty"] === 1 && !r.calls["LockService.releaseLock"],
      ),
    ).toBe(true);
    expect(carrier.calls["PropertiesService.deleteProperty"]).toBe(4);
    // One pass for the four: one append to 이력 (its last row asked once a pass) beside its own,
    // and fewer searches than a pass each would make.
    expect(carrier.calls["getLastRow"]).toBe(2 * lone.calls["getLastRow"]!);
    expect(carrier.calls["findAll"]!).toBeLessThan(5 * lone.calls["findAll"]!);
    const after = emu.records(ORDERS);
    const events = emu.records(EVENTS);
    codes.forEach((code, k) => {
      for (const r of after.filter((r) => r["주문번호"] === code))
        expect((r["입금일시"] as Date).getTime()).toBe(ticks[k]);
      const paid = events.filter(
        (e) => e["주문번호"] === code && e["사건"] === "입금" && e["이후"] === "입금완료",
      );
      expect(paid.length).toBeGreaterThan(0);
      for (const e of paid) expect((e["시각"] as Date).getTime()).toBe(ticks[k]);
    });
    expect(after[rows[2]! - 2]!["메모"]).toBe("늦게 쓴 메모");
    expect(Object.keys(emu.scriptProperties.all()).some((k) => k.startsWith("EN:"))).toBe(false);
  });

  it("a noted edit whose pass fails is not tried again: 오류 says so, the next reconcile is a full pass, the note is gone", () => {
    const emu = season();
    emu.overlap = false;
    emu.now = new Date(emu.now.getTime() + 600_000);
    const row = unpaidRows(emu)[0]!;
    // Tony ticks while the reconcile holds the lock, after it read the tabs; the carrying fails.
    emu.interleave(1, () => {
      emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
      emu.counter.failNext = { method: "findAll", message: "Service Spreadsheets timed out" };
    });
    emu.fireTimer("reconcile");
    expect(emu.counter.failNext).toBeUndefined(); // the carrying reached its search and failed
    expect(String(emu.records(PROBLEMS).at(-1)!["문제"])).toMatch(/Service Spreadsheets timed out/);
    expect(emu.scriptProperties.get("RECONCILE_FAILURE")).not.toBeNull();
    expect(Object.keys(emu.scriptProperties.all()).some((k) => k.startsWith("EN:"))).toBe(false);
    emu.now = new Date(emu.now.getTime() + 600_000);
    emu.fireTimer("reconcile");
    expect(emu.records(ORDERS)[row - 2]!["입금일시"]).not.toBe("");
  });

  it("when the store refuses the note, the edit waits for the lock as before", () => {
    const emu = season();
    // The property store full to the last bytes (500 KB): the note does not fit.
    let i = 0;
    for (const size of [9000, 100, 10])
      for (;;)
        try {
          emu.scriptProperties.set(`F${i++}`, "x".repeat(size));
        } catch {
          break;
        }
    emu.now = new Date(emu.now.getTime() + 600_000);
    (emu as unknown as { lockFreeAt: number }).lockFreeAt = emu.now.getTime() + 5_000;
    const row = unpaidRows(emu)[0]!;
    emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const edit = emu.executionLog.at(-1)!;
    expect(edit.lockWaitMs).toBeGreaterThan(3_000);
    expect(emu.records(ORDERS)[row - 2]!["입금일시"]).not.toBe("");
  });

  it("a holder whose own work fails still carries the edits noted while it held the lock", () => {
    const emu = season();
    emu.overlap = false;
    emu.now = new Date(emu.now.getTime() + 600_000);
    const row = unpaidRows(emu)[0]!;
    let tickedAt = 0;
    // A full pass (a failure was marked): Tony ticks while it holds the lock, after its first
    // read; its next write fails.
    emu.scriptProperties.set("RECONCILE_FAILURE", "a failed run");
    emu.interleave(1, () => {
      tickedAt = emu.now.getTime();
      emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
      emu.counter.failNext = { method: "setValues", message: "Service Spreadsheets timed out" };
    });
    emu.fireTimer("reconcile");
    expect(emu.counter.failNext).toBeUndefined(); // the reconcile's own write failed
    const failed = emu
      .records(PROBLEMS)
      .find((p) => /Service Spreadsheets timed out/.test(String(p["문제"])));
    expect(failed?.["항목"]).toBe("reconcile");
    expect(Object.keys(emu.scriptProperties.all()).some((k) => k.startsWith("EN:"))).toBe(false);
    expect((emu.records(ORDERS)[row - 2]!["입금일시"] as Date).getTime()).toBe(tickedAt);
  });
});
