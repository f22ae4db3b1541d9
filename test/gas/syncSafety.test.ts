/**
 * The rules of test/local/syncSafety.test.ts on the Sheets path, through dist/Code.js: rows
 * pasted into 주문 and cells typed into 설정 and 출하 일정 are never silently changed or merged.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, EVENTS, freshSpreadsheet, ORDERS, paste, PROBLEMS, SCHEDULE } from "./helpers";
import { handTypedOrder as order } from "../scenario/handTyped";

function sheet(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-13T11:00:00+09:00");
  return emu;
}

/** Tony retypes a label in 설정's first column. */
function relabel(emu: AppsScriptEmulator, from: (label: string) => boolean, to: (label: string) => string) {
  const values = emu.values("설정");
  values.forEach((row, i) => {
    const label = String(row[0] ?? "");
    if (i > 0 && from(label)) emu.edit("설정", i + 1, 1, [[to(label)]]);
  });
}

describe("rows pasted into 주문 (Apps Script)", () => {
  it("rows with a blank 주문자 next to each other are separate orders", () => {
    const emu = sheet();
    paste(emu, [order(""), order("")]);
    const rows = emu.records(ORDERS);
    expect(rows[0]!["주문번호"]).not.toBe("");
    expect(rows[0]!["주문번호"]).not.toBe(rows[1]!["주문번호"]);
  });

  it("a row pasted with 진행상태 발송 gets its status events in 이력", () => {
    const emu = sheet();
    paste(emu, [order("김토니", { 진행상태: "발송", 송장번호: "123456789012" })]);
    const events = emu.records(EVENTS).filter((e) => e["사건"] === "상태");
    expect(events.map((e) => e["이후"])).toEqual(expect.arrayContaining(["수확", "포장", "발송"]));
    expect(emu.records(ORDERS)[0]!["진행상태"]).toBe("발송");
  });

  it("3상자, 3 박스 and 4box become one number, written back and logged", () => {
    const emu = sheet();
    paste(emu, [
      order("가", { 상자수: "3상자" }),
      order("나", { 상자수: "3 박스", 주소: "부산광역시 해운대구 해운대로 2" }),
      order("다", { 상자수: "4box", 주소: "대구광역시 중구 동성로 3" }),
    ]);
    expect(emu.records(ORDERS).map((r) => r["상자수"])).toEqual([3, 3, 4]);
    const logged = emu.records(EVENTS).filter((e) => e["사건"] === "상자수 정리");
    expect(logged.map((e) => e["이전"])).toEqual(["3상자", "3 박스", "4box"]);
  });

  it("control and bidi characters are stripped from names and logged", () => {
    const emu = sheet();
    paste(emu, [order("김\u202e토니\u200b")]);
    expect(emu.records(ORDERS)[0]!["주문자"]).toBe("김토니");
    const logged = emu.records(EVENTS).filter((e) => e["사건"] === "이름 정리");
    expect(logged.map((e) => e["이후"])).toEqual(["김토니", "김토니받음"]);
    expect(logged[0]!["이전"]).toBe("김\\u202e토니\\u200b"); // shown, not obeyed
  });
});

describe("설정 and 출하 일정 typed by hand (Apps Script)", () => {
  it("an invalid capacity (５, -5, abc, 40.5, 1e2) ships nothing that day and lands in 오류", () => {
    const emu = sheet();
    emu.fireTimer("reconcile"); // the first pass writes the season's days
    const bad = ["５", "-5", "abc", "40.5", "1e2"];
    const capacity = col(emu, SCHEDULE, "출하량(상자)");
    bad.forEach((v, i) => emu.edit(SCHEDULE, 2 + i, capacity, [[v]]));
    emu.fireTimer("reconcile");
    const flagged = emu.records(PROBLEMS).filter((p) => p["항목"] === "출하량(상자)" && p["해결됨"] !== true);
    expect(flagged.map((p) => p["원래 값"]).sort()).toEqual([...bad].sort());
    const days = emu.records(SCHEDULE).slice(0, bad.length);
    for (const day of days) expect(day["남음"]).toBe(0);
    // A paid order is given none of those days.
    paste(emu, [order("김토니")]);
    const shipDate = emu.records(ORDERS)[0]!["출하예정일"] as Date;
    expect(shipDate.getTime()).toBeGreaterThan((days.at(-1)!["날짜"] as Date).getTime());
  });

  it("a renamed price label stops the pass with a problem in 오류; no default price is used", () => {
    const emu = sheet();
    relabel(
      emu,
      (label) => label.startsWith("품목:"),
      (label) => label.replace("품목:", "상품 "),
    );
    paste(emu, [order("김토니")]);
    const problems = emu.records(PROBLEMS);
    expect(problems.some((p) => /품목:.*기본값으로 대신 계산하지 않습니다/.test(String(p["문제"])))).toBe(
      true,
    );
    expect(emu.records(ORDERS)[0]!["합계"]).toBe("");
  });

  it("a deleted non-money row of 설정 is listed in 오류", () => {
    const emu = sheet();
    relabel(
      emu,
      (label) => label === "판매자 이름",
      () => "가게 이름",
    );
    emu.fireTimer("reconcile");
    const problems = emu.records(PROBLEMS);
    expect(problems.some((p) => /'판매자 이름' 줄이 없어 기본값을 씁니다/.test(String(p["문제"])))).toBe(
      true,
    );
  });
});

describe("messages that name the real cause (Apps Script)", () => {
  it("a missing 주문 column is named in 오류, never blamed on 설정", () => {
    const emu = sheet();
    paste(emu, [order("김토니")]);
    emu.edit(ORDERS, 1, col(emu, ORDERS, "상자수"), [["박스"]]);
    emu.fireTimer("reconcile");
    const open = emu.records(PROBLEMS).filter((p) => p["해결됨"] !== true);
    expect(open.map((p) => [p["탭"], p["항목"], p["문제"]])).toContainEqual([
      ORDERS,
      "열",
      expect.stringMatching(/^주문 탭에 열이 없습니다: 상자수/),
    ]);
    expect(open.some((p) => /설정/.test(String(p["문제"])))).toBe(false);
  });
});
