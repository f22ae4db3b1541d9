/**
 * An edit that takes the lock itself carries the edits noted before it first (editNotes.ts
 * applyOwnEdit). A payment noted while a holder released its lock, then a second payment whose
 * execution took the lock before the holder looked again: decided first, the second would leave
 * the first paid before the latest of the others, which only the full pass can place (16–24 s at
 * 20,000 orders; the season day's burst, BENCHMARKS.md).
 */
import type { AppsScriptEmulator } from "../../emulator/appsScript";
import { editNoteEntry } from "../../../src/domain/editNotes";
import { tab } from "../../../src/templates";
import { col, mondayOfTwelve, ORDERS } from "../helpers";

const VIEWS = tab("views").name;

/** A payment ticked on `row` while another execution held the lock: in the cell, and noted. */
function paidWhileHeld(emu: AppsScriptEmulator, row: number, at: number, user = ""): void {
  const pay = col(emu, ORDERS, "입금상태");
  emu.spreadsheet.tab(ORDERS).put(row, pay, "입금완료");
  const [key, value] = editNoteEntry(
    "orders",
    { first: row, count: 1, column: pay, columns: 1 },
    at,
    "n1",
    user,
  );
  emu.scriptProperties.set(key, value);
}

describe("an edit that took the lock itself", () => {
  it("carries a payment noted before it first, each at its own time, with no full pass", () => {
    const emu = mondayOfTwelve();
    emu.edit("설정", emu.values("설정").findIndex((r) => r[0] === "하루 기본 출하량(상자)") + 1, 2, [[6]]);
    const pay = col(emu, ORDERS, "입금상태");
    emu.now = new Date(emu.now.getTime() + 600_000);
    const noted = emu.now.getTime();
    // 273-414 (row 8, 6 boxes) ticked while another execution held the lock: its cell shows it,
    // its note waits in the store.
    paidWhileHeld(emu, 8, noted);
    // Half a second later Tony ticks 921-040 (row 5, 3 + 3 boxes); the lock is free.
    emu.now = new Date(noted + 500);
    const logsBefore = emu.logs.length;
    emu.edit(ORDERS, 5, pay, [["입금완료"]]);
    const run = emu.executionLog.at(-1)!;
    expect(emu.logs.slice(logsBefore).filter((l) => l.includes("full pass"))).toEqual([]);
    expect(run.cellsRead).toBeLessThan(1000);
    // Only the note is deleted: the own edit has none (a delete of "" may throw on Google).
    expect(run.calls["PropertiesService.deleteProperty"]).toBe(1);
    expect(Object.keys(emu.scriptProperties.all()).filter((k) => k.startsWith("EN:"))).toEqual([]);
    const rows = emu.records(ORDERS);
    const at = (row: number) => (rows[row - 2]!["입금일시"] as Date).getTime();
    const day = (row: number) => (rows[row - 2]!["출하예정일"] as Date).getTime();
    expect([at(8), at(5)]).toEqual([noted, noted + 500]);
    // Six boxes a day: 273-414, paid first, has the first day; 921-040 the next.
    expect(day(8)).toBeLessThan(day(5));
  });
});

describe("a holder carrying several edits", () => {
  it("writes each edit's 주문 before the status views of the ones before it, and every view before its release", () => {
    const emu = mondayOfTwelve();
    emu.overlap = true;
    const pay = col(emu, ORDERS, "입금상태");
    emu.now = new Date(emu.now.getTime() + 600_000);
    const noted = emu.now.getTime();
    const codeOf = (row: number) => String(emu.records(ORDERS)[row - 2]!["주문번호"]);
    const viewOf = (code: string) => JSON.stringify(emu.values(VIEWS).find((r) => r.includes(code)) ?? null);
    // 273-414 (row 8) ticked by another editor while the lock was held: its note waits.
    paidWhileHeld(emu, 8, noted, "a@b.c");
    const first = codeOf(8);
    const before = viewOf(first);
    const ownBefore = viewOf(codeOf(5));
    // Tony ticks row 5: his execution carries the note, then his own edit (two passes).
    let firstViewWhenOwnShowed: string | null = null;
    emu.afterCall = () => {
      if (firstViewWhenOwnShowed === null && emu.records(ORDERS)[5 - 2]!["입금일시"] instanceof Date)
        firstViewWhenOwnShowed = viewOf(first);
    };
    emu.now = new Date(noted + 500);
    emu.edit(ORDERS, 5, pay, [["입금완료"]]);
    emu.afterCall = undefined;
    expect(firstViewWhenOwnShowed).toBe(before); // the first pass's view waited
    expect(viewOf(first)).not.toBe(before); // and was written before the release
    expect(viewOf(codeOf(5))).not.toBe(ownBefore);
    expect(emu.unflushedReleases).toEqual([]);
  });
});
