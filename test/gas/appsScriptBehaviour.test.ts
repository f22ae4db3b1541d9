/**
 * Apps Script behaviours the script must respect, each through dist/Code.js in the emulator
 * (docs/emulator.md names the source of each and the 진단 check that confirms it live).
 */
import { tab } from "../../src/templates";
import { AppsScriptEmulator, assertTransferable } from "../emulator/appsScript";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { at, col, demoInput, freshSpreadsheet, ORDERS, paste, SCHEDULE } from "./helpers";

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

describe("triggers belong to the person who installed them", () => {
  it("records who installed them; a second person is told who and installs no duplicates", () => {
    const emu = freshSpreadsheet(); // Tony installed them
    expect(emu.scriptProperties.get("TRIGGERS_INSTALLED_BY")).toBe("tony@example.com");
    emu.run("installTriggers"); // Tony again: replaced, not doubled
    expect(emu.triggers).toHaveLength(3);
    emu.user = "tutu@example.com";
    const shown = emu.shown.length;
    emu.run("installTriggers");
    expect(emu.triggers).toHaveLength(3);
    expect(emu.triggers.every((t) => t.owner === "tony@example.com")).toBe(true);
    expect(emu.shown.slice(shown).map((s) => s.content)).toEqual([
      expect.stringContaining("이미 tony@example.com 계정이 켜 두었습니다"),
    ]);
  });
});

describe("이력's 누가", () => {
  it("names the editor when Google gives the edit event's user, the tab's role otherwise", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(2));
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    expect(emu.records("이력").at(-1)!["누가"]).not.toMatch(/@/);
    emu.eventUser = "tony@example.com";
    emu.edit(ORDERS, 3, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const mine = emu.records("이력").filter((e) => e["사건"] === "입금" || e["누가"] === "tony@example.com");
    expect(mine.at(-1)!["누가"]).toBe("tony@example.com");
    // The script's own consequences (a ship date given) stay the script's.
    expect(emu.records("이력").at(-1)!["누가"]).toBe("스크립트");
  });
});

describe("the midnight roll-over", () => {
  const todayTitle = (emu: AppsScriptEmulator) => String(emu.values("오늘 출하")[0]![0]);

  it("checks the date itself: a run that fires before midnight leaves the day alone", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-12T12:00:00+09:00");
    emu.run("refreshToday");
    const before = todayTitle(emu);
    expect(before).toContain("7월 12일");
    emu.now = at("2026-07-12T23:52:00+09:00"); // nearMinute: up to 15 minutes early
    const trips = emu.fireTimer("rolloverToday");
    expect(trips).toBe(0);
    expect(todayTitle(emu)).toBe(before);
    emu.now = at("2026-07-13T00:14:00+09:00");
    emu.fireTimer("rolloverToday");
    expect(todayTitle(emu)).toContain("7월 13일");
  });
});

describe("values returned to a page", () => {
  it("never contain a Date, whatever Date is typed into any tab", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(6));
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.now = at("2026-07-13T00:10:00+09:00");
    emu.fireTimer("rolloverToday");
    const typed = at("2026-07-20T00:00:00+09:00");
    // A date typed into a text column of every tab (the last column and a memo-like one).
    for (const sheet of emu.spreadsheet.sheets) {
      const name = sheet.getName();
      const headerRow = name === "오늘 출하" ? 2 : 1;
      const width = emu.values(name)[headerRow - 1]!.length;
      for (let c = 1; c <= width; c++)
        sheet.put(headerRow + 1, c, c % 3 === 0 ? typed : sheet.get(headerRow + 1, c));
      sheet.put(headerRow + 2, width, typed);
    }
    // No pass runs in between: the pages read the tabs exactly as typed.
    const row = emu.records(ORDERS)[0]!;
    const pageCalls: [string, string, unknown[]][] = [
      ["showMessages", "getDueMessages", []],
      ["showCourierExport", "courierFile", ["2026-07-13", "cj"]],
      [
        "showTrackingImport",
        "importTrackingText",
        ["받는분성명\t받는분전화번호\t운송장번호", "2026-07-13", "CJ대한통운"],
      ],
      ["showPrintToday", "getTodayList", []],
    ];
    for (const [opener, fn, args] of pageCalls) {
      const call = emu.openPage(opener);
      expect(() => call(fn, ...args)).not.toThrow();
    }
    for (const [fn, args] of [
      ["lookupStatus", [row["주문번호"], String(row["주문자 연락처"]).slice(-4)]],
      ["lookupByToken", [row["조회토큰"]]],
    ] as const) {
      expect(() => emu.run(fn, [...args], "webapp")).not.toThrow();
    }
  });

  it("the emulator refuses a Date as google.script.run does", () => {
    const emu = new AppsScriptEmulator();
    expect(() => emu.runSource("function f() { return { at: new Date() }; }", "f")).not.toThrow();
    expect(() => assertTransferable({ rows: [[1, new Date()]] })).toThrow(/Date \(value.rows\[0\]\[1\]\)/);
  });
});

