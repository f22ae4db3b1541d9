/**
 * The customer's view of an order (src/domain/statusView.ts) and its timeline
 * (src/domain/timeline.ts), alone: plain cells and events in, the page's view out.
 */
import fc from "fast-check";
import { seoulInstant } from "../../src/domain/clock";
import { EVENT, type EventLine } from "../../src/domain/events";
import { maskAddress, maskName } from "../../src/domain/masking";
import { defaultSettings } from "../../src/domain/settings";
import { renderOrder, type OrderCells } from "../../src/domain/statusView";
import { statusLabel } from "../../src/domain/status";
import {
  extendHistory,
  historyFromEvents,
  shortTime,
  timelineText,
  type OrderHistory,
  type PassEvent,
} from "../../src/domain/timeline";

const TODAY = "2026-07-13";
const settings = {
  ...defaultSettings("2026-05-01"),
  sellerName: "복숭아농원",
  paymentInstructions: "농협 123",
};
const CODE = "260713";
const NO_HISTORY: OrderHistory = { received: 0, rows: {} };
const at = (date: string, hh: number, mm = 0) => seoulInstant(date, (hh * 60 + mm) * 60_000);

const row = (over: Partial<Record<keyof OrderCells, unknown>> = {}): OrderCells => ({
  rowId: "r1",
  orderCode: CODE,
  orderedAt: at("2026-07-10", 14, 5),
  ordererName: "김민수",
  ordererPhone: "010-1234-0551",
  recipientName: "김민수",
  recipientPhone: "010-1234-0551",
  address: "서울특별시 강남구 테헤란로 123 4층",
  item: "백도 4.5kg",
  boxes: 2,
  goods: 70_000,
  shippingFee: 5_000,
  total: 75_000,
  payment: "미입금",
  status: statusLabel("received"),
  shipDate: "",
  courier: "",
  trackingNumber: "",
  ...over,
});

describe("the customer's view of an order", () => {
  it("masks the people, sums the amounts and says how to pay while unpaid", () => {
    const { last4, view } = renderOrder(CODE, [row()], settings, NO_HISTORY, TODAY);
    expect(last4).toBe("0551");
    expect(view).toMatchObject({
      orderCode: CODE,
      sellerName: "복숭아농원",
      ordererName: "김*수",
      paid: false,
      goods: "70,000원",
      shippingFee: "5,000원",
      total: "75,000원",
      paymentInstructions: "농협 123",
      depositorDigits: "0713",
      received: "",
      due: "",
    });
    expect(view.recipients).toEqual([
      expect.objectContaining({
        name: "김*수",
        address: "서울특별시 강남구",
        item: "백도 4.5kg",
        items: "백도 4.5kg 2상자",
        boxes: 2,
        courier: "",
        trackingNumber: "",
        timeline: [{ at: "7월 10일 (금) 오후 2:05", text: "주문 접수" }],
      }),
    ]);
    expect(JSON.stringify(view)).not.toMatch(/0551|테헤란로|1234/);
  });

  it("after a partial bank payment shows what was received and what is due; paid hides how to pay", () => {
    const partial = renderOrder(CODE, [row()], settings, { received: 30_000, rows: {} }, TODAY).view;
    expect([partial.received, partial.due]).toEqual(["30,000원", "45,000원"]);
    const paid = renderOrder(CODE, [row({ payment: "입금완료" })], settings, NO_HISTORY, TODAY).view;
    expect(paid).toMatchObject({ paid: true, paymentInstructions: "", depositorDigits: "", received: "" });
  });

  it("shows one card per place, a cancelled row on its own, tracking only once shipped", () => {
    const rows = [
      row({ status: statusLabel("shipped"), courier: "CJ대한통운", trackingNumber: "123456789012" }),
      row({ rowId: "r2", item: "황도 4.5kg", boxes: 1, goods: 35_000, shippingFee: 0, total: 35_000 }),
      row({
        rowId: "r3",
        recipientName: "이영희",
        address: "부산 해운대구 1",
        status: statusLabel("cancelled"),
      }),
      row({ rowId: "r4", recipientName: "박지성", address: "역삼동 1", status: statusLabel("waitlisted") }),
    ];
    const view = renderOrder(CODE, rows, settings, NO_HISTORY, TODAY).view;
    expect(view.recipients.map((r) => [r.name, r.address, r.items, r.status])).toEqual([
      ["김*수", "서울특별시 강남구", "백도 4.5kg 2상자, 황도 4.5kg 1상자", "발송"],
      ["이*희", "부산 해운대구", "백도 4.5kg 2상자", "취소"],
      ["박*성", "", "백도 4.5kg 2상자", "대기"],
    ]);
    expect(view.recipients[0]).toMatchObject({
      courier: "CJ대한통운",
      trackingNumber: "123456789012",
      trackingUrl: expect.stringContaining("123456789012"),
    });
    expect(view.recipients[2]!.shipDateNote).not.toBe("");
    expect(view.recipients[1]!.shipDateNote).toBe("");
  });

  it("keeps each row's history and starts its timeline at 접수일시, or at its 접수 line without one", () => {
    const history: OrderHistory = {
      received: 0,
      rows: {
        r1: { t: [{ at: "7월 11일 (토) 오전 9:00", text: "입금 확인" }], c: at("2026-07-09", 8).getTime() },
      },
    };
    const stored = renderOrder(CODE, [row({ orderedAt: "" })], settings, history, TODAY);
    expect(stored.rows).toEqual(history.rows);
    expect(stored.view.recipients[0]!.timeline).toEqual([
      { at: "7월 9일 (목) 오전 8:00", text: "주문 접수" },
      { at: "7월 11일 (토) 오전 9:00", text: "입금 확인" },
    ]);
  });
});

