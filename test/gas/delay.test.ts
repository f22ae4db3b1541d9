/**
 * Issue 21, point 5 on Sheets, through the built dist/Code.js: the menu 수확 미루기 asks the
 * item, the days and why, then moves the item's window and its shipments not yet worked on,
 * logs 출하일 변경 with the reason and drafts the messages; a bad answer changes nothing; an
 * anonymous visitor of the web app cannot call it.
 */
import { addDays, seoulDateOf } from "../../src/domain/clock";
import { at, col, demoInput, EVENTS, freshSpreadsheet, midSeason, ORDERS, paste, shipDays } from "./helpers";

function shop() {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-11T10:00:00+09:00");
  paste(emu, demoInput(12));
  const pay = col(emu, ORDERS, "입금상태");
  for (let row = 2; row <= 13; row++) emu.edit(ORDERS, row, pay, [["입금완료"]]);
  return emu;
}

const dateOf = (v: unknown) => (v instanceof Date ? seoulDateOf(v) : null);

describe("수확 미루기 on Sheets", () => {
  it("moves 황도's shipments by at least 3 days, says why in 이력, and drafts the change messages", () => {
    const emu = shop();
    const before = emu.records(ORDERS);
    expect(before.some((r) => r["품목"] === "황도 4.5kg" && dateOf(r["출하예정일"]))).toBe(true);
    emu.now = at("2026-07-12T09:00:00+09:00");
    emu.promptAnswers.push("황도", "3", "비");
    emu.run("delayHarvestMenu");
    const after = emu.records(ORDERS);
    let moved = 0;
    before.forEach((r, i) => {
      const was = dateOf(r["출하예정일"]);
      const is = dateOf(after[i]!["출하예정일"]);
      if (r["품목"] === "황도 4.5kg" && was && r["진행상태"] === "출하예정") {
        expect(is === null || is >= addDays(was, 3)).toBe(true);
        moved++;
      } else expect(is).toBe(was);
    });
    expect(moved).toBeGreaterThan(0);
    const reasons = emu
      .records(EVENTS)
      .filter((e) => e["사건"] === "출하일 변경")
      .map((e) => e["내용"]);
    expect(reasons.length).toBeGreaterThanOrEqual(moved);
    expect(new Set(reasons)).toEqual(new Set(["수확이 늦어짐: 비"]));
    const setting = emu.values("설정").find((r) => r[0] === "수확 기간: 황도 4.5kg");
    // The season's first day (7월 13일) was still to come: the window starts 3 days after it.
    expect(setting?.[1]).toBe("07-16~09-19");
  });

  it("a bad answer changes nothing and says why", () => {
    const emu = shop();
    const before = JSON.stringify(emu.records(ORDERS));
    emu.promptAnswers.push("자두", "3", "비");
    emu.run("delayHarvestMenu");
    expect(JSON.stringify(emu.records(ORDERS))).toBe(before);
    expect(emu.values("설정").some((r) => String(r[0]).includes("자두"))).toBe(false);
  });

  it("is not reachable from the web app", () => {
    const emu = shop();
    const before = JSON.stringify(emu.records(ORDERS));
    emu.promptAnswers.push("황도", "3", "비");
    emu.run("delayHarvestMenu", [], "webapp");
    expect(JSON.stringify(emu.records(ORDERS))).toBe(before);
  });
});

describe("수확 미루기 mid-season at 1,000 orders (issue 21, point 8)", () => {
  it("is one execution that reads 주문 whole once, and its counts are what 주문 shows", () => {
    const { emu } = midSeason(1000);
    emu.now = at("2026-07-27T06:00:00+09:00");
    const before = shipDays(emu);
    const first = emu.executionLog.length;
    emu.promptAnswers.push("백도", "3", "비");
    emu.run("delayHarvestMenu");
    const runs = emu.executionLog.slice(first);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.error).toBeUndefined();
    const after = shipDays(emu);
    const moved = before.filter((d, i) => d && after[i] && after[i] !== d).length;
    const waiting = before.filter((d, i) => d && !after[i]).length;
    expect(moved).toBeGreaterThan(0);
    expect(waiting).toBeGreaterThan(0); // 백도's window is full: some shipments wait for room
    expect(emu.spreadsheet.toasts.at(-1)).toContain(`출하일이 바뀐 줄 ${moved}개, 대기 ${waiting}개`);
    // 주문 whole is 1,001 × 27 cells: read once, where the delay used to read it three times
    // (before, in its pass, after); at 20,000 orders each read is 5.4 modelled seconds.
    const orders = emu.values(ORDERS);
    expect(run.cellsRead).toBeLessThan(2 * orders.length * orders[0]!.length);
    // About 7 s here; the 30 s target at 20,000 orders is the bench's (BENCHMARKS.md).
    expect(run.modelledMs).toBeLessThan(15_000);
  });
});
