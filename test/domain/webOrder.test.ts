import fc from "fast-check";
import type { AllocationShipment, Calendar } from "../../src/domain/allocation";
import { defaultSettings } from "../../src/domain/settings";
import {
  checkWebOrder,
  estimateShipDates,
  isExpired,
  isHoneypotFilled,
  quoteOrder,
  rowAmounts,
  type WebOrder,
} from "../../src/domain/webOrder";

const settings = defaultSettings("2026-05-01");
const recipient = (over: Record<string, unknown> = {}) => ({
  name: "김영희",
  phone: "01011112222",
  postalCode: "06236",
  address: "서울특별시 강남구 테헤란로 1",
  item: "백도 4.5kg",
  boxes: 1,
  ...over,
});
const order = (recipients: unknown[], over: Record<string, unknown> = {}) => ({
  orderer: { name: "박철수", phone: "010 3333 4444" },
  recipients,
  memo: "",
  ...over,
});

describe("reading a web order with the sheet's rules", () => {
  it("normalises as the sheet does (phones, a postal code that lost its zero)", () => {
    const read = checkWebOrder(order([recipient({ postalCode: 6236, boxes: "2상자" })]), settings);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.orderer.phone).toBe("010-3333-4444");
    expect(read.value.recipients[0]).toMatchObject({ phone: "010-1111-2222", postalCode: "06236", boxes: 2 });
  });

  it("names every bad field in Korean, next to its field", () => {
    const read = checkWebOrder(
      order([recipient(), recipient({ phone: "12", item: "사과", boxes: 0, address: "" })], {
        orderer: { name: "", phone: "010" },
      }),
      settings,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors.map((e) => e.field).sort()).toEqual([
      "orderer.name",
      "orderer.phone",
      "recipients[1].address",
      "recipients[1].boxes",
      "recipients[1].item",
      "recipients[1].phone",
    ]);
    for (const e of read.errors) expect(e.message).toMatch(/[가-힣]/);
  });

  it("holds the limits of 설정: recipients, boxes a recipient, memo length", () => {
    const eleven = Array.from({ length: 11 }, (_, i) =>
      recipient({ address: `서울특별시 강남구 테헤란로 ${i + 1}` }),
    );
    const many = checkWebOrder(order(eleven), settings);
    expect(!many.ok && many.errors.map((e) => e.field)).toEqual(["recipients"]);
    // More lines than ten recipients could hold with each item once: refused before reading them.
    const lines = checkWebOrder(order(Array.from({ length: 31 }, () => recipient())), settings);
    expect(!lines.ok && lines.errors.map((e) => e.field)).toEqual(["recipients"]);
    const big = checkWebOrder(order([recipient({ boxes: 51 })]), settings);
    expect(!big.ok && big.errors[0]).toEqual({
      field: "recipients[0].boxes",
      message: "받는 분 한 명에게 50상자까지 주문할 수 있습니다",
    });
    const none = checkWebOrder(order([]), settings);
    expect(!none.ok && none.errors[0]!.field).toBe("recipients");
    const memo = checkWebOrder(order([recipient()], { memo: "가".repeat(201) }), settings);
    expect(!memo.ok && memo.errors[0]!.field).toBe("memo");
  });

  it("issue 23 · 18: a recipient with several items is one recipient: limits on the total, each item once", () => {
    const two = [recipient({ boxes: 2 }), recipient({ item: "황도 4.5kg", boxes: 1 })];
    const read = checkWebOrder(order(two), settings);
    expect(read.ok && read.value.recipients.map((r) => [r.item, r.boxes])).toEqual([
      ["백도 4.5kg", 2],
      ["황도 4.5kg", 1],
    ]);
    // Ten recipients, each with three items: thirty lines, ten recipients, within the limit.
    const full = Array.from({ length: 10 }, (_, i) =>
      ["백도 4.5kg", "황도 4.5kg", "천도 3kg"].map((item) =>
        recipient({ address: `서울특별시 강남구 테헤란로 ${i + 1}`, item }),
      ),
    ).flat();
    expect(checkWebOrder(order(full), settings).ok).toBe(true);

    // 30 + 21 boxes to one recipient: over the 50 of 설정, said at both lines, though each line is under.
    const big = checkWebOrder(
      order([recipient({ boxes: 30 }), recipient({ item: "황도 4.5kg", boxes: 21 })]),
      settings,
    );
    expect(!big.ok && big.errors).toEqual([
      {
        field: "recipients[0].boxes",
        message: "받는 분 한 명에게 50상자까지 주문할 수 있습니다 (지금 51상자)",
      },
      {
        field: "recipients[1].boxes",
        message: "받는 분 한 명에게 50상자까지 주문할 수 있습니다 (지금 51상자)",
      },
    ]);
    // The same boxes to two recipients are two recipients: no limit crossed.
    expect(
      checkWebOrder(
        order([recipient({ boxes: 30 }), recipient({ name: "박민수", phone: "01055556666", boxes: 21 })]),
        settings,
      ).ok,
    ).toBe(true);
    // The same place by phone (another spelling of the address) is one recipient.
    const same = checkWebOrder(
      order([
        recipient({ boxes: 30 }),
        recipient({ name: "김 영희", address: "서울특별시 강남구 테헤란로1", item: "천도 3kg", boxes: 21 }),
      ]),
      settings,
    );
    expect(!same.ok && same.errors.map((e) => e.field)).toEqual([
      "recipients[0].boxes",
      "recipients[1].boxes",
    ]);

    // One item twice to one recipient would be the same line twice in 주문: asked to merge.
    const twice = checkWebOrder(order([recipient({ boxes: 2 }), recipient({ boxes: 1 })]), settings);
    expect(!twice.ok && twice.errors).toEqual([
      {
        field: "recipients[1].item",
        message: "같은 분께 같은 품목이 두 줄 있습니다. 상자수를 한 줄에 합쳐 주세요",
      },
    ]);
    // Eleven recipients counted as people, not lines: refused.
    const eleven = Array.from({ length: 11 }, (_, i) => [
      recipient({ address: `부산광역시 해운대구 해운대로 ${i + 1}` }),
      recipient({ address: `부산광역시 해운대구 해운대로 ${i + 1}`, item: "황도 4.5kg" }),
    ]).flat();
    const eleventh = checkWebOrder(order(eleven), settings);
    expect(!eleventh.ok && eleventh.errors.map((e) => e.field)).toEqual(["recipients"]);
  });

  it("never throws on anything a visitor sends, and never accepts what is not an order", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const read = checkWebOrder(input, settings);
        expect(read.ok).toBe(false);
      }),
    );
  });

  it("refuses invisible characters, bidi overrides and lone surrogates in names, addresses and the memo (issue 23)", () => {
    const hidden = [
      ...["\u202e", "\u200b", "\u2066", "\ufeff", "\u0000", "\ud83d", "\ude00", "\u00ad"],
      // The Arabic letter mark and the Hangul fillers (a name of ㅤ looks blank).
      ...["\u061c", "\u3164", "\u115f", "\u1160", "\uffa0", "\u034f"],
    ];
    for (const h of hidden) {
      for (const [field, o] of [
        ["orderer.name", order([recipient()], { orderer: { name: `박${h}철수`, phone: "01033334444" } })],
        ["recipients[0].name", order([recipient({ name: `김${h}영희` })])],
        ["recipients[0].address", order([recipient({ address: `서울특별시 강남구${h} 테헤란로 1` })])],
        ["memo", order([recipient()], { memo: `문 앞에${h} 두세요` })],
      ] as const) {
        const read = checkWebOrder(o, settings);
        expect(!read.ok && read.errors.map((e) => e.field)).toEqual([field]);
        expect(!read.ok && read.errors[0]!.message).toContain("보이지 않는 글자");
      }
    }
    // What people do type passes: a line break in the memo, an emoji whole.
    expect(checkWebOrder(order([recipient()], { memo: "문 앞에\n두세요 🍑 ❤️" }), settings).ok).toBe(true);
  });

  it("sees a filled honeypot", () => {
    expect(isHoneypotFilled({ website: "http://spam" })).toBe(true);
    expect(isHoneypotFilled({ website: "" })).toBe(false);
    expect(isHoneypotFilled(null)).toBe(false);
  });
});