describe("a whole tab in one call", () => {
  it("getSheetValues(1, 1, -1, -1) reads what getDataRange().getValues() reads; a tab with no data throws", () => {
    const emu = new AppsScriptEmulator();
    emu.spreadsheet.insertSheet("t");
    const script = `function both() {
      var t = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("t");
      t.getRange(1, 1, 2, 3).setValues([["a", "", 1], ["", false, ""]]);
      return JSON.stringify([t.getSheetValues(1, 1, -1, -1), t.getDataRange().getValues()]);
    }
    function empty() {
      var t = SpreadsheetApp.getActiveSpreadsheet().getSheetByName("t");
      t.clear();
      try { t.getSheetValues(1, 1, -1, -1); return "read"; } catch (e) { return "threw"; }
    }`;
    const calls = () => emu.counter.calls.get("getSheetValues") ?? 0;
    const [one, other] = JSON.parse(emu.runSource(script, "both").value as string) as unknown[][];
    expect(one).toEqual([
      ["a", "", 1],
      ["", false, ""],
    ]);
    expect(one).toEqual(other);
    expect(calls()).toBe(1);
    expect(emu.runSource(script, "empty").value).toBe("threw");
  });

  it("the script still reads a tab someone emptied (header and all) as no rows", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-13T09:00:00+09:00");
    paste(emu, demoInput(4));
    emu.fireTimer("reconcile");
    emu.spreadsheet.tab("오류").clear();
    emu.now = at("2026-07-13T12:10:00+09:00"); // a full pass: every tab read
    emu.fireTimer("reconcile");
    const run = emu.executionLog.at(-1)!;
    expect([run.error, run.calls.getDataRange]).toEqual([undefined, 1]); // the empty tab's read
    expect(emu.records("오류").filter((p) => String(p["문제"]).startsWith("실행 중 오류"))).toEqual([]);
  });
});

describe("the spreadsheet's own time zone", () => {
  it("setup sets it to Seoul; typed dates then mean Seoul days; the next full pass reports a change in 오류", () => {
    const emu = new AppsScriptEmulator();
    expect(emu.spreadsheet.timeZone).toBe("America/Los_Angeles"); // a new sheet's creator zone
    emu.run("onOpen");
    emu.run("setupTabs");
    emu.run("installTriggers");
    expect(emu.spreadsheet.timeZone).toBe("Asia/Seoul");
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(2));
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "출하예정일"), [["2026-07-15"]]);
    expect((emu.records(ORDERS)[0]!["출하예정일"] as Date).toISOString()).toBe("2026-07-14T15:00:00.000Z");
    emu.fireTimer("reconcile");
    expect(emu.records("오류").filter((p) => p["항목"] === "시간대")).toEqual([]);
    emu.spreadsheet.timeZone = "Europe/London"; // someone changed File → Settings
    const later = (minutes: number) => {
      emu.now = new Date(emu.now.getTime() + minutes * 60_000);
      emu.fireTimer("reconcile");
      const run = emu.executionLog.at(-1)!;
      expect([run.fn, run.error]).toEqual(["reconcile", undefined]);
      return run.calls["getSpreadsheetTimeZone"] ?? 0;
    };
    // The reconciles between full passes do not ask (one call each saved); the full pass does.
    expect(later(10)).toBe(0);
    expect(emu.records("오류").filter((p) => p["항목"] === "시간대")).toEqual([]);
    expect(later(180)).toBe(1);
    const open = emu.records("오류").filter((p) => p["항목"] === "시간대");
    expect(open).toHaveLength(1);
    expect(String(open[0]!["문제"])).toMatch(/Europe\/London/);
    later(10);
    expect(emu.records("오류").filter((p) => p["항목"] === "시간대")).toHaveLength(1); // reported once
    emu.spreadsheet.timeZone = "Asia/Seoul";
    later(180);
    expect(emu.records("오류").filter((p) => p["항목"] === "시간대")[0]!["해결됨"]).toBe(true);
  });
});

