/**
 * The rule of a late shipment (src/domain/delayAnswer.ts) and the first date a customer was told
 * (src/domain/timeline.ts): the customer is asked only past 지연 안내 기준, only while the
 * shipment waits for harvest, and the first date is the same whether the history was read whole
 * from 이력 or extended pass by pass.
 */
import fc from "fast-check";
import { addDays, type SeoulDate } from "../../src/domain/clock";
import {
  answerDetail,
  delayAnswerLabel,
  delayAnswerOf,
  isAnswerable,
  latenessOf,
  refundOf,
  parseDelayAnswer,
} from "../../src/domain/delayAnswer";
import { EVENT, type EventLine } from "../../src/domain/events";
import { STATUSES } from "../../src/domain/schemas";
import { extendHistory, historyFromEvents, type PassEvent } from "../../src/domain/timeline";

const day = fc.integer({ min: 0, max: 80 }).map((n) => addDays("2026-07-01", n));

describe("latenessOf", () => {
  it("asks exactly when a scheduled shipment is more than 지연 안내 기준 days past its first date", () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: -10, max: 40 }),
        fc.integer({ min: 0, max: 60 }),
        (first, moved, notice) => {
          const late = latenessOf(first, "scheduled", addDays(first, moved), notice);
          if (moved <= 0) expect(late).toBeNull();
          else {
            expect(late!.days).toBe(moved);
            expect(late!.ask).toBe(moved > notice);
            expect(late!.text).toContain(`${moved}일 늦어졌습니다`);
          }
        },
      ),
    );
  });

  it("asks a shipment whose date was taken back, and never one being worked on, cancelled or never dated", () => {
    expect(latenessOf("2026-08-01", "waitlisted", null, 3)).toMatchObject({ days: null, ask: true });
    for (const status of STATUSES.filter((s) => s !== "scheduled" && s !== "waitlisted"))
      expect(latenessOf("2026-08-01", status, "2026-08-20", 3)).toBeNull();
    expect(latenessOf(undefined, "scheduled", "2026-08-20", 0)).toBeNull();
    expect(latenessOf(undefined, "waitlisted", null, 0)).toBeNull();
  });
});

describe("answers", () => {
  it("reads only the two words of the column and the two words of the page", () => {
    expect(delayAnswerOf(delayAnswerLabel("wait"))).toBe("wait");
    expect(delayAnswerOf(` ${delayAnswerLabel("cancel")} `)).toBe("cancel");
    for (const odd of ["", "취소", "wait", 0, null, undefined]) expect(delayAnswerOf(odd)).toBeNull();
    expect(parseDelayAnswer("wait")).toBe("wait");
    for (const odd of ["WAIT", " cancel", 1, {}, ["cancel"], { toString: () => "cancel" }])
      expect(parseDelayAnswer(odd)).toBeNull();
    expect(answerDetail("cancel", 45000)).toBe("출하 지연: 취소 요청 (환불할 금액 45,000원)");
  });

  it("lands only on a row not cancelled or picked, and never over Tony's own words; refunds only what was paid", () => {
    expect(isAnswerable("scheduled", "")).toBe(true);
    expect(isAnswerable("waitlisted", delayAnswerLabel("wait"))).toBe(true); // a changed mind
    for (const status of ["cancelled", "harvested", "packed", "shipped", "delivered", undefined] as const)
      expect(isAnswerable(status, "")).toBe(false);
    expect(isAnswerable("scheduled", "전화로 기다리기로 함")).toBe(false);
    expect(refundOf(true, [45000, "5000", ""])).toBe(50000);
    expect(refundOf(false, [45000])).toBe(0);
  });
});

describe("the first date told", () => {
  const isoDay = (d: SeoulDate) => d;
  const event = fc.oneof(
    day.map((d) => ({ event: EVENT.shipDate, from: "", to: isoDay(d) })),
    fc.tuple(day, day).map(([a, b]) => ({ event: EVENT.shipDateMoved, from: a, to: b })),
    day.map((d) => ({ event: EVENT.shipDateMoved, from: d, to: "대기" })),
    fc.constantFrom(
      { event: EVENT.payment, from: "미입금", to: "입금완료" },
      { event: EVENT.payment, from: "입금완료", to: "미입금" },
      { event: EVENT.status, from: "출하예정", to: "수확" },
    ),
  );

  it("is the first date given, kept through moves, forgotten when the order is unpaid again", () => {
    const line = (e: Omit<EventLine, "at" | "orderCode" | "rowId">, at: number): EventLine => ({
      at,
      orderCode: "1",
      rowId: "r",
      ...e,
    });
    const h = (events: Omit<EventLine, "at" | "orderCode" | "rowId">[]) =>
      historyFromEvents("1", ["r"], events.map(line)).rows.r!.f;
    expect(h([{ event: EVENT.shipDate, from: "", to: "2026-08-01" }])).toBe("2026-08-01");
    expect(
      h([
        { event: EVENT.shipDate, from: "", to: "2026-08-01" },
        { event: EVENT.shipDateMoved, from: "2026-08-01", to: "2026-08-05" },
        { event: EVENT.shipDate, from: "2026-08-01", to: "2026-08-05" },
      ]),
    ).toBe("2026-08-01");
    // A history kept from before the first date was recorded learns it from the first move.
    expect(h([{ event: EVENT.shipDateMoved, from: "2026-08-03", to: "2026-08-09" }])).toBe("2026-08-03");
    expect(
      h([
        { event: EVENT.shipDate, from: "", to: "2026-08-01" },
        { event: EVENT.payment, from: "입금완료", to: "미입금" },
      ]),
    ).toBeUndefined();
  });

  it("is the same read whole from 이력 as extended pass by pass", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.nat(12), (events, cut) => {
        const lines = events.map((e, i) => ({ at: i + 1, orderCode: "1", rowId: "r", ...e }));
        const whole = historyFromEvents("1", ["r"], lines);
        const head = historyFromEvents("1", ["r"], lines.slice(0, cut));
        const rest: PassEvent[] = lines.slice(cut).map((e) => ({ ...e, at: new Date(e.at) }));
        const extended = extendHistory("1", head, ["r"], new Map([["r", rest]]), new Date(99));
        expect(extended.rows.r!.f).toBe(whole.rows.r!.f);
        expect(extended.rows.r!.t).toEqual(whole.rows.r!.t);
      }),
    );
  });
});