const valid = (o: unknown): WebOrder => {
  const read = checkWebOrder(o, settings);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read.value;
};

describe("the quote", () => {
  it("charges per place, as the story says: 1 box 5,000, 3 boxes 10,000, two rows to one place one fee", () => {
    expect(quoteOrder(valid(order([recipient()])), settings)).toMatchObject({
      goods: 35000,
      shippingFee: 5000,
      total: 40000,
    });
    expect(quoteOrder(valid(order([recipient({ boxes: 3 })])), settings).shippingFee).toBe(10000);
    const twoItems = valid(order([recipient(), recipient({ item: "황도 4.5kg" })]));
    expect(quoteOrder(twoItems, settings)).toMatchObject({ goods: 73000, shippingFee: 5000, total: 78000 });
    const twoPlaces = valid(order([recipient(), recipient({ address: "부산광역시 해운대구 1" })]));
    expect(quoteOrder(twoPlaces, settings).shippingFee).toBe(10000);
  });

  it("adds up: total = goods + fee = the rows' totals; the fee is ceil(place boxes / 2) × 5,000", () => {
    const r = fc.record({
      address: fc.constantFrom("서울 강남구 1", "서울강남구 1", "부산 해운대구 2", "대구 중구 3"),
      name: fc.constantFrom("김영희", "박철수"),
      item: fc.constantFrom("백도 4.5kg", "황도 4.5kg", "천도 3kg"),
      // Three items of at most 16 boxes stay within a recipient's 50.
      boxes: fc.integer({ min: 1, max: 16 }),
    });
    // Each item once per place (the same phone throughout: one address is one recipient).
    const line = (x: { address: string; item: string }) => `${x.address.replace(/\s/g, "")}|${x.item}`;
    fc.assert(
      fc.property(fc.uniqueArray(r, { minLength: 1, maxLength: 10, selector: line }), (list) => {
        const o = valid(order(list.map((x) => recipient(x))));
        const q = quoteOrder(o, settings);
        expect(q.total).toBe(q.goods + q.shippingFee);
        expect(rowAmounts(o, q, settings).reduce((s, a) => s + a.total, 0)).toBe(q.total);
        for (const p of q.places) expect(p.shippingFee).toBe(Math.ceil(p.boxes / 2) * 5000);
        expect(q.places.reduce((s, p) => s + p.boxes, 0)).toBe(list.reduce((s, x) => s + x.boxes, 0));
      }),
    );
  });
});