describe("plain-text (@) cells", () => {
  it("get text without a leading apostrophe, and one read back is dropped", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    const [row] = demoInput(1);
    paste(emu, [{ ...row!, 우편번호: "06236", "주문자 연락처": "01012345678" }]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.now = at("2026-07-13T00:10:00+09:00");
    emu.fireTimer("rolloverToday");
    const sheets = ["주문", "오늘 출하"].map((n) => emu.spreadsheet.tab(n));
    for (const sheet of sheets) {
      for (let r = 1; r <= sheet.lastRow(); r++)
        for (let c = 1; c <= sheet.lastColumn(); c++) {
          const v = sheet.get(r, c);
          if (sheet.formatAt(r, c) === "@" && typeof v === "string") expect(v.startsWith("'")).toBe(false);
        }
    }
    expect(emu.records(ORDERS)[0]!["우편번호"]).toBe("06236");
    // A value left with its apostrophe in an @ cell (typed as '06236) reads as 06236.
    emu.edit(ORDERS, 2, col(emu, ORDERS, "우편번호"), [["'06237"]]);
    expect(emu.records(ORDERS)[0]!["우편번호"]).toBe("'06237"); // the emulator keeps it, worst case
    emu.fireTimer("reconcile");
    const problems = emu.records("오류").filter((p) => p["항목"] === "우편번호" && p["해결됨"] !== true);
    expect(problems).toEqual([]);
  });
});

describe("tab size and whole-column formats", () => {
  it("new tabs keep only their template's columns, well under the 10 million cell limit", () => {
    const emu = freshSpreadsheet();
    for (const sheet of emu.spreadsheet.sheets) {
      const header = emu.values(sheet.getName())[sheet.getName() === "오늘 출하" ? 1 : 0]!;
      expect(sheet.maxColumns).toBe(header.length);
    }
    expect(emu.spreadsheet.cells()).toBeLessThan(6 * 1000 * 26);
  });

  it("the emulator refuses a tab past the 10 million cell limit, as Sheets does", () => {
    const emu = freshSpreadsheet();
    const orders = emu.spreadsheet.tab(ORDERS);
    expect(() => orders.insertRowsAfter(orders.maxRows, 10_000_000 / orders.maxColumns)).toThrow(
      /above the limit of 10000000 cells/,
    );
  });

  it("rows added later keep text phones and tick boxes (formats and validation cover whole columns)", () => {
    const emu = freshSpreadsheet();
    const orders = emu.spreadsheet.tab(ORDERS);
    orders.insertRowsAfter(orders.maxRows, 500); // Tony adds rows at the bottom
    const far = orders.maxRows;
    expect(orders.formatAt(far, col(emu, ORDERS, "주문자 연락처"))).toBe("@");
    const today = emu.spreadsheet.tab("오늘 출하");
    today.insertRowsAfter(today.maxRows, 10);
    expect(today.validationAt(today.maxRows, col(emu, "오늘 출하", "수확", 2))?.getCriteriaType()).toBe(
      "CHECKBOX",
    );
  });
});

