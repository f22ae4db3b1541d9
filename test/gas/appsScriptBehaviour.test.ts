/**
 * Apps Script behaviours the script must respect, each through dist/Code.js in the emulator
 * (docs/emulator.md names the source of each and the 진단 check that confirms it live).
 */
import { AppsScriptEmulator } from "../emulator/appsScript";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { at, col, demoInput, freshSpreadsheet, ORDERS, paste } from "./helpers";

const bundle = readFileSync(join(__dirname, "..", "..", "dist", "Code.js"), "utf8");

describe("locks", () => {
  it("the emulator sees a lock released before its writes were flushed", () => {
    const emu = new AppsScriptEmulator();
    emu.spreadsheet.insertSheet("t");
    const script = `function bad() {
      var lock = LockService.getScriptLock(); lock.tryLock(1000);
      SpreadsheetApp.getActiveSpreadsheet().getSheetByName("t").getRange(1, 1).setValue("x");
      lock.releaseLock();
    }
    function good() {
      var lock = LockService.getScriptLock(); lock.tryLock(1000);
      SpreadsheetApp.getActiveSpreadsheet().getSheetByName("t").getRange(1, 1).setValue("y");
      SpreadsheetApp.flush(); lock.releaseLock();
    }`;
    emu.runSource(script, "good");
    expect(emu.unflushedReleases).toEqual([]);
    emu.runSource(script, "bad");
    expect(emu.unflushedReleases).toHaveLength(1);
  });

  it("every lock the script takes is released only after its writes are flushed", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(8));
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.fireTimer("reconcile");
    emu.fireTimer("rolloverToday");
    emu.run("refreshToday");
    emu.run("recomputeSchedule");
    emu.run("setupTabs");
    const messages = emu.openPage("showMessages");
    const due = messages("getDueMessages") as { messages: { id: string }[] };
    messages("markMessageSent", due.messages[0]!.id);
    expect(emu.unflushedReleases).toEqual([]);
  });

  it("takes the script lock, which exists in a web app too, never the document lock", () => {
    // A web-app execution has no document lock (getDocumentLock() is null there).
    expect(bundle).not.toMatch(/getDocumentLock/);
    expect(bundle).toMatch(/getScriptLock/);
  });
});
