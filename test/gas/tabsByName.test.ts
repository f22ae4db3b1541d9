/**
 * Through dist/Code.js: the tabs the script writes are found by name and their columns by header.
 * A deleted 이력, 오류, 오늘 출하 or 출하 일정 is made again, formatted as 탭 만들기 / 고치기 makes
 * it, and the fact logged; lines written after Tony reordered the columns of 이력 and 오류 land
 * under the right headers.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { TABS } from "../../src/templates";
import {
  at,
  col,
  demoInput,
  EVENTS,
  freshSpreadsheet,
  ORDERS,
  paste,
  PROBLEMS,
  SCHEDULE,
  TODAY,
} from "./helpers";

/** What setup gives a tab, column by column: the look a recreated tab must have too. */
function lookOf(emu: AppsScriptEmulator, name: string) {
  const def = TABS.find((t) => t.name === name)!;
  const sheet = emu.spreadsheet.tab(name);
  return {
    frozen: sheet.frozenRows,
    maxColumns: sheet.maxColumns,
    sheetProtections: sheet.protections.filter((p) => p.target === `sheet:${name}`).length,
    columnProtections: sheet.protections.filter((p) => p.target.startsWith("range:")).length,
    columns: def.columns.map((c, i) => ({
      header: sheet.get(def.headerRow, i + 1),
      bold: sheet.bold.has(`${def.headerRow}:${i + 1}`),
      width: sheet.widths.get(i + 1),
      hidden: sheet.hidden.has(i + 1),
      // The data rows far below the header too: a whole-column format reaches rows added later.
      format: [sheet.formatAt(def.headerRow + 1, i + 1), sheet.formatAt(5000, i + 1)],
      validation: sheet.validationAt(def.headerRow + 1, i + 1),
      note: sheet.notes.get(`${def.headerRow}:${i + 1}`) ?? "",
    })),
  };
}

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

  it("a deleted 출하 일정 is made again by the next pass with every season day, and 이력 says so", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(6));
    emu.fireTimer("reconcile");
    const before = emu.records(SCHEDULE);
    expect(before.length).toBeGreaterThan(20);
    deleteTab(emu, SCHEDULE);
    // An edit on 주문 (its pass reads 출하 일정 from the cache) makes it again as well as a reconcile.
    emu.now = at("2026-07-10T09:30:00+09:00");
    paste(emu, [demoInput(7)[6]!]);
    const days = emu.records(SCHEDULE);
    expect(days.map((d) => (d["날짜"] as Date).getTime())).toEqual(
      before.map((d) => (d["날짜"] as Date).getTime()),
    );
    expect(days.map((d) => d["요일"])).toEqual(before.map((d) => d["요일"]));
    for (const day of days) expect(typeof day["남음"]).toBe("number");
    const made = emu.records(EVENTS).filter((e) => e["사건"] === "탭 다시 만듦");
    expect(made.map((e) => e["이후"])).toEqual([SCHEDULE]);
    // The next reconcile finds it and makes nothing again.
    emu.fireTimer("reconcile");
    expect(emu.records(EVENTS).filter((e) => e["사건"] === "탭 다시 만듦").length).toBe(1);
  });

  it("a tab the script makes again has setup's formats: text and date formats, tick boxes, dropdowns, bold header, hidden columns", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(3));
    const names = [EVENTS, PROBLEMS, TODAY, SCHEDULE];
    const setUp = Object.fromEntries(names.map((n) => [n, lookOf(emu, n)]));
    for (const name of names) deleteTab(emu, name);
    emu.fireTimer("reconcile");
    for (const name of names) expect(lookOf(emu, name)).toEqual(setUp[name]);
    // Not two empty looks compared: what setup gives is there.
    const events = lookOf(emu, EVENTS);
    expect(events.sheetProtections).toBe(1);
    expect(events.columns[2]).toMatchObject({ header: "주문번호", bold: true, format: ["@", "@"] });
    const problems = lookOf(emu, PROBLEMS).columns;
    expect(problems.find((c) => c.header === "해결됨")!.validation?.kind).toBe("checkbox");
    expect(problems.find((c) => c.header === "문제ID")!.hidden).toBe(true);
    expect(lookOf(emu, SCHEDULE).columns[0]!.format).toEqual(["yyyy-mm-dd", "yyyy-mm-dd"]);
    expect(lookOf(emu, TODAY).frozen).toBe(2);
  });

  it("after 출하 일정's columns were reordered, the pass writes its days under the right headers", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(
      emu,
      demoInput(4).map((r) => ({ ...r, 입금상태: "입금완료" })),
    );
    emu.fireTimer("reconcile");
    const before = emu.records(SCHEDULE);
    reverseColumns(emu, SCHEDULE);
    // Tutu closes the first season day in the reordered tab; the pass must read and write by header.
    emu.edit(SCHEDULE, 2, col(emu, SCHEDULE, "휴무"), [[true]]);
    emu.fireTimer("reconcile");
    const after = emu.records(SCHEDULE);
    expect(after.map((d) => (d["날짜"] as Date).getTime())).toEqual(
      before.map((d) => (d["날짜"] as Date).getTime()),
    );
    expect(after.map((d) => d["요일"])).toEqual(before.map((d) => d["요일"]));
    expect(after[0]).toMatchObject({ 휴무: true, 배정: 0, 남음: 0 });
    for (const day of after) expect(typeof day["남음"]).toBe("number");
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
