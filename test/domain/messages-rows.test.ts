import {
  paymentConfirmedMessage,
  messageNeeds,
  paymentRequestMessage,
  shipDateChangedMessage,
  shippedMessage,
  type MessageOrder,
} from "../../src/domain/messages";
import { shipmentAmounts } from "../../src/domain/pricing";
import { parsePayment, readOrderRow } from "../../src/domain/rows";
import { defaultSettings } from "../../src/domain/settings";
import { firstIssue } from "../../src/domain/schemas";
import {
  CapacityDaySchema,
  EventSchema,
  OrderSchema,
  ProblemSchema,
  ShipmentSchema,
} from "../../src/domain/records";

const settings = defaultSettings("2026-05-01");

const order: MessageOrder = {
  code: "382-915",
  ordererName: "김민수",
  statusLink: "https://example.com/exec?t=abc",
  waitReason: "이번 시즌 출하량이 다 차서 대기 중입니다",
  shipments: [
    {
      recipientName: "김민수",
      item: "백도 4.5kg",
      boxes: 3,
      ...shipmentAmounts(3, 35000, settings),
      shipDate: "2026-07-15",
      courier: "CJ대한통운",
      trackingNumber: "521853123456",
    },
    {
      recipientName: "박영희",
      item: "황도 4.5kg",
      boxes: 1,
      ...shipmentAmounts(1, 38000, settings),
      shipDate: null,
      courier: "",
      trackingNumber: "",
    },
  ],
};

describe("KakaoTalk messages", () => {
  it("payment request shows the breakdown, the total and the account", () => {
    const filled = { ...settings, paymentInstructions: "농협 351-1234-5678-93 (예금주 김토니)" };
    const text = paymentRequestMessage(order, filled);
    expect(text).toContain("주문번호 382-915");
    expect(text).toContain("김민수님께 백도 4.5kg 3상자: 105,000원 + 배송비 10,000원");
    expect(text).toContain("박영희님께 황도 4.5kg 1상자: 38,000원 + 배송비 5,000원");
    expect(text).toContain("합계 158,000원");
    expect(text).toContain("입금하실 곳: 농협 351-1234-5678-93 (예금주 김토니)");
    expect(text).toContain("https://example.com/exec?t=abc");
    expect(messageNeeds("paymentRequest", filled)).toBeNull();
  });

  it("a payment request waits until 설정 has 입금 안내, and says so", () => {
    expect(messageNeeds("paymentRequest", settings)).toBe("설정의 '입금 안내'를 먼저 적어 주세요");
    expect(messageNeeds("paymentConfirmed", settings)).toBeNull();
  });

  it("payment confirmed gives each ship date in Korean", () => {
    const text = paymentConfirmedMessage(order, settings);
    expect(text).toContain("입금 확인되었습니다");
    // Two kinds of peach in the order: each line names its items.
    expect(text).toContain("김민수님 백도 4.5kg 3상자: 7월 15일 (수) 출하 예정");
    expect(text).toContain("박영희님 황도 4.5kg 1상자: 이번 시즌 출하량이 다 차서 대기 중입니다");
    expect(text).not.toContain("대기 중 출하 예정");
  });

  it("ship date changed says from and to", () => {
    const text = shipDateChangedMessage(order, settings, [
      { recipientName: "김민수", from: "2026-07-15", to: "2026-07-16" },
    ]);
    expect(text).toContain("7월 15일 (수) → 7월 16일 (목)");
    const ended = { ...order, waitReason: "시즌(7월 13일–9월 19일)이 끝나 출하일이 없습니다" };
    expect(
      shipDateChangedMessage(ended, settings, [{ recipientName: "김민수", from: "2026-09-19", to: null }]),
    ).toContain("김민수님: 9월 19일 (토) → 시즌(7월 13일–9월 19일)이 끝나 출하일이 없습니다");
  });

  it("shipped carries the tracking link", () => {
    const text = shippedMessage({ ...order, statusLink: "" }, settings);
    expect(text).toContain("CJ대한통운 521853123456");
    expect(text).toContain("https://trace.cjlogistics.com/next/tracking.html?wblNo=521853123456");
    expect(text).toContain("박영희님 황도 4.5kg 1상자: 발송 준비 중");
    expect(text).not.toContain("주문 확인:");
  });
});

