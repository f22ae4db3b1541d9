/**
 * Issue 21, point 5 (the customer's side) on the local host: a shipment delayed past 설정
 * `지연 안내 기준(일)` offers 기다릴게요 / 취소할게요 on the status page; the answer is kept in
 * 주문's 지연 응답 and 이력 (actor 고객); a cancel request is listed for Tony with the amount to
 * refund and cancels nothing until he sets 진행상태 to 취소. Hostile answers change nothing.
 */
import { answerDelay, applyPendingAnswers, BAD_ANSWER, NOT_ASKED } from "../src/app/delayAnswers";
import { delayHarvest } from "../src/app/delay";
import { LOOKUP_FAILED, lookupStatus } from "../src/app/lookups";
import { dueMessages, markSent } from "../src/app/messages";
import type { Cell } from "../src/app/port";
import { loadSmallTabs } from "../src/app/smallTabs";
import { sync } from "../src/app/sync";
import { localHost, RECONCILE } from "../src/local/demo";
import { MemoryWorkbook } from "../src/local/memoryWorkbook";
import { answerJournal } from "../src/node/webOrders";
import { tab } from "../src/templates";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ORDERS = tab("orders");

function shop(noticeDays = 3) {
  const book = new MemoryWorkbook();
  book.setUp("2026-07-10");
  const settings = book.sheet(tab("settings").name)!;
  const set = (label: string, value: Cell) => {
    const at = settings.readAll().findIndex((r) => r[0] === label);
    if (at >= 0) settings.write(at + 1, 2, [[value]]);
    else settings.write(settings.readAll().length + 1, 1, [[label, value]]);
  };
  set("하루 기본 출하량(상자)", 20);
  set("수확 기간: 황도 4.5kg", "08-17~09-10");
  set("지연 안내 기준(일)", noticeDays);
  set("입금 안내", "농협 351-1234-5678-93 (예금주 김토니)");
  const sheet = book.sheet(ORDERS.name)!;
  const header = sheet.readAll()[0]!.map(String);
  const order = (who: string, i: number, item: string): Cell[] =>
    header.map(
      (h) =>
        (
          ({
            주문번호: `100-00${i}`,
            주문자: `${who}주문`,
            "주문자 연락처": `010-5000-100${i}`,
            받는분: `${who}받음`,
            "받는분 연락처": `010-6000-100${i}`,
            우편번호: "04524",
            주소: `서울특별시 중구 세종대로 11${i}`,
            품목: item,
            상자수: 2,
            입금상태: "입금완료",
          }) as Record<string, Cell>
        )[h] ?? "",
    );
  sheet.write(2, 1, [order("가", 1, "황도 4.5kg"), order("나", 2, "백도 4.5kg")]);
  const host = localHost(book, new Date("2026-07-10T12:00:00+09:00"));
  sync(host, RECONCILE);
  const records = () => {
    const [head, ...data] = sheet.readAll();
    return data.map((r) => Object.fromEntries(head!.map((h, c) => [String(h), r[c]])));
  };
  const events = () => {
    const [head, ...data] = book.sheet(tab("events").name)!.readAll();
    return data.map((r) => Object.fromEntries(head!.map((h, c) => [String(h), r[c]])));
  };
  const col = (name: string) => header.indexOf(name) + 1;
  return { book, host, sheet, records, events, col };
}

/** A journal of answers in a fresh folder (the local host's store). */
const store = () => answerJournal(join(mkdtempSync(join(tmpdir(), "peach-answers-")), "orders.xlsx"));

