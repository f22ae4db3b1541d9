/**
 * Issue 23 · 19: the customer's timeline shows a deposit, and the payment a bank import made of
 * it, at the bank's time (what its 이력 lines say), not the import's; a payment Tony marks by hand
 * keeps the time it was marked. Read back from 이력 and extended pass by pass alike.
 */
import { describeLine } from "../../src/domain/deposits";
import { bankTimeIn, bankTimeNote, EVENT, type EventLine } from "../../src/domain/events";
import { extendHistory, historyFromEvents, type PassEvent } from "../../src/domain/timeline";
import { PAYMENT_LABEL } from "../../src/domain/rows";
import { decided, inputOf, rowsOf, type Season } from "./season/scene";

const BANK_AT = new Date("2026-07-13T14:32:45+09:00");
const IMPORTED_AT = new Date("2026-07-14T12:00:00+09:00");
const HAND_AT = new Date("2026-07-14T09:05:00+09:00");

const deposit = describeLine(
  "카카오뱅크",
  { line: 2, at: BANK_AT, amount: 40000, name: "홍길동0551", memo: "", balance: 1240000 },
  "abc123.1",
);
/** The lines one import and one hand tick leave in 이력, in its order. */
const events: EventLine[] = [
  {
    at: IMPORTED_AT.getTime(),
    orderCode: "660-551",
    rowId: "r1",
    event: EVENT.bankDeposit,
    from: "",
    to: "40000",
    detail: deposit,
  },
  {
    at: IMPORTED_AT.getTime(),
    orderCode: "660-551",
    rowId: "r1",
    event: EVENT.payment,
    from: "미입금",
    to: "입금완료",
    detail: bankTimeNote(BANK_AT),
  },
  {
    at: HAND_AT.getTime(),
    orderCode: "660-552",
    rowId: "r2",
    event: EVENT.payment,
    from: "미입금",
    to: "입금완료",
  },
];

describe("issue 23 · 19 · the status timeline shows the bank's time of a deposit (domain)", () => {
  it("19 · a bank import's deposit and payment at the bank's minute; a hand-marked payment when marked", () => {
    expect(bankTimeIn(bankTimeNote(BANK_AT))).toEqual(new Date("2026-07-13T14:32:00+09:00"));
    expect(bankTimeIn("주문 전체에 적용")).toBeNull();

    const bank = historyFromEvents("660-551", ["r1"], events).rows["r1"]!.t;
    expect(bank).toEqual([
      { at: "7월 13일 (월) 오후 2:32", text: "40,000원 입금됨" },
      { at: "7월 13일 (월) 오후 2:32", text: "입금 확인" },
    ]);
    const hand = historyFromEvents("660-552", ["r2"], events).rows["r2"]!.t;
    expect(hand).toEqual([{ at: "7월 14일 (화) 오전 9:05", text: "입금 확인" }]);

    // The read model's way: the pass's events (logged at the import's time) extend a history.
    const pass = new Map<string, PassEvent[]>([
      [
        "r1",
        [
          {
            rowId: "r1",
            event: EVENT.payment,
            from: "미입금",
            to: "입금완료",
            detail: bankTimeNote(BANK_AT),
          },
        ],
      ],
    ]);
    const extended = extendHistory("660-551", { received: 0, rows: {} }, ["r1"], pass, IMPORTED_AT);
    expect(extended.rows["r1"]!.t).toEqual([{ at: "7월 13일 (월) 오후 2:32", text: "입금 확인" }]);
  });

  it("19 · the pass says the bank's time in the 입금 lines of the orders a bank import paid, and only theirs", () => {
    const order = { recipients: [{ place: 0, items: [{ item: 0, boxes: 1 }] }], paidRow: 0, paidHour: 1 };
    const season: Season = {
      orders: [order, { ...order, recipients: [{ place: 1, items: [{ item: 0, boxes: 2 }] }] }],
      capacity: 10,
      policy: "strict",
      seed: 7,
    };
    const rows = rowsOf(season);
    const bankTimes = new Map([["500-100", BANK_AT]]);
    const payments = decided({ ...inputOf(season, rows), bankTimes }).log.events.filter(
      (e) => e.event === EVENT.payment && e.to === PAYMENT_LABEL.paid,
    );
    expect(payments.map((e) => [e.orderCode, e.detail])).toEqual([
      ["500-100", "은행 시각 2026-07-13 14:32"],
      ["500-101", ""],
    ]);
  });
});
