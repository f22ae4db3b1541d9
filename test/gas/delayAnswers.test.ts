/**
 * Issue 21, point 5 (the customer's side) on Sheets, through the built dist/Code.js: after a
 * 5-day 황도 delay the status page of a moved order offers 기다릴게요 / 취소할게요; the answer is a
 * public customer function that checks who asks like a lookup, writes 주문's 지연 응답 and 이력
 * (actor 고객) at once when the lock is free, and otherwise waits in script properties for the
 * reconcile. Tony's messages list the cancel request with the refund.
 */
import { at, col, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste } from "./helpers";

type View = { recipients: { ask: boolean; answer: string; late: string }[] };
type Answer = { ok: boolean; error?: string; view?: View };

function delayedShop() {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-11T10:00:00+09:00");
  paste(emu, demoInput(12));
  const pay = col(emu, ORDERS, "입금상태");
  for (let row = 2; row <= 13; row++) emu.edit(ORDERS, row, pay, [["입금완료"]]);
  emu.now = at("2026-07-12T09:00:00+09:00");
  emu.promptAnswers.push("황도", "5", "비");
  emu.run("delayHarvestMenu");
  emu.fireTimer("reconcile");
  // A moved 황도 row, found by its link.
  const row = emu.records(ORDERS).find((r) => r["품목"] === "황도 4.5kg" && r["진행상태"] === "출하예정")!;
  const token = String(row["조회토큰"]);
  const look = () => emu.run("lookupByToken", [token], "webapp").value as Answer;
  const card = look().view!.recipients.findIndex((r) => r.ask);
  return { emu, row, token, look, card };
}

describe("기다릴게요 / 취소할게요 on Sheets", () => {
  it("offers the buttons on a shipment delayed past 3 days and writes the answer at once", () => {
    const { emu, row, token, look, card } = delayedShop();
    expect(card).toBeGreaterThanOrEqual(0);
    expect(look().view!.recipients[card]!.late).toMatch(/늦어졌습니다/);
    const answer = emu.run("answerDelay", [{ token, card, answer: "cancel" }], "webapp").value as Answer;
    expect(answer.ok).toBe(true);
    expect(answer.view!.recipients[card]).toMatchObject({
      ask: false,
      answer: expect.stringContaining("취소"),
    });
    const now = emu.records(ORDERS).find((r) => r["행ID"] === row["행ID"])!;
    expect(now["지연 응답"]).toBe("취소할게요");
    expect(now["진행상태"]).toBe("출하예정");
    expect(emu.records(EVENTS).filter((e) => e["사건"] === "지연 응답" && e["행ID"] === row["행ID"])).toEqual(
      [expect.objectContaining({ 누가: "고객", 이후: "취소할게요" })],
    );
    // Tony's list (the messages sidebar's call) has the request, for him only.
    const due = emu.openPage("showMessages")("getDueMessages") as {
      messages: { kind: string; text: string; forSeller?: boolean }[];
    };
    const request = due.messages.find((m) => m.kind === "cancelRequest");
    expect(request).toMatchObject({ forSeller: true });
    expect(request!.text).toMatch(/환불할 금액 [\d,]+원/);
    // A second look shows the answer, not the buttons.
    expect(look().view!.recipients[card]).toMatchObject({ ask: false });
  });

  it("waits in script properties while a run holds the lock, and the next reconcile writes it", () => {
    const { emu, row, token, card } = delayedShop();
    let answer: Answer | undefined;
    // Mid-reconcile (it holds the lock), a customer answers.
    emu.interleave(1, () => {
      answer = emu.run("answerDelay", [{ token, card, answer: "wait" }], "webapp").value as Answer;
    });
    emu.fireTimer("reconcile");
    expect(answer?.ok).toBe(true);
    const pending = () => Object.keys(emu.scriptProperties.all()).filter((k) => k.includes("pending-answer"));
    expect(pending()).toHaveLength(1);
    expect(emu.records(ORDERS).find((r) => r["행ID"] === row["행ID"])!["지연 응답"]).toBe("");
    emu.fireTimer("reconcile");
    expect(pending()).toHaveLength(0);
    expect(emu.records(ORDERS).find((r) => r["행ID"] === row["행ID"])!["지연 응답"]).toBe("기다릴게요");
  });

  it("refuses a hostile or unproven answer and writes nothing", () => {
    const { emu, row, card } = delayedShop();
    const before = JSON.stringify(emu.records(ORDERS));
    for (const request of [
      "cancel",
      { token: "a".repeat(24), card, answer: "cancel" },
      { orderCode: row["주문번호"], last4: "0000", card, answer: "cancel" },
      { token: row["조회토큰"], card, answer: "DROP" },
      { token: row["조회토큰"], card: 99, answer: "cancel" },
    ]) {
      const answer = emu.run("answerDelay", [request], "webapp").value as Answer;
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatch(/[가-힣]/);
    }
    expect(JSON.stringify(emu.records(ORDERS))).toBe(before);
  });
});