const calendar: Calendar = {
  defaultCapacity: 10,
  shippingWeekdays: [1, 2, 3, 4, 5, 6],
  seasonStart: "2026-07-13",
  seasonEnd: "2026-07-18",
  overrides: [],
};
const base = { calendar, policy: "strict" as const, leadDays: 1, today: "2026-07-13" };
const now = new Date("2026-07-13T10:00:00+09:00");
const held = (id: string, boxes: number, date: string): AllocationShipment => ({
  id,
  boxes,
  paid: true,
  paidAt: Date.parse("2026-07-12T10:00:00+09:00"),
  status: "scheduled",
  shipDate: date,
});

describe("the ship date if paid now", () => {
  it("is the first day after the lead days with room, in the page's words", () => {
    const e = estimateShipDates(base, [held("a", 8, "2026-07-14")], [{ boxes: 3 }], now);
    expect(e.earliestShipDate).toBe("2026-07-15");
    expect(e.text).toBe(
      "오늘 입금하시면 7월 15일 (수) 출하 예정입니다 (예상이며, 출하일은 입금 순서대로 정해집니다)",
    );
  });

  it("says waitlist when the season is full, and too large when no day holds a place", () => {
    const full = ["14", "15", "16", "17", "18"].map((d) => held(d, 10, `2026-07-${d}`));
    const waiting = estimateShipDates(base, full, [{ boxes: 1 }], now);
    expect(waiting.earliestShipDate).toBeNull();
    expect(waiting.text).toBe(
      "출하량이 다 차서 대기 주문으로 접수됩니다. 자리가 나면 입금 순서대로 출하일을 드립니다",
    );
    expect(estimateShipDates(base, [], [{ boxes: 11 }], now).text).toContain("하루 출하량(10상자)");
  });

  it("never promises a day past the capacity, before the lead days or outside the season", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ boxes: fc.integer({ min: 1, max: 10 }), day: fc.integer({ min: 13, max: 18 }) }),
        ),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }),
        (queue, places) => {
          const shipments = queue.map((q, i) => held(`h${i}`, q.boxes, `2026-07-${q.day}`));
          const e = estimateShipDates(
            base,
            shipments,
            places.map((boxes) => ({ boxes })),
            now,
          );
          e.placeDates.forEach((date, i) => {
            if (date === null) return;
            expect(date >= "2026-07-14" && date <= "2026-07-18").toBe(true);
            const used = shipments.filter((s) => s.shipDate === date).reduce((s, x) => s + x.boxes, 0);
            const ours = places.filter((_, j) => e.placeDates[j] === date).reduce((s, b) => s + b, 0);
            expect(used + ours).toBeLessThanOrEqual(Math.max(10, used));
            expect(places[i]!).toBeLessThanOrEqual(10);
          });
        },
      ),
    );
  });
});

describe("unpaid web orders expire", () => {
  it("after N days, never with 0", () => {
    const at = new Date("2026-07-10T12:00:00+09:00");
    expect(isExpired(at, new Date("2026-07-13T11:59:00+09:00"), 3)).toBe(false);
    expect(isExpired(at, new Date("2026-07-13T12:00:00+09:00"), 3)).toBe(true);
    expect(isExpired(at, new Date("2027-07-13T12:00:00+09:00"), 0)).toBe(false);
  });
});
