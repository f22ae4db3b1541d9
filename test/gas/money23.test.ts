/**
 * Issue 23, money, through dist/Code.js in the emulator (입금 내역 붙여넣기): one deposit applied
 * once whatever the export's layout (1), a reversal undoing the payment (2), a late paste of a
 * payment made in time (3). The .xlsx twin is test/local/money23.test.ts.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, freshSpreadsheet, ORDERS, paste } from "./helpers";
import { PAYMENT_ORDERS } from "../scenario/paymentOrders";
import {
  KAKAO_ROWS,
  NH_ROWS,
  REVERSAL_ROWS,
  TWICE_LINE,
  WEB_ORDER,
  lateDeposit,
  timelyDeposit,
  tsv,
} from "../scenario/money23";

interface Report {
  plan: { lines: { line: number; kind: string; reason?: string; reasonText: string }[] };
  applied: { line: number; orderCode: string; amount: number; paid: boolean; restored?: true }[];
  refused: { line: number; error: string }[];
}

const apply = (emu: AppsScriptEmulator, text: string, choices: { line: number; codes: string[] }[] = []) => {
  const answer = emu.openPage("showPaymentImport")("applyBankPayments", text, choices) as {
    ok: boolean;
    report: Report;
  };
  expect(answer.ok).toBe(true);
  return answer.report;
};
const byCode = (emu: AppsScriptEmulator) =>
  new Map(emu.records(ORDERS).map((r) => [String(r["주문번호"]), r]));
const due = (emu: AppsScriptEmulator) =>
  (
    emu.openPage("showMessages")("getDueMessages") as {
      messages: { kind: string; orderCode: string; text: string; forSeller?: true }[];
    }
  ).messages;

function season(orders = [...PAYMENT_ORDERS], when = "2026-07-11T20:00:00+09:00"): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at(when);
  paste(emu, orders);
  return emu;
}

describe("issue 23 · money in Apps Script (입금 내역 붙여넣기)", () => {
  it("1 · one deposit is applied once, whatever the export's layout", () => {
    const emu = season();
    emu.now = at("2026-07-13T09:00:00+09:00");
    const first = apply(emu, tsv(KAKAO_ROWS), [{ line: 4, codes: ["777-001"] }]);
    expect(first.applied.map((a) => a.orderCode)).toEqual(["660-551", "123-456", "777-001"]);
    const after = JSON.stringify([emu.records(ORDERS), emu.records("이력")]);
    const again = apply(emu, tsv(NH_ROWS), [{ line: 2, codes: ["777-001"] }]);
    expect(again.applied).toEqual([]);
    expect(again.plan.lines.map((l) => l.reasonText)).toEqual(["이미 반영됨", "이미 반영됨", "이미 반영됨"]);
    expect(again.refused.map((r) => r.error)).toEqual([
      "2번째 줄: 이미 반영됨 (같은 입금은 두 번 반영하지 않습니다)",
    ]);
    expect(JSON.stringify([emu.records(ORDERS), emu.records("이력")])).toBe(after);
    expect(byCode(emu).get("777-001")!["입금상태"]).toBe("미입금");
  });

  it("2 · a deposit reversal sets the order back to unpaid, frees its date, logs it and tells Tony only", () => {
    const emu = season();
    emu.now = at("2026-07-13T09:00:00+09:00");
    apply(emu, tsv(KAKAO_ROWS));
    expect(byCode(emu).get("660-551")!["진행상태"]).toBe("출하예정");
    emu.now = at("2026-07-13T11:00:00+09:00");
    const report = apply(emu, tsv(REVERSAL_ROWS));
    expect(report.plan.lines.map((l) => l.kind)).toEqual(["reversal"]);
    expect(report.applied).toEqual([
      expect.objectContaining({ orderCode: "660-551", amount: -40000, paid: false }),
    ]);
    const row = byCode(emu).get("660-551")!;
    expect([row["입금상태"], row["진행상태"], row["출하예정일"]]).toEqual(["미입금", "접수", ""]);
    expect(byCode(emu).get("123-456")!["입금상태"]).toBe("입금완료");
    expect(
      emu
        .records("이력")
        .filter((e) => e["사건"] === "입금 취소")
        .map((e) => e["이후"]),
    ).toEqual(["40000"]);
    const notes = due(emu).filter((m) => m.kind === "depositReversed");
    expect(notes).toEqual([expect.objectContaining({ orderCode: "660-551", forSeller: true })]);
    expect(notes[0]!.text).toContain("[토니에게 · 고객에게 보내지 마세요]");
    const before = JSON.stringify(emu.records(ORDERS));
    expect(apply(emu, tsv(REVERSAL_ROWS)).plan.lines.map((l) => l.reason)).toEqual(["alreadyApplied"]);
    expect(JSON.stringify(emu.records(ORDERS))).toBe(before);
  });

  it("3 · a late paste of a payment made in time restores the order cancelled for non-payment and withdraws the 취소 message", () => {
    const emu = season([WEB_ORDER], "2026-07-10T10:00:00+09:00");
    emu.now = at("2026-07-14T10:00:00+09:00");
    emu.fireTimer("reconcile");
    expect(byCode(emu).get("901-234")!["진행상태"]).toBe("취소");
    expect(due(emu).map((m) => m.kind)).toContain("expired");
    emu.now = at("2026-07-14T12:00:00+09:00");
    const late = apply(emu, lateDeposit(tsv));
    expect(late.plan.lines.map((l) => l.reason)).toEqual(["none"]);
    expect(byCode(emu).get("901-234")!["진행상태"]).toBe("취소");
    const timely = apply(emu, timelyDeposit(tsv));
    expect(timely.applied).toEqual([
      expect.objectContaining({ orderCode: "901-234", paid: true, restored: true }),
    ]);
    const row = byCode(emu).get("901-234")!;
    expect([row["입금상태"], row["진행상태"]]).toEqual(["입금완료", "출하예정"]);
    expect((row["입금일시"] as Date).toISOString()).toBe("2026-07-12T00:30:00.000Z"); // the bank's time, Seoul 09:30
    expect(due(emu).map((m) => m.kind)).not.toContain("expired");
  });

  it("5 · two identical lines are asked, not merged: 확인 필요 on both, no bill, no bigger parcel, cleared by deleting one", () => {
    const line = TWICE_LINE;
    const emu = season([line, { ...line }]);
    let rows = emu.records(ORDERS);
    expect(rows.map((r) => String(r["확인 필요"]).split(":")[0])).toEqual([
      "같은 주문이 두 번 있는 것 같습니다 (3행)",
      "같은 주문이 두 번 있는 것 같습니다 (2행)",
    ]);
    expect([rows[0]!["합계"], rows[1]!["합계"]]).toEqual([75000, ""]);
    expect(due(emu).filter((m) => m.kind === "paymentRequest")).toEqual([]); // no bill yet
    // Paid by hand anyway: the shipment is one line of 2 boxes, never 4.
    emu.now = at("2026-07-12T10:00:00+09:00");
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const day = emu.records("출하 일정").find((d) => Number(d["배정"]) > 0)!;
    expect(Number(day["배정"])).toBe(2);
    expect(emu.records(ORDERS)[1]!["출하예정일"]).toBe("");
    // Tony deletes the copy: the question is gone.
    emu.spreadsheet.tab(ORDERS).deleteRows(3);
    emu.fireTimer("reconcile");
    rows = emu.records(ORDERS);
    expect(rows).toHaveLength(1);
    expect(rows[0]!["확인 필요"]).toBe("");
  });
});
