/**
 * Through dist/Code.js: the tabs the script writes are found by name and their columns by header.
 * A deleted 이력, 오류 or 오늘 출하 is made again and the fact logged; lines written after Tony
 * reordered the columns of 이력 and 오류 land under the right headers.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste, PROBLEMS, TODAY } from "./helpers";

function deleteTab(emu: AppsScriptEmulator, name: string): void {
  const sheets = emu.spreadsheet.sheets;
  const i = sheets.findIndex((s) => s.getName() === name);
  expect(i).toBeGreaterThanOrEqual(0);
  sheets.splice(i, 1);
}

/** Tony drags the columns of a tab into reverse order. */
function reverseColumns(emu: AppsScriptEmulator, name: string): void {
  const values = emu.values(name);
  const width = Math.max(...values.map((r) => r.length));
  const reversed = values.map((r) => Array.from({ length: width }, (_, c) => r[width - 1 - c] ?? ""));
  emu.spreadsheet.tab(name).getRange(1, 1, reversed.length, width).setValues(reversed);
}

describe("tabs by name, columns by header (Apps Script)", () => {
  it("a deleted 이력, 오류 and 오늘 출하 are made again by the next pass, and 이력 says so", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(3));
    for (const name of [EVENTS, PROBLEMS, TODAY]) deleteTab(emu, name);
    emu.fireTimer("reconcile");
    const names = emu.spreadsheet.sheets.map((s) => s.getName());
    expect(names).toEqual(expect.arrayContaining([EVENTS, PROBLEMS, TODAY]));
    const made = emu.records(EVENTS).filter((e) => e["사건"] === "탭 다시 만듦");
    expect(made.map((e) => e["이후"]).sort()).toEqual([EVENTS, PROBLEMS, TODAY].sort());
    expect(emu.values(PROBLEMS)[0]).toContain("문제ID");
  });

  it("after 이력 and 오류 were reordered, new lines land under the right headers", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(2));
    reverseColumns(emu, EVENTS);
    reverseColumns(emu, PROBLEMS);
    const before = emu.records(EVENTS).length;
    emu.now = at("2026-07-10T10:00:00+09:00");
    const { firstRow } = paste(emu, [{ ...demoInput(3)[2]!, 상자수: "많이" }, demoInput(4)[3]!]);
    const events = emu.records(EVENTS).slice(before);
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => e["사건"] === "접수")).toBe(true);
    for (const e of events) {
      expect(e["시각"]).toBeInstanceOf(Date);
      expect(["토니", "투투", "스크립트", "고객"]).toContain(e["누가"]);
    }
    const problem = emu.records(PROBLEMS).find((p) => p["원래 값"] === "많이");
    expect(problem).toBeDefined();
    expect(problem!["탭"]).toBe(ORDERS);
    expect(problem!["시각"]).toBeInstanceOf(Date);
    expect(String(problem!["문제ID"])).not.toBe("");
    expect(firstRow).toBeGreaterThan(2);
  });
});
