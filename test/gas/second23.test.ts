/**
 * Issue 23, Tony's second look, through dist/Code.js in the emulator: a 상자수 typed as text is
 * kept as a number (14); 설정's example counts as filled only when Tony typed it (16); an
 * outdated "출하 예정" message is withdrawn after 발송 and 오류's 항목 names the column in Korean
 * (17); the status timeline shows the bank's time of a deposit (19). The .xlsx twin is
 * test/local/second23.test.ts.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, freshSpreadsheet, ORDERS, paste, PROBLEMS } from "./helpers";
import { PAYMENT_ORDERS } from "../scenario/paymentOrders";
import { KAKAO_ROWS, tsv } from "../scenario/money23";
import { tab } from "../../src/templates";

interface Due {
  orderCode: string;
  label: string;
  text: string;
  blocked?: true;
}

const EXAMPLE = "카카오뱅크 3333-01-2345678 (예금주 토니)";

const order = (name: string, boxes: string | number, i: number) => ({
  주문자: name,
  "주문자 연락처": `010-4000-100${i}`,
  받는분: name,
  "받는분 연락처": `010-4000-100${i}`,
  우편번호: "06236",
  주소: `서울특별시 강남구 테헤란로 ${i + 1}`,
  품목: "백도 4.5kg",
  상자수: boxes,
});

function setSetting(emu: AppsScriptEmulator, label: string, value: string, description?: string) {
  const row = emu.values("설정").findIndex((r) => r[0] === label) + 1;
  emu.edit("설정", row, 2, [[value]]);
  if (description !== undefined) emu.edit("설정", row, 3, [[description]]);
}

const dueOf = (emu: AppsScriptEmulator) => {
  const page = emu.openPage("showMessages");
  return (page("getDueMessages") as { messages: Due[] }).messages;
};

describe("issue 23 · Tony's second look (Apps Script)", () => {
  it("14 · a 상자수 typed as text into a text-formatted cell is written back as the number", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T20:00:00+09:00");
    const boxes = col(emu, ORDERS, "상자수");
    emu.spreadsheet.tab(ORDERS).formats.push({ r1: 2, r2: 50, c1: boxes, c2: boxes, format: "@" });
    paste(emu, [order("글자씨", "3", 0)]);
    const [row] = emu.records(ORDERS);
    expect(row!["상자수"]).toBe(3);
    expect(typeof row!["합계"]).toBe("number");
    expect(row!["확인 필요"]).toBe("");
  });

  it("16 · 설정's example counts as filled only when Tony typed it; otherwise 예시 값 그대로입니다", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T20:00:00+09:00");
    paste(emu, [order("예시씨", 1, 0)]);
    const request = () => dueOf(emu).find((m) => m.label === "입금 요청")!;
    expect(request().text).toBe("설정의 '입금 안내'를 먼저 적어 주세요");
    // This sheet's 설정 started with 입금 안내 empty: the example there now is Tony's.
    setSetting(emu, "입금 안내", EXAMPLE);
    expect(request().blocked).toBeUndefined();
    expect(request().text).toContain("3333-01-2345678");
    // A sheet made by the template that wrote the example itself (its shorter 설명).
    setSetting(emu, "입금 안내", EXAMPLE, "입금 요청 메시지와 조회 화면에 나옵니다");
    expect(request()).toMatchObject({
      blocked: true,
      text: "설정의 '입금 안내'는 예시 값 그대로입니다. 실제 값으로 고쳐 주세요",
    });
  });

  it("17 · no 출하 예정 message after 발송; 오류's 항목 shows 상자수, not boxes", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T20:00:00+09:00");
    setSetting(emu, "입금 안내", "농협 351-1234-5678-93 (예금주 김토니)");
    paste(emu, [order("보낸씨", 2, 0), order("많이씨", "많이", 1)]);
    const payment = col(emu, ORDERS, "입금상태");
    emu.now = at("2026-07-12T10:00:00+09:00");
    emu.edit(ORDERS, 2, payment, [["입금완료"]]);
    const code = String(emu.records(ORDERS)[0]!["주문번호"]);
    const mine = () => dueOf(emu).filter((m) => m.orderCode === code);
    expect(mine().map((m) => m.label)).toEqual(["입금 확인"]);
    expect(mine()[0]!.text).toMatch(/출하 예정/);
    // Shipped before Tony sent it: the 입금 확인 with its 출하 예정 date is withdrawn.
    emu.now = at("2026-07-13T09:00:00+09:00");
    emu.edit(ORDERS, 2, col(emu, ORDERS, "송장번호"), [["521853123456"]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "진행상태"), [["발송"]]);
    expect(emu.records(ORDERS)[0]!["진행상태"]).toBe("발송");
    expect(mine().map((m) => m.label)).toEqual(["발송 안내"]);
    expect(mine()[0]!.text).not.toMatch(/출하 예정/);

    const problems = emu.records(PROBLEMS).filter((p) => String(p["문제"]).startsWith("상자수"));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p["항목"])).toEqual(problems.map(() => "상자수"));
  });

  it("19 · the status timeline shows the bank's time of a pasted deposit; a payment marked by hand when marked", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T20:00:00+09:00");
    paste(emu, [...PAYMENT_ORDERS]);
    // Tony pastes the bank's lines of the day before; 홍길동 paid 660-551 at 09:14 on 12 July.
    emu.now = at("2026-07-13T09:00:00+09:00");
    const answer = emu.openPage("showPaymentImport")("applyBankPayments", tsv(KAKAO_ROWS), []) as {
      ok: boolean;
    };
    expect(answer.ok).toBe(true);
    // And marks 660-552 paid by hand an hour later.
    emu.now = at("2026-07-13T10:00:00+09:00");
    const row = emu.records(ORDERS).findIndex((r) => r["주문번호"] === "660-552") + 2;
    emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const timeline = (code: string) =>
      (
        emu.run("lookupStatus", [code, "2222"], "webapp").value as {
          view: { recipients: { timeline: { at: string; text: string }[] }[] };
        }
      ).view.recipients[0]!.timeline.filter((t) => /입금/.test(t.text));
    expect(timeline("660-551")).toEqual([
      { at: "7월 12일 (일) 오전 9:14", text: "입금 확인" },
      { at: "7월 12일 (일) 오전 9:14", text: "40,000원 입금됨" },
    ]);
    expect(timeline("660-552")).toEqual([{ at: "7월 13일 (월) 오전 10:00", text: "입금 확인" }]);
    // Rebuilt from 이력 (the read model's tab deleted, the warm views expired): the same times.
    emu.spreadsheet.deleteSheet(emu.spreadsheet.tab(tab("views").name));
    emu.now = at("2026-07-13T10:30:00+09:00");
    emu.fireTimer("reconcile");
    expect(timeline("660-551")).toEqual([
      { at: "7월 12일 (일) 오전 9:14", text: "40,000원 입금됨" },
      { at: "7월 12일 (일) 오전 9:14", text: "입금 확인" },
    ]);
    expect(timeline("660-552")).toEqual([{ at: "7월 13일 (월) 오전 10:00", text: "입금 확인" }]);
  });
});
