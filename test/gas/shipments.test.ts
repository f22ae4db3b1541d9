/**
 * A shipment is what goes to one place, through dist/Code.js: one order's rows to the same
 * recipient and address are allocated together (never split across days), take a hand-typed
 * date together, show as one line on 오늘 출하, and a tick or a waybill there reaches every row.
 */
import { at, col, freshSpreadsheet, ORDERS, paste, SCHEDULE, TODAY } from "./helpers";

const row = (orderer: string, item: string, boxes: number, address = "서울특별시 중구 세종대로 110") => ({
  주문자: orderer,
  "주문자 연락처": orderer === "문희경" ? "010-2345-6789" : "010-1111-2222",
  받는분: "문희경",
  "받는분 연락처": "010-2345-6789",
  우편번호: "04524",
  주소: address,
  품목: item,
  상자수: boxes,
});

describe("a shipment on Apps Script", () => {
  const emu = freshSpreadsheet();
  const records = () => emu.records(ORDERS);
  const dateOf = (r: Record<string, unknown>) => (r["출하예정일"] as Date).toISOString().slice(0, 10);

  beforeAll(() => {
    emu.now = at("2026-07-10T09:00:00+09:00");
    paste(emu, [row("김철수", "백도 4.5kg", 2)]);
    // 7월 13일 holds 3 boxes: 김철수's 2 leave room for one box, not for 문희경's two.
    const day = emu
      .records(SCHEDULE)
      .findIndex((d) => (d["날짜"] as Date).toISOString() === "2026-07-12T15:00:00.000Z");
    emu.edit(SCHEDULE, day + 2, col(emu, SCHEDULE, "출하량(상자)"), [[3]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    paste(emu, [
      row("문희경", "백도 4.5kg", 1),
      row("문희경", "황도 4.5kg", 1, "서울특별시 중구 세종대로110"),
    ]);
    emu.now = at("2026-07-10T10:00:00+09:00");
    emu.edit(ORDERS, 3, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
  });

  it("charges one fee, and notes on the second row where it went", () => {
    const [other, first, second] = records();
    expect(first!["주문번호"]).toBe(second!["주문번호"]);
    expect([first!["배송비"], second!["배송비"], other!["배송비"]]).toEqual([5000, 0, 5000]);
    expect(second!["묶음 배송"]).toBe("3행과 한 곳으로 배송 · 배송비는 3행에");
    expect(first!["묶음 배송"]).toBe("4행과 한 곳으로 배송 · 배송비 5,000원 이 줄에");
    expect(other!["묶음 배송"]).toBe("");
  });

  it("never splits a shipment across days", () => {
    const [other, first, second] = records();
    expect(dateOf(other!)).toBe("2026-07-12"); // 7월 13일, Seoul midnight
    expect([dateOf(first!), dateOf(second!)]).toEqual(["2026-07-13", "2026-07-13"]);
    const july13 = emu
      .records(SCHEDULE)
      .find((d) => (d["날짜"] as Date).toISOString() === "2026-07-12T15:00:00.000Z")!;
    expect([july13["배정"], july13["남음"]]).toEqual([2, 1]);
  });

  it("moves every row of the shipment when Tony types a date on one of them", () => {
    emu.edit(ORDERS, 4, col(emu, ORDERS, "출하예정일"), [["2026-07-15"]]);
    const [, first, second] = records();
    expect([dateOf(first!), dateOf(second!)]).toEqual(["2026-07-14", "2026-07-14"]);
  });

  it("is one line on 오늘 출하, and a tick and a waybill there reach both rows", () => {
    emu.now = at("2026-07-15T00:05:00+09:00");
    emu.fireTimer("rolloverToday");
    const lines = emu.records(TODAY, 2).filter((r) => r["행ID"]);
    expect(lines.map((l) => [l["품목"], l["상자수"]])).toEqual([["백도 4.5kg 1 + 황도 4.5kg 1", 2]]);
    emu.now = at("2026-07-15T09:00:00+09:00");
    emu.edit(TODAY, 3, col(emu, TODAY, "택배사", 2), [["CJ대한통운"]]);
    emu.edit(TODAY, 3, col(emu, TODAY, "송장번호", 2), [["6000-1111-2222, 6000-1111-3333"]]);
    emu.edit(TODAY, 3, col(emu, TODAY, "발송", 2), [[true]]);
    emu.now = at("2026-07-15T09:10:00+09:00");
    emu.fireTimer("reconcile"); // Tutu's edits reach 주문 with the next reconcile
    const [, first, second] = records();
    for (const r of [first!, second!])
      expect([r["진행상태"], r["택배사"], r["송장번호"], r["확인 필요"]]).toEqual([
        "발송",
        "CJ대한통운",
        "600011112222, 600011113333",
        "",
      ]);
  });
});
