/**
 * Issue 21, point 5 on Sheets, through the built dist/Code.js: the menu 수확 미루기 asks the
 * item, the days and why, then moves the item's window and its shipments not yet worked on,
 * logs 출하일 변경 with the reason and drafts the messages; a bad answer changes nothing; an
 * anonymous visitor of the web app cannot call it.
 */
import { addDays, seoulDateOf } from "../../src/domain/clock";
import { at, col, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste } from "./helpers";

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
