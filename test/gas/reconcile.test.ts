/**
 * The timer's reconcile does only what changed since the last run (src/app/reconcile.ts), stays
 * the safety net for what bypassed every trigger, and runs at the cadence the budget allows.
 */
import type { AppsScriptEmulator, ExecutionRecord } from "../emulator/appsScript";
import { tab } from "../../src/templates";
import { col, EVENTS, ORDERS, PROBLEMS, SCHEDULE, seasonWithRows } from "./helpers";

const MINUTE = 60_000;

function reconcileAfter(emu: AppsScriptEmulator, minutes: number): ExecutionRecord {
  emu.now = new Date(emu.now.getTime() + minutes * MINUTE);
  emu.fireTimer("reconcile");
  const run = emu.executionLog[emu.executionLog.length - 1]!;
  expect(run.fn).toBe("reconcile");
  expect(run.error).toBeUndefined();
  return run;
}

/** Spreadsheet calls of a run (service calls are named "Service.method"). */
const sheetCalls = (run: ExecutionRecord) =>
  Object.entries(run.calls)
    .filter(([name]) => !name.includes("."))
    .reduce((n, [, k]) => n + k, 0);

describe("a reconcile after nothing changed", () => {
  const emu = seasonWithRows(1000);
  const width = emu.values(ORDERS)[0]!.length;

  it("reads 주문 once, writes nothing, and makes 1 spreadsheet call", () => {
    const run = reconcileAfter(emu, 10);
    expect(run.cellsWritten).toBe(0);
    expect(run.calls.getSheetValues).toBe(1);
    expect(run.cellsRead).toBe(1001 * width);
    // 주문 in one call (16 before issue 12; 4 before the fixed costs were cut: 주문's extent and
    // values apart, and the spreadsheet's time zone, now asked in full passes only; 2 before issue
    // 22 found each tab by its name in A1 notation, a handle, instead of listing the tabs).
    expect(sheetCalls(run)).toBe(1);
    expect(run.calls["CacheService.putAll"] ?? 0).toBe(0); // no view refresh
  });

  it("pays no fixed cost twice: the properties read before the pass, before the release and after it, the trigger gate from the cache, no 진단 note", () => {
    const run = reconcileAfter(emu, 10);
    expect(run.calls).toEqual({
      getSheetValues: 1,
      // Whether 주문 is large enough to read before the lock (it is not), the gate's trigger
      // list, 오늘 출하's last plan.
      "CacheService.get": 3,
      // Pending web orders, memo, failure mark, interval; and before the release and after it,
      // the edits noted meanwhile by edits that found the lock held (editNotes.ts).
      "PropertiesService.getProperties": 3,
      "LockService.tryLock": 1,
      "LockService.releaseLock": 1,
    });
    expect(run.modelledMs).toBeLessThan(1500);
  });

  it("a row changed where no trigger saw it: only that row is written, and the next run is idle again", () => {
    const sheet = emu.spreadsheet.tab(ORDERS);
    const memo = col(emu, ORDERS, "메모");
    const boxes = col(emu, ORDERS, "상자수");
    const before = emu.values(ORDERS);
    sheet.put(40, memo, "문 앞에 두세요"); // typed while the triggers were out of quota
    sheet.put(40, boxes, 3);
    const run = reconcileAfter(emu, 10);
    const after = emu.values(ORDERS);
    const changedRows = after.map((row, r) =>
      JSON.stringify(row) === JSON.stringify(before[r]) ? 0 : r + 1,
    );
    expect(changedRows.filter(Boolean)).toEqual([40]);
    // That row's cells, its 이력 line and its order's row of the read model 조회: nothing else.
    expect(run.cellsWritten).toBeLessThanOrEqual(width + tab("views").columns.length);
    // 이력's size (the archive check) is one call: the tabs are known from the pass's getSheets.
    expect(run.calls.getSheetByName).toBeUndefined();
    expect(emu.records(EVENTS).some((e) => e["사건"] === "상자수" && e["이후"] === "3")).toBe(true);
    expect(reconcileAfter(emu, 10).cellsWritten).toBe(0);
  });

  it("a deleted row frees its capacity (no trigger fires for a deletion)", () => {
    const sheet = emu.spreadsheet.tab(ORDERS);
    const assigned = () => emu.records(SCHEDULE).reduce((n, d) => n + Number(d["배정"] || 0), 0);
    const row = emu.records(ORDERS)[5]!;
    expect(row["출하예정일"]).toBeInstanceOf(Date); // a paid row holding capacity
    const before = assigned();
    sheet.deleteRows(7, 1);
    reconcileAfter(emu, 10);
    expect(emu.records(ORDERS).map((r) => r["행ID"])).not.toContain(row["행ID"]);
    expect(assigned()).toBe(before - Number(row["상자수"]));
    expect(reconcileAfter(emu, 10).cellsWritten).toBe(0);
  });
});