describe("rows sorted by their visible columns only", () => {
  /** Four orders, the first paid, then rows 2 and 3 swapped over the visible columns only. */
  function sortedVisibleOnly() {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(4));
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.fireTimer("reconcile");
    const before = emu.records(ORDERS);
    const sheet = emu.spreadsheet.tab(ORDERS);
    // Sort range over the visible columns only: the hidden 행ID·조회토큰·기록 stay put.
    const visible = tab("orders")
      .columns.filter((c) => !c.hidden)
      .map((c) => col(emu, ORDERS, c.header));
    const rows = [2, 3].map((r) => visible.map((c) => sheet.get(r, c)));
    visible.forEach((c, i) => {
      sheet.put(2, c, rows[1]![i]);
      sheet.put(3, c, rows[0]![i]);
    });
    return { emu, before, sheet, visible, rows };
  }

  it("a row whose hidden 기록 belongs to another row is set aside as a problem naming both rows", () => {
    const { emu, before, sheet, visible, rows } = sortedVisibleOnly();
    const paidName = before[0]!["받는분"];
    emu.fireTimer("reconcile");
    const moved = emu.records("오류").filter((p) => p["항목"] === "행 이동" && p["해결됨"] !== true);
    expect(moved).toHaveLength(2);
    expect(String(moved[0]!["문제"])).toMatch(
      /^\d행\(.+\)의 숨은 칸\(행ID·조회토큰·기록\)은 \d행\(.+\)의 것입니다/,
    );
    // Neither row took the other's state: the paid order's ship date did not jump rows.
    const after = emu.records(ORDERS);
    expect(after.find((r) => r["받는분"] === paidName)!["출하예정일"]).toEqual(before[0]!["출하예정일"]);
    // Undo (put the rows back): the problems resolve.
    visible.forEach((c, i) => {
      sheet.put(2, c, rows[0]![i]);
      sheet.put(3, c, rows[1]![i]);
    });
    emu.fireTimer("reconcile");
    expect(emu.records("오류").filter((p) => p["항목"] === "행 이동" && p["해결됨"] !== true)).toEqual([]);
  });

  it("an edit of one row on another tab does not let the same row number of 주문 pass as renamed", () => {
    const { emu } = sortedVisibleOnly();
    // Tutu edits row 2 of 출하 일정 before any reconcile: 주문's row 2 is still a moved row.
    emu.edit(SCHEDULE, 2, col(emu, SCHEDULE, "출하량(상자)"), [[30]]);
    const moved = emu.records("오류").filter((p) => p["항목"] === "행 이동" && p["해결됨"] !== true);
    expect(moved).toHaveLength(2);
  });

  it("a name corrected by hand in one row is taken as the new identity", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(2));
    emu.edit(ORDERS, 2, col(emu, ORDERS, "받는분"), [["김고침"]]);
    emu.fireTimer("reconcile");
    expect(emu.records("오류").filter((p) => p["항목"] === "행 이동")).toEqual([]);
  });
});

describe("이력 season archive", () => {
  it("the menu moves last seasons' rows to 이력 YYYY; automatic past the threshold; timelines still rebuild", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, demoInput(3));
    const events = emu.spreadsheet.tab("이력");
    const width = emu.values("이력")[0]!.length;
    // Last season: 3 rows dated 2025, put above this season's rows.
    const old = Array.from({ length: 3 }, (_, i) => [
      at(`2025-08-0${i + 1}T10:00:00+09:00`),
      "토니",
      "001-001",
      "rold",
      "주문 접수",
      "",
      "",
      `'=지난${i}`,
    ]);
    const current = emu.values("이력").slice(1);
    [...old, ...current].forEach((row, r) => row.forEach((v, c) => events.put(r + 2, c + 1, v)));
    emu.run("archiveHistory");
    expect(
      emu
        .values("이력 2025")
        .slice(1)
        .map((r) => r[7]),
    ).toEqual(["=지난0", "=지난1", "=지난2"]);
    expect(emu.spreadsheet.tab("이력 2025").formulas.size).toBe(0); // text stays text
    expect(emu.values("이력").slice(1)).toEqual(current);
    expect(emu.spreadsheet.tab("이력 2025").maxColumns).toBe(width);

    // Automatic: past 30,000 rows, all but the newest 10,000 move to 이력 2026.
    const row = emu.records(ORDERS)[0]!;
    const filler = Array.from({ length: 30_000 }, (_, i) => [
      at("2026-07-10T10:00:00+09:00"),
      "스크립트",
      "",
      `rf${i}`,
      "메모",
      "",
      "",
      "",
    ]);
    const start = events.lastRow() + 1;
    events.maxRows = start + filler.length + 10;
    filler.forEach((r, i) => r.forEach((v, c) => events.put(start + i, c + 1, v)));
    emu.fireTimer("reconcile");
    expect(emu.spreadsheet.tab("이력").lastRow()).toBe(10_001);
    expect(emu.spreadsheet.tab("이력 2026").lastRow()).toBeGreaterThan(20_000);
    // The order's 주문 접수 is now in the archive; its timeline still shows it after the cache is gone.
    emu.cache.delete(`peach:view:${row["주문번호"]}`);
    const answer = emu.run(
      "lookupStatus",
      [row["주문번호"], String(row["주문자 연락처"]).slice(-4)],
      "webapp",
    ).value as { view: { recipients: { timeline: { text: string }[] }[] } };
    expect(answer.view.recipients[0]!.timeline.map((t) => t.text)).toContain("주문 접수");
  }, 60_000);
});