describe("reading a 주문 row", () => {
  const good = {
    ordererName: "김민수",
    ordererPhone: "01012345678",
    recipientName: "박영희",
    recipientPhone: "+82 10-9876-5432",
    postalCode: 6236,
    address: "서울특별시 강남구 테헤란로 1",
    item: "백도 4.5kg",
    boxes: "3상자",
    payment: "ㅇ",
    shipDate: "",
    status: "",
    trackingNumber: "",
  };

  it("normalises every field and prices the row", () => {
    const r = readOrderRow(good, settings, 2026);
    expect(r.problems).toEqual([]);
    expect(r.fields).toMatchObject({
      ordererPhone: "010-1234-5678",
      recipientPhone: "010-9876-5432",
      postalCode: "06236",
      boxes: 3,
      payment: "paid",
      shipDate: null,
      status: null,
    });
    expect(r.amounts).toEqual({ goods: 105000, shippingFee: 10000, total: 115000 });
  });

  it("names the column of every problem in Korean and keeps the raw value", () => {
    const r = readOrderRow(
      {
        ...good,
        recipientPhone: "0101234",
        boxes: "세 상자",
        item: "사과",
        postalCode: "123-456",
        status: "배달중",
      },
      settings,
      2026,
    );
    expect(r.fields).toBeNull();
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^품목: 설정에 없는 품목입니다: "사과". 비슷한 품목: /),
      '진행상태: 알 수 없는 상태입니다: "배달중"',
      expect.stringMatching(/^받는분 연락처: 전화번호 형식이 아닙니다/),
      expect.stringMatching(/^우편번호: 옛 6자리 우편번호입니다/),
      expect.stringMatching(/^상자수: /),
    ]);
    expect(r.problems.find((p) => p.field === "boxes")?.raw).toBe("세 상자");
  });

  it("lists what it repaired, with from and to, and why when Excel broke it", () => {
    const r = readOrderRow(
      { ...good, ordererPhone: "1023456789", postalCode: "4524", item: "황도", recipientPhone: 1098765432 },
      settings,
      2026,
    );
    expect(r.problems).toEqual([]);
    expect(r.repairs).toEqual([
      { field: "item", from: "황도", to: "황도 4.5kg", reason: "설정의 품목 이름으로 맞춤" },
      {
        field: "ordererPhone",
        from: "1023456789",
        to: "010-2345-6789",
        reason: "엑셀이 지운 앞자리 0을 되살림",
      },
      {
        field: "recipientPhone",
        from: "1098765432",
        to: "010-9876-5432",
        reason: "엑셀이 지운 앞자리 0을 되살림",
      },
      { field: "postalCode", from: "4524", to: "04524", reason: "엑셀이 지운 앞자리 0을 되살림" },
    ]);
    expect(r.fields).toMatchObject({
      item: "황도 4.5kg",
      postalCode: "04524",
      ordererPhone: "010-2345-6789",
    });
    expect(r.amounts).toEqual({ goods: 114000, shippingFee: 10000, total: 124000 });
    expect(readOrderRow(good, settings, 2026).repairs.map((x) => [x.field, x.reason])).toEqual([
      ["ordererPhone", ""],
      ["recipientPhone", ""],
      ["postalCode", "엑셀이 지운 앞자리 0을 되살림"],
    ]);
  });

  it("prices a row whose problem is only in a phone, postal code or address: those are not needed for money", () => {
    const r = readOrderRow({ ...good, recipientPhone: "010-123", postalCode: "123-456" }, settings, 2026);
    expect(r.problems.map((p) => p.field)).toEqual(["recipientPhone", "postalCode"]);
    expect(r.fields).toMatchObject({ recipientPhone: "010-123", postalCode: "123-456", boxes: 3 });
    expect(r.amounts).toEqual({ goods: 105000, shippingFee: 10000, total: 115000 });
  });

  it("keeps the boxes of a row that cannot be priced", () => {
    const r = readOrderRow({ ...good, item: "사과 5kg" }, settings, 2026);
    expect(r.fields).toBeNull();
    expect(r.boxes).toBe(3);
  });

  it("reads a ship date and a status already there", () => {
    const r = readOrderRow(
      { ...good, shipDate: new Date("2026-07-14T15:00:00Z"), status: "출하예정" },
      settings,
      2026,
    );
    expect(r.fields).toMatchObject({ shipDate: "2026-07-15", status: "scheduled" });
  });

  it.each([
    ["입금완료", "paid"],
    ["완료", "paid"],
    ["O", "paid"],
    [true, "paid"],
    ["", "unpaid"],
    ["미입금", "unpaid"],
    [false, "unpaid"],
  ])("payment %p → %s", (cell, payment) => {
    expect(parsePayment(cell)).toEqual({ ok: true, value: payment });
  });
  it("payment in other words is a problem", () => {
    expect(parsePayment("내일 보냄").ok).toBe(false);
  });
});

describe("schemas", () => {
  it("check a capacity day, an event and a problem, in Korean", () => {
    expect(
      CapacityDaySchema.safeParse({ date: "2026-07-13", capacity: 40, closed: false, assigned: 12 }).success,
    ).toBe(true);
    const day = CapacityDaySchema.safeParse({ date: "7월 13일", capacity: -1, closed: false, assigned: 0 });
    expect(day.success).toBe(false);
    if (!day.success)
      expect(day.error.issues.map((i) => i.message)).toEqual([
        "날짜는 YYYY-MM-DD 형식이어야 합니다",
        "출하량은 0 이상이어야 합니다",
      ]);
    const event = {
      at: new Date(),
      actor: "tutu",
      orderCode: "382-915",
      rowId: "r1",
      event: "상태",
      from: "포장",
      to: "발송",
      detail: "",
    };
    expect(EventSchema.safeParse(event).success).toBe(true);
    expect(EventSchema.safeParse({ ...event, actor: "stranger" }).success).toBe(false);
    const problem = {
      key: "r1:boxes",
      tab: "주문",
      orderCode: "",
      rowId: "r1",
      row: 5,
      field: "boxes",
      message: "상자수: …",
      raw: "세 상자",
    };
    expect(ProblemSchema.safeParse(problem).success).toBe(true);
    expect(ProblemSchema.safeParse({ ...problem, message: "" }).success).toBe(false);
  });

  it("reject a shipment with fractional boxes or money, naming the field", () => {
    const r = ShipmentSchema.safeParse({ boxes: 1.5 });
    expect(r.success).toBe(false);
    if (!r.success) expect(firstIssue(r.error, (p) => `[${p}]`)).toMatch(/^\[/);
    const o = OrderSchema.safeParse({
      code: "",
      orderer: { name: "a", phone: "b" },
      shipments: [],
      goods: 1.5,
      shippingFee: 0,
      total: 0,
      payment: "paid",
    });
    expect(o.success).toBe(false);
  });
});
