import fc from "fast-check";
import { paymentConfirmedMessage, paymentRequestMessage, shippedMessage } from "../../src/domain/messages";
import { shippingFee } from "../../src/domain/pricing";
import { defaultSettings } from "../../src/domain/settings";
import {
  formatWaybills,
  groupByPlace,
  groupShipments,
  itemsShort,
  itemsText,
  parseWaybills,
  placeKey,
  shipmentNote,
  shipmentRowAmounts,
  shipmentStatus,
} from "../../src/domain/shipments";

const settings = defaultSettings("2026-05-01");
const SEJONG = "서울특별시 중구 세종대로 110";

describe("a shipment is what goes to one place", () => {
  it("compares addresses without spaces, punctuation, width or case", () => {
    expect(placeKey("서울특별시 중구 세종대로 110")).toBe(placeKey("서울특별시  중구 세종대로110"));
    expect(placeKey("서울 중구 세종대로 110, 2층 (태평로1가)")).toBe(
      placeKey("서울 중구 세종대로 110 2층 태평로1가"),
    );
    expect(placeKey("Ａｐｔ １０１-２０２")).toBe(placeKey("apt 101202"));
    expect(placeKey("세종대로 110")).not.toBe(placeKey("세종대로 111"));
  });

  it("groups 문희경's 백도 and 황도 to 세종대로 110: same address and phone, or same name", () => {
    expect(
      groupByPlace([
        { name: "문희경", phone: "010-2345-6789", address: SEJONG },
        { name: "김철수", phone: "010-1111-2222", address: "부산 해운대구 1" },
        { name: "문희경", phone: "01023456789", address: "서울특별시 중구 세종대로110" },
        { name: "문 희경", phone: "", address: SEJONG },
        { name: "박영희", phone: "010-9999-8888", address: SEJONG },
      ]),
    ).toEqual([[0, 2, 3], [1], [4]]);
  });

  it("never joins different places, and needs an address to join anything", () => {
    expect(
      groupByPlace([
        { name: "문희경", phone: "010-2345-6789", address: SEJONG },
        { name: "문희경", phone: "010-2345-6789", address: "서울 종로구 1" },
        { name: "문희경", phone: "010-2345-6789", address: "" },
        { name: "문희경", phone: "010-2345-6789", address: "" },
      ]),
    ).toEqual([[0], [1], [2], [3]]);
  });

  const arbDestination = fc.record({
    name: fc.constantFrom("문희경", "김철수", "박영희", ""),
    phone: fc.constantFrom("010-1111-2222", "01011112222", "010-3333-4444", ""),
    address: fc.constantFrom(SEJONG, "서울특별시 중구 세종대로110", "부산 해운대구 1", ""),
  });

  it("is a partition: every destination in exactly one group, groups in first-seen order", () => {
    fc.assert(
      fc.property(fc.array(arbDestination, { maxLength: 12 }), (ds) => {
        const groups = groupByPlace(ds);
        expect(groups.flat().sort((a, b) => a - b)).toEqual(ds.map((_, i) => i));
        for (const g of groups) expect([...g].sort((a, b) => a - b)).toEqual(g);
        expect(groups.map((g) => g[0])).toEqual([...groups.map((g) => g[0])].sort((a, b) => a! - b!));
        // Members of one group share the place.
        for (const g of groups)
          for (const i of g) expect(placeKey(ds[i]!.address)).toBe(placeKey(ds[g[0]!]!.address));
      }),
      { numRuns: 300 },
    );
  });

  it("membership does not depend on the order rows are listed in", () => {
    fc.assert(
      fc.property(
        fc.array(arbDestination, { maxLength: 10 }).chain((ds) =>
          fc.tuple(
            fc.constant(ds),
            fc.shuffledSubarray(
              ds.map((_, i) => i),
              { minLength: ds.length },
            ),
          ),
        ),
        ([ds, order]) => {
          const together = (groups: number[][], ids: (i: number) => number) => {
            const of = new Map<number, number>();
            groups.forEach((g, k) => g.forEach((i) => of.set(ids(i), k)));
            return (a: number, b: number) => of.get(a) === of.get(b);
          };
          const base = together(groupByPlace(ds), (i) => i);
          const shuffled = together(groupByPlace(order.map((i) => ds[i]!)), (i) => order[i]!);
          for (let a = 0; a < ds.length; a++)
            for (let b = 0; b < ds.length; b++) expect(shuffled(a, b)).toBe(base(a, b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("different orders never merge, even to the same address", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("A", "B", "C"), arbDestination), { maxLength: 12 }),
        (rows) => {
          const shipments = groupShipments(
            rows,
            ([order]) => order,
            ([, d]) => d,
          );
          expect(shipments.flat()).toHaveLength(rows.length);
          for (const s of shipments) expect(new Set(s.map(([order]) => order)).size).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("charges ceil(total boxes / 2) × 5,000 once per shipment, on its first row", () => {
    expect(
      shipmentRowAmounts(
        [
          { boxes: 1, goods: 35000 },
          { boxes: 1, goods: 38000 },
        ],
        settings,
      ),
    ).toEqual([
      { goods: 35000, shippingFee: 5000, total: 40000 },
      { goods: 38000, shippingFee: 0, total: 38000 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), (boxes) => {
        const amounts = shipmentRowAmounts(
          boxes.map((b) => ({ boxes: b, goods: b * 35000 })),
          settings,
        );
        const total = boxes.reduce((a, b) => a + b, 0);
        expect(amounts.reduce((sum, a) => sum + a.shippingFee, 0)).toBe(Math.ceil(total / 2) * 5000);
        expect(amounts[0]!.shippingFee).toBe(shippingFee(total, settings));
        expect(amounts.slice(1).every((a) => a.shippingFee === 0)).toBe(true);
        for (const a of amounts) expect(a.total).toBe(a.goods + a.shippingFee);
      }),
      { numRuns: 200 },
    );
  });

  it("notes name the first row", () => {
    expect(shipmentNote([3], 0, 5000)).toBe("");
    expect(shipmentNote([3, 5], 0, 5000)).toBe("5행과 한 곳으로 배송 · 배송비 5,000원 이 줄에");
    expect(shipmentNote([3, 5], 1, 5000)).toBe("3행과 한 곳으로 배송 · 배송비는 3행에");
  });

  it("names every item, adding up a row split by hand", () => {
    const lines = [
      { item: "백도 4.5kg", boxes: 1 },
      { item: "황도 4.5kg", boxes: 1 },
    ];
    expect(itemsText(lines, true)).toBe("백도 4.5kg 1상자, 황도 4.5kg 1상자");
    expect(itemsText(lines, false)).toBe("2상자");
    expect(itemsShort(lines)).toBe("백도 4.5kg 1 + 황도 4.5kg 1");
    expect(
      itemsShort([
        { item: "백도 4.5kg", boxes: 1 },
        { item: "백도 4.5kg", boxes: 2 },
      ]),
    ).toBe("백도 4.5kg");
    expect(
      itemsText(
        [
          { item: "백도 4.5kg", boxes: 1 },
          { item: "백도 4.5kg", boxes: 2 },
        ],
        true,
      ),
    ).toBe("백도 4.5kg 3상자");
  });

  it("takes the furthest stage of its rows", () => {
    expect(shipmentStatus(["paid", "scheduled"])).toBe("scheduled");
    expect(shipmentStatus(["packed", "scheduled"])).toBe("packed");
  });
});

describe("waybills", () => {
  it("keeps every waybill of a shipment of several parcels, once each", () => {
    expect(parseWaybills("5218-5312-3456, 521853123457")).toEqual({
      ok: true,
      value: ["521853123456", "521853123457"],
    });
    expect(parseWaybills(521853123456)).toEqual({ ok: true, value: ["521853123456"] });
    expect(parseWaybills("")).toEqual({ ok: true, value: [] });
    expect(parseWaybills("521853123456, 521853123456")).toEqual({ ok: true, value: ["521853123456"] });
    expect(parseWaybills("521853123456, 5.21853E+11").ok).toBe(false);
    expect(formatWaybills(["521853123456", "521853123457"])).toBe("521853123456, 521853123457");
  });
});

describe("messages of shipments", () => {
  const amounts = (goods: number, fee: number) => ({ goods, shippingFee: fee, total: goods + fee });
  const 문희경 = {
    recipientName: "문희경",
    item: "백도 4.5kg",
    boxes: 2,
    lines: [
      { item: "백도 4.5kg", boxes: 1 },
      { item: "황도 4.5kg", boxes: 1 },
    ],
    address: "서울 중구",
    ...amounts(73000, 5000),
    shipDate: "2026-07-15",
    courier: "CJ대한통운",
    trackingNumber: "521853123456, 521853123457",
  };
  const order = {
    code: "382-915",
    ordererName: "문희경",
    statusLink: "",
    waitReason: "이번 시즌 출하량이 다 차서 대기 중입니다",
    shipments: [문희경],
  };

  it("names the items when an order holds more than one, with the fee once", () => {
    expect(paymentRequestMessage(order, settings)).toContain(
      "- 문희경님께 백도 4.5kg 1상자, 황도 4.5kg 1상자: 73,000원 + 배송비 5,000원",
    );
    expect(paymentConfirmedMessage(order, settings)).toContain(
      "- 문희경님 백도 4.5kg 1상자, 황도 4.5kg 1상자: 7월 15일 (수) 출하 예정",
    );
  });

  it("lists each waybill's tracking link", () => {
    const text = shippedMessage(order, settings);
    expect(text).toContain("CJ대한통운 521853123456, 521853123457");
    expect(text).toContain("배송 조회: https://trace.cjlogistics.com/next/tracking.html?wblNo=521853123456");
    expect(text).toContain("배송 조회: https://trace.cjlogistics.com/next/tracking.html?wblNo=521853123457");
  });

  it("never writes two identical lines", () => {
    const one = { ...문희경, lines: undefined, item: "백도 4.5kg", boxes: 1, trackingNumber: "" };
    const twice = {
      ...order,
      shipments: [
        { ...one, address: "서울 중구" },
        { ...one, address: "부산 해운대구" },
      ],
    };
    for (const text of [paymentRequestMessage(twice, settings), paymentConfirmedMessage(twice, settings)]) {
      const lines = text.split("\n").filter((l) => l.startsWith("- "));
      expect(lines).toHaveLength(2);
      expect(new Set(lines).size).toBe(2);
      expect(lines[1]).toContain("(부산 해운대구)");
    }
  });
});
