/**
 * The two reads an incremental edit is built on (issue 12): a block of rows and a TextFinder over
 * one column. The emulator's TextFinder follows Google's reference (case-insensitive, partial,
 * displayed values unless told otherwise) and charges the call, the matches and the search; the
 * local hosts give the same answers without a spreadsheet.
 */
import { AppsScriptEmulator } from "../emulator/appsScript";
import { MemoryWorkbook } from "../../src/local/memoryWorkbook";

function sheetWithCodes() {
  const emu = new AppsScriptEmulator();
  const sheet = emu.spreadsheet.insertSheet("codes");
  sheet.getRange(1, 1, 6, 2).setValues([
    ["주문번호", "메모"],
    ["AB12-CD", "첫 줄"],
    ["ab12-cd", "소문자"],
    ["AB12-CDX", "더 긴 코드"],
    ["AB12-CD", "같은 주문 둘째 줄"],
    [1234, "숫자"],
  ]);
  return { emu, sheet };
}

describe("TextFinder in the emulator", () => {
  it("matches case and whole cell only when told, as Google documents", () => {
    const { sheet } = sheetWithCodes();
    const rows = (f: { findAll(): { getRow(): number }[] }) => f.findAll().map((r) => r.getRow());
    expect(rows(sheet.getRange("A2:A").createTextFinder("AB12-CD"))).toEqual([2, 3, 4, 5]);
    expect(rows(sheet.getRange("A2:A").createTextFinder("AB12-CD").matchCase(true))).toEqual([2, 4, 5]);
    expect(
      rows(sheet.getRange("A2:A").createTextFinder("AB12-CD").matchCase(true).matchEntireCell(true)),
    ).toEqual([2, 5]);
    expect(rows(sheet.getRange("A2:A").createTextFinder("1234").matchEntireCell(true))).toEqual([6]);
    expect(
      rows(sheet.getRange("A3:A").createTextFinder("AB12-CD").matchCase(true).matchEntireCell(true)),
    ).toEqual([5]);
  });

  it("is one round trip that moves only the matches, however long the column", () => {
    const { emu, sheet } = sheetWithCodes();
    sheet.getRange(7, 1, 994, 1).setValues(Array.from({ length: 994 }, (_, i) => [`X${i}`]));
    const before = { trips: emu.counter.roundTrips, read: emu.counter.cellsRead ?? 0 };
    const found = sheet.getRange("A2:A").createTextFinder("X500").matchEntireCell(true).findAll();
    expect(found.map((r) => r.getRow())).toEqual([507]);
    expect(emu.counter.roundTrips - before.trips).toBe(1);
    expect((emu.counter.cellsRead ?? 0) - before.read).toBe(1);
  });

  it("refuses an empty search text, as Sheets does", () => {
    const { sheet } = sheetWithCodes();
    expect(() => sheet.getRange("A2:A").createTextFinder("")).toThrow();
  });
});

describe("the local workbook's readRows and findRows", () => {
  it("answer as the Sheets host does: exact text, numbers as text, rows past the end absent", () => {
    const wb = new MemoryWorkbook();
    const sheet = wb.addSheet("codes", [["주문번호"], ["AB12-CD"], ["ab12-cd"], ["AB12-CD"], [1234]]);
    expect(sheet.findRows(1, "AB12-CD", 2)).toEqual([2, 4]);
    expect(sheet.findRows(1, "AB12-CD", 3)).toEqual([4]);
    expect(sheet.findRows(1, "1234", 2)).toEqual([5]);
    expect(sheet.findRows(1, "", 2)).toEqual([]);
    expect(sheet.readRows(2, 2, 1)).toEqual([["AB12-CD"], ["ab12-cd"]]);
    expect(sheet.readRows(5, 3, 2)).toEqual([[1234, ""]]);
  });
});