describe("the timeline", () => {
  it("reads the time on a twelve-hour clock", () => {
    expect(shortTime(at("2026-07-13", 0, 7))).toBe("7월 13일 (월) 오전 12:07");
    expect(shortTime(at("2026-07-13", 12))).toBe("7월 13일 (월) 오후 12:00");
    expect(shortTime(at("2026-07-13", 23, 59))).toBe("7월 13일 (월) 오후 11:59");
  });

  it("tells a customer only what they need", () => {
    expect(timelineText(EVENT.created, "", "")).toBeNull();
    expect(timelineText(EVENT.bankDeposit, "", "30000")).toBe("30,000원 입금됨");
    expect(timelineText(EVENT.payment, "미입금", "입금완료")).toBe("입금 확인");
    expect(timelineText(EVENT.shipDateMoved, "2026-07-20", "")).toBe(
      "출하일이 7월 20일 (월)에서 바뀌어 대기 중",
    );
    expect(timelineText(EVENT.status, "", statusLabel("packed"))).toBe("포장 완료");
    expect(timelineText(EVENT.tracking, "", "123456789012")).toBeNull();
  });

  it("counts only this order's bank lines and notes when each row was created", () => {
    const events: EventLine[] = [
      { at: 1_000, orderCode: CODE, rowId: "r1", event: EVENT.created, from: "", to: "" },
      { at: 2_000, orderCode: CODE, rowId: "r1", event: EVENT.bankDeposit, from: "", to: "30000" },
      { at: 3_000, orderCode: "999999", rowId: "r1", event: EVENT.bankDeposit, from: "", to: "5000" },
      { at: 4_000, orderCode: CODE, rowId: "other", event: EVENT.bankDeposit, from: "", to: "7000" },
    ];
    const history = historyFromEvents(CODE, ["r1", "r2"], events);
    expect(history.received).toBe(30_000);
    expect(history.rows.r1!.c).toBe(1_000);
    expect(history.rows.r1!.t.map((e) => e.text)).toEqual(["30,000원 입금됨", "5,000원 입금됨"]);
    expect(history.rows.r2).toEqual({ t: [] });
  });
});