describe("the safety net", () => {
  it("a change to 설정 no trigger saw is taken by the next full pass: within 3 hours, and at once after a failed edit", () => {
    const emu = seasonWithRows(100);
    const settings = emu.spreadsheet.tab("설정");
    const row = emu.values("설정").findIndex((r) => r[0] === "하루 기본 출하량(상자)") + 1;
    const settingsProblem = () =>
      emu.records(PROBLEMS).some((p) => p["탭"] === "설정" && p["해결됨"] !== true);
    settings.put(row, 2, "많이"); // unreadable, typed while no trigger ran
    reconcileAfter(emu, 10);
    expect(settingsProblem()).toBe(false); // 설정 comes from the cache between full passes
    reconcileAfter(emu, 180);
    expect(settingsProblem()).toBe(true);

    // An edit that fails (Google's error) marks the next reconcile full.
    settings.put(row, 2, 2000);
    emu.counter.failNext = { method: "findAll", message: "Service Spreadsheets timed out" };
    emu.edit(ORDERS, 2, col(emu, ORDERS, "메모"), [["빨리"]]);
    expect(String(emu.records(PROBLEMS).at(-1)!["문제"])).toMatch(/Service Spreadsheets timed out/);
    reconcileAfter(emu, 10);
    expect(settingsProblem()).toBe(false);
  });
});

describe("the cadence", () => {
  it("installTriggers and each reconcile set the interval from 주문's size", () => {
    const emu = seasonWithRows(100);
    const detail = () => emu.triggers.filter((t) => t.handler === "reconcile").map((t) => t.detail);
    expect(detail()).toEqual(["every 10 minutes"]);
    // A trigger left at another interval (an older install) is put right by the next reconcile.
    emu.scriptProperties.set("RECONCILE_EVERY_MINUTES", "30");
    emu.triggers.find((t) => t.handler === "reconcile")!.detail = "every 30 minutes";
    reconcileAfter(emu, 10);
    expect(detail()).toEqual(["every 10 minutes"]);
    expect(emu.scriptProperties.get("RECONCILE_EVERY_MINUTES")).toBe("10");
  });

  it("at night the reconcile replaces its trigger with one three times as slow, and at 05:00 puts the day's back; 자동 실행 켜기 says both", () => {
    const emu = seasonWithRows(100);
    const detail = () => emu.triggers.filter((t) => t.handler === "reconcile").map((t) => t.detail);
    emu.now = new Date("2026-07-13T20:55:00+09:00");
    emu.fireTimer("reconcile");
    expect(detail()).toEqual(["every 10 minutes"]);
    emu.now = new Date("2026-07-13T21:05:00+09:00");
    emu.fireTimer("reconcile");
    expect(detail()).toEqual(["every 30 minutes"]);
    expect(emu.scriptProperties.get("RECONCILE_EVERY_MINUTES")).toBe("30");
    emu.now = new Date("2026-07-14T05:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(detail()).toEqual(["every 10 minutes"]);
    emu.now = new Date("2026-07-14T10:00:00+09:00");
    emu.run("installTriggers");
    expect(emu.spreadsheet.toasts.at(-1)).toContain("10분마다 (밤 9시–새벽 5시에는 30분마다)");
  });
});
