/**
 * 진단 through dist/Code.js: the same live self-check Tony runs from the menu, run in the
 * emulator, where every check passes (the emulator follows what the script assumes).
 */
import { at, demoInput, freshSpreadsheet, paste } from "./helpers";

describe("진단", () => {
  it("runs every check in a scratch tab, removes it, writes the 진단 tab and a copyable summary", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(2));
    const urlRow = emu.values("설정").findIndex((r) => r[0] === "조회 페이지 주소") + 1;
    emu.spreadsheet.tab("설정").put(urlRow, 2, "https://script.google.com/macros/s/AKfyTONY/exec");
    // Before the web app was opened and a reconcile ran, their checks are "not yet seen" (an
    // edit notes nothing: that would cost each edit a cache write).
    emu.run("diagnose");
    expect(
      emu
        .records("진단")
        .filter((r) => r["결과"] === "확인 전")
        .map((r) => r["번호"]),
    ).toEqual(["D8", "D9", "D10"]);
    emu.run("doGet", [{ parameter: {} }], "webapp");
    emu.fireTimer("reconcile");
    const sheetsBefore = emu.spreadsheet.sheets.map((s) => s.getName());
    emu.run("diagnose");
    expect(emu.spreadsheet.sheets.map((s) => s.getName())).toEqual(sheetsBefore);
    expect(sheetsBefore).not.toContain("진단 임시");
    const report = emu.records("진단");
    // The cell checks first (D14, appendRow into a plain-text column, is one of them), then the rest.
    const ids = report.map((r) => String(r["번호"]));
    expect([...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(
      Array.from({ length: 14 }, (_, i) => `D${i + 1}`),
    );
    expect(report.filter((r) => r["결과"] !== "통과")).toEqual([]);
    const dialog = emu.shown.at(-1)!;
    expect(dialog).toMatchObject({ kind: "dialog", title: "진단 결과" });
    expect(dialog.content).toMatch(
      /<textarea readonly[^>]*>복숭아 주문 진단 2026-07-11 · 통과 14 · 다름 0 · 확인 전 0/,
    );
  });

  it("tells what differs: a spreadsheet in another time zone, an address ending in /dev", () => {
    const emu = freshSpreadsheet();
    emu.spreadsheet.timeZone = "Europe/London";
    const urlRow = emu.values("설정").findIndex((r) => r[0] === "조회 페이지 주소") + 1;
    emu.spreadsheet.tab("설정").put(urlRow, 2, "https://script.google.com/macros/s/AKfyTONY/dev");
    emu.run("diagnose");
    const differs = emu.records("진단").filter((r) => r["결과"] === "다름");
    expect(differs.map((r) => r["번호"])).toEqual(["D4", "D6", "D11"]);
  });
});