describe("properties", () => {
  const syllables = fc.constantFrom(..."김이박최정강민서지현우준영희철".split(""));
  const name = fc.array(syllables, { minLength: 2, maxLength: 5 }).map((s) => s.join(""));
  // Last four digits from 9000: no amount, code or date of the view holds such a run of digits.
  const phone = fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 9000, max: 9999 }))
    .map(([mid, last]) => `010-${mid}-${last}`);
  const street = fc.integer({ min: 1, max: 999 }).map((n) => `테헤란로${n}길 ${n}`);
  const address = fc
    .tuple(fc.constantFrom("서울특별시 강남구", "경북 청도군", "세종특별자치시", "역삼동"), street)
    .map(([place, s]) => `${place} ${s}`);
  const status = fc.constantFrom(...(["received", "paid", "waitlisted", "shipped", "cancelled"] as const));

  it("the page never shows a phone, a street or more of a name than the mask keeps, and shows every row", () => {
    const rowArb = fc.record({ recipientName: name, recipientPhone: phone, address, status });
    fc.assert(
      fc.property(
        name,
        phone,
        fc.array(rowArb, { minLength: 1, maxLength: 6 }),
        (orderer, ordererPhone, drawn) => {
          const rows = drawn.map((d, i) =>
            row({ ...d, rowId: `r${i}`, ordererName: orderer, ordererPhone, status: statusLabel(d.status) }),
          );
          const { view } = renderOrder(CODE, rows, settings, NO_HISTORY, TODAY);
          const shown = JSON.stringify(view);
          for (const secret of [ordererPhone, ...drawn.map((d) => d.recipientPhone)])
            expect(shown).not.toContain(secret.slice(-4));
          expect(shown).not.toContain("테헤란로");
          // A name shows at most its first one or two letters and its last, never all of it.
          for (const masked of [view.ordererName, ...view.recipients.map((r) => r.name)]) {
            const letters = Array.from(masked);
            expect(letters).toContain("*");
            expect(letters.filter((c) => c !== "*").length).toBeLessThanOrEqual(
              Math.min(3, letters.length - 1),
            );
          }
          expect(view.ordererName).toBe(maskName(orderer));
          for (const r of view.recipients) {
            expect(drawn.some((d) => maskName(d.recipientName) === r.name)).toBe(true);
            expect(drawn.some((d) => maskAddress(d.address) === r.address)).toBe(true);
          }
          expect(view.recipients.reduce((sum, r) => sum + r.boxes, 0)).toBe(2 * rows.length);
        },
      ),
    );
  });

  const event = fc.record({
    minutes: fc.integer({ min: 1, max: 60 * 24 * 30 }),
    rowId: fc.constantFrom("r1", "r2", "r3"),
    orderCode: fc.constantFrom(CODE, "999999", ""),
    kind: fc.constantFrom<[string, string]>(
      [EVENT.created, ""],
      [EVENT.bankDeposit, "30000"],
      [EVENT.payment, "입금완료"],
      [EVENT.shipDate, "2026-07-20"],
      [EVENT.status, statusLabel("shipped")],
      [EVENT.tracking, "123456789012"],
    ),
  });
  const start = at("2026-07-01", 0).getTime();
  const lineOf = (e: {
    minutes: number;
    rowId: string;
    orderCode: string;
    kind: [string, string];
  }): EventLine => ({
    at: start + e.minutes * 60_000,
    orderCode: e.orderCode,
    rowId: e.rowId,
    event: e.kind[0],
    from: "",
    to: e.kind[1],
  });

  it("a history extended pass by pass equals the history of 이력 read whole", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.nat(), (drawn, cut) => {
        const lines = drawn.map(lineOf).sort((a, b) => a.at - b.at);
        const split = cut % (lines.length + 1);
        const ids = ["r1", "r2"];
        const byRow = new Map<string, PassEvent[]>();
        for (const e of lines.slice(split))
          byRow.set(e.rowId, [...(byRow.get(e.rowId) ?? []), { ...e, at: new Date(e.at) }]);
        const stepwise = extendHistory(
          CODE,
          historyFromEvents(CODE, ids, lines.slice(0, split)),
          ids,
          byRow,
          new Date(),
        );
        expect(stepwise).toEqual(historyFromEvents(CODE, ids, lines));
      }),
    );
  });

  it("a timeline reads in time order when 이력 does, from the order's 접수일시 on", () => {
    const minutesOf = (shown: string) => {
      const m = /^(\d+)월 (\d+)일 \(.\) (오전|오후) (\d+):(\d+)$/.exec(shown)!;
      const hour = (Number(m[4]) % 12) + (m[3] === "오후" ? 12 : 0);
      return ((Number(m[1]) * 31 + Number(m[2])) * 24 + hour) * 60 + Number(m[5]);
    };
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (drawn) => {
        const lines = drawn.map(lineOf).sort((a, b) => a.at - b.at);
        const history = historyFromEvents(CODE, ["r1"], lines);
        const rows = [row({ orderedAt: at("2026-06-30", 23, 30) })];
        for (const r of renderOrder(CODE, rows, settings, history, TODAY).view.recipients) {
          const times = r.timeline.map((e) => minutesOf(e.at));
          expect(times).toEqual([...times].sort((a, b) => a - b));
          expect(r.timeline[0]!.text).toBe("주문 접수");
        }
      }),
    );
  });
});