describe("a late shipment asks its customer", () => {
  it("asks past 지연 안내 기준 only, records 취소할게요 in 주문 and 이력, and lists it for Tony with the refund", () => {
    const { host, sheet, records, events, col } = shop(3);
    const view = () => {
      const found = lookupStatus(host, "100-001", "1001");
      if (!found.ok) throw new Error(found.error);
      return found.view;
    };
    expect(view().recipients[0]).toMatchObject({ late: "", ask: false, answer: "" });
    // Three days late is not past 3: told, not asked.
    expect(delayHarvest(host, { item: "황도", days: 3, reason: "비" }).ok).toBe(true);
    expect(view().recipients[0]!.late).toMatch(/처음 안내한 8월 17일 \(월\)보다 3일 늦어졌습니다/);
    expect(view().recipients[0]!.ask).toBe(false);
    expect(
      answerDelay(host, { orderCode: "100-001", last4: "1001", card: 0, answer: "cancel" }, store()),
    ).toEqual({ ok: false, error: NOT_ASKED });
    // Two more days: five or more in all (a day without delivery may add one), past 3.
    expect(delayHarvest(host, { item: "황도", days: 2, reason: "비" }).ok).toBe(true);
    expect(view().recipients[0]).toMatchObject({ ask: true, answer: "" });
    const late = Number(/(\d+)일 늦어졌습니다/.exec(view().recipients[0]!.late)?.[1]);
    expect(late).toBeGreaterThanOrEqual(5);
    // The 백도 order was not delayed: nothing to answer.
    const other = lookupStatus(host, "100-002", "1002");
    expect(other.ok && other.view.recipients[0]!.ask).toBe(false);

    const answers = store();
    const answered = answerDelay(
      host,
      { orderCode: "100-001", last4: "1001", card: 0, answer: "cancel" },
      answers,
    );
    expect(answered.ok && answered.view.recipients[0]).toMatchObject({
      ask: false,
      answer: "취소를 요청하셨습니다. 판매자가 확인한 뒤 취소하고 환불해 드립니다",
    });
    // Kept first, written by the next step under the lock.
    expect(answers.list()).toHaveLength(1);
    expect(applyPendingAnswers(host, answers)).toBe(1);
    expect(answers.list()).toHaveLength(0);
    const row = records().find((r) => r["주문번호"] === "100-001")!;
    expect(row["지연 응답"]).toBe("취소할게요");
    expect(row["진행상태"]).toBe("출하예정"); // nothing is cancelled by the customer's word
    const total = Number(row["합계"]);
    expect(total).toBeGreaterThan(0);
    expect(events().filter((e) => e["사건"] === "지연 응답")).toEqual([
      expect.objectContaining({
        누가: "고객",
        주문번호: "100-001",
        이후: "취소할게요",
        내용: `출하 지연: 취소 요청 (환불할 금액 ${total.toLocaleString("ko-KR")}원)`,
      }),
    ]);
    // The page, read again from the read model, shows the answer, not the buttons.
    host.cache.remove("peach:view:100-001");
    expect(view().recipients[0]).toMatchObject({
      ask: false,
      answer: expect.stringContaining("취소를 요청"),
    });
    // A pass keeps the answer (the script's own column is not cleared by the rules).
    sync(host, RECONCILE);
    expect(records().find((r) => r["주문번호"] === "100-001")!["지연 응답"]).toBe("취소할게요");

    // Tony's list: one note for him, with the refund, never sent to the customer.
    const settings = loadSmallTabs(host, true).settings;
    if (!settings.ok) throw new Error(settings.error);
    const requests = dueMessages(host, settings.value).filter((m) => m.kind === "cancelRequest");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ orderCode: "100-001", forSeller: true });
    expect(requests[0]!.text).toContain(`환불할 금액 ${total.toLocaleString("ko-KR")}원`);
    expect(requests[0]!.text).toContain(`${late}일 늦어졌습니다`);

    // Tony confirms by cancelling: the request leaves his list.
    const at = records().findIndex((r) => r["주문번호"] === "100-001");
    sheet.write(at + 2, col("진행상태"), [["취소"]]);
    sync(host, RECONCILE);
    expect(dueMessages(host, settings.value).filter((m) => m.kind === "cancelRequest")).toHaveLength(0);
  });

  it("tells a date moved before the confirmation went out in the confirmation only, and a later move by its own notice", () => {
    const { host } = shop(3);
    const settings = () => {
      const read = loadSmallTabs(host, true).settings;
      if (!read.ok) throw new Error(read.error);
      return read.value;
    };
    const kinds = () =>
      dueMessages(host, settings())
        .filter((m) => m.orderCode === "100-001")
        .map((m) => m.kind);
    expect(delayHarvest(host, { item: "황도", days: 5, reason: "비" }).ok).toBe(true);
    expect(kinds()).toEqual(["paymentConfirmed"]);
    host.clock.now = new Date("2026-07-10T12:30:00+09:00"); // Tony sends it a little later
    markSent(host, dueMessages(host, settings()));
    expect(kinds()).toEqual([]);
    host.clock.now = new Date("2026-07-10T13:00:00+09:00");
    expect(delayHarvest(host, { item: "황도", days: 2, reason: "비" }).ok).toBe(true);
    expect(kinds()).toEqual(["shipDateChanged"]);
  });

  it("records 기다릴게요 without a note for Tony", () => {
    const { host, records } = shop(0);
    expect(delayHarvest(host, { item: "황도", days: 1, reason: "저온" }).ok).toBe(true);
    const answers = store();
    const token = String(records().find((r) => r["주문번호"] === "100-001")!["조회토큰"]);
    const answered = answerDelay(host, { token, card: 0, answer: "wait" }, answers, (apply) => apply(host));
    expect(answered.ok && answered.view.recipients[0]!.answer).toBe(
      "기다리겠다고 답해 주셨습니다. 감사합니다",
    );
    expect(answers.list()).toHaveLength(0); // written at once: the lock was free
    expect(records().find((r) => r["주문번호"] === "100-001")!["지연 응답"]).toBe("기다릴게요");
    const settings = loadSmallTabs(host, true).settings;
    if (!settings.ok) throw new Error(settings.error);
    expect(dueMessages(host, settings.value).filter((m) => m.kind === "cancelRequest")).toHaveLength(0);
  });

  it("passes over a pending entry of another shape, and never writes over words Tony typed in 지연 응답", () => {
    const { host, sheet, records, col } = shop(0);
    expect(delayHarvest(host, { item: "황도", days: 2, reason: "비" }).ok).toBe(true);
    const row = records().findIndex((r) => r["주문번호"] === "100-001");
    const rowId = String(records()[row]!["행ID"]);
    const odd = [null, {}, { code: "100-001", rowIds: [], answer: "cancel", at: 1 }, "x"];
    const stored = [...odd, { code: "100-001", rowIds: [rowId], answer: "cancel", at: 2 }];
    const removed: string[] = [];
    const store = {
      list: () => stored as never[],
      add: () => undefined,
      remove: (keys: readonly string[]) => void removed.push(...keys),
    };
    // Tony wrote his own note first: the customer is not asked, and the answer does not land.
    sheet.write(row + 2, col("지연 응답"), [["전화로 기다리기로 함"]]);
    expect(applyPendingAnswers(host, store)).toBe(0);
    expect(records()[row]!["지연 응답"]).toBe("전화로 기다리기로 함");
    sync(host, RECONCILE);
    host.cache.remove("peach:view:100-001");
    const view = lookupStatus(host, "100-001", "1001");
    expect(view.ok && view.view.recipients[0]!.ask).toBe(false);
    // Blank again: the answer lands; the odd entries are passed over, not applied.
    sheet.write(row + 2, col("지연 응답"), [[""]]);
    expect(applyPendingAnswers(host, store)).toBe(1);
    expect(records()[row]!["지연 응답"]).toBe("취소할게요");
  });

  it("refuses what a hostile page sends, and a wrong number counts as a failed lookup", () => {
    const { host, records } = shop(0);
    expect(delayHarvest(host, { item: "황도", days: 2, reason: "비" }).ok).toBe(true);
    const answers = store();
    const before = JSON.stringify(records());
    for (const request of [
      null,
      "cancel",
      [],
      { orderCode: "100-001", last4: "1001", card: 0, answer: "취소" },
      { orderCode: "100-001", last4: "1001", card: 0, answer: { toString: () => "cancel" } },
      { orderCode: "100-001", last4: "1001", card: "0", answer: "cancel" },
      { orderCode: "100-001", last4: "1001", card: -1, answer: "cancel" },
      { orderCode: "100-001", last4: "1001", card: 0.5, answer: "cancel" },
      { orderCode: "100-001", last4: "1001", card: 1e9, answer: "cancel" },
    ])
      expect(answerDelay(host, request, answers)).toEqual({ ok: false, error: BAD_ANSWER });
    // A card the view does not have, and another order's digits.
    expect(
      answerDelay(host, { orderCode: "100-001", last4: "1001", card: 3, answer: "cancel" }, answers),
    ).toEqual({
      ok: false,
      error: NOT_ASKED,
    });
    expect(
      answerDelay(host, { orderCode: "100-001", last4: "1002", card: 0, answer: "cancel" }, answers),
    ).toEqual({
      ok: false,
      error: LOOKUP_FAILED,
    });
    expect(answerDelay(host, { token: "x".repeat(24), card: 0, answer: "cancel" }, answers).ok).toBe(false);
    expect(answers.list()).toHaveLength(0);
    expect(JSON.stringify(records())).toBe(before);
  });
});
