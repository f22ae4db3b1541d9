/**
 * Issue 21: harvest windows, per-item limits and the split of one place's rows into parcels
 * that ripen together, as 설정 says them.
 */
import fc from "fast-check";
import {
  itemsOfDay,
  overlap,
  parcelWindow,
  parseHarvestLines,
  splitByWindow,
  type HarvestWindow,
} from "../../src/domain/harvest";
import { defaultSettings, parseSettings, initialSettingRows } from "../../src/domain/settings";
import { itemAvailability, quoteOrder } from "../../src/domain/webOrder";

const SEASON: HarvestWindow = { start: "2026-07-13", end: "2026-09-19" };
const ITEMS = ["백도 4.5kg", "백도 2.5kg", "황도 4.5kg", "천도 3kg"];

describe("설정's per-item lines", () => {
  it("reads a window per item or per variety; the item's own line wins over its variety's", () => {
    const h = parseHarvestLines(
      [
        { label: "수확 기간: 백도", value: "07-13~08-10" },
        { label: "수확 기간: 백도 2.5kg", value: "7월 20일 ~ 8월 5일" },
        { label: "수확 기간: 황도 4.5kg", value: "08-12~09-10" },
        { label: "하루 최대: 황도", value: "15상자" },
        { label: "주문 시작: 황도", value: "08-01" },
      ],
      ITEMS,
      SEASON,
    );
    expect(h.lineProblems).toEqual([]);
    const rule = (item: string) => h.itemRules.find((r) => r.item === item)!;
    expect(rule("백도 4.5kg").window).toEqual({ start: "2026-07-13", end: "2026-08-10" });
    expect(rule("백도 2.5kg").window).toEqual({ start: "2026-07-20", end: "2026-08-05" });
    expect(rule("황도 4.5kg")).toMatchObject({
      window: { start: "2026-08-12", end: "2026-09-10" },
      orderStart: "2026-08-01",
      heldBy: null,
    });
    expect(rule("천도 3kg").window).toBeNull(); // no line: the season
    expect(h.itemLimits).toEqual([{ name: "황도", items: ["황도 4.5kg"], boxes: 15 }]);
  });

  it.each([
    ["08-40~09-01", "시작일을 읽을 수 없습니다"],
    ["09-10~08-12", "끝나는 날이 시작일보다 앞섭니다"],
    ["07-01~08-01", "시즌(7월 13일–9월 19일) 밖입니다"],
    ["8월 12일부터", "'시작~끝' 형식으로"],
  ])("a bad window %s is a problem naming the line, and holds the item", (value, says) => {
    const h = parseHarvestLines([{ label: "수확 기간: 황도", value }], ITEMS, SEASON);
    expect(h.lineProblems).toHaveLength(1);
    expect(h.lineProblems[0]!.label).toBe("수확 기간: 황도");
    expect(h.lineProblems[0]!.message).toContain("설정 '수확 기간: 황도'");
    expect(h.lineProblems[0]!.message).toContain(says);
    expect(h.itemRules.find((r) => r.item === "황도 4.5kg")!.heldBy).toBe("수확 기간: 황도");
    // Never silently given the season.
    expect(
      parcelWindow({ harvest: h, seasonStart: SEASON.start, seasonEnd: SEASON.end }, ["황도 4.5kg"]).heldBy,
    ).toBe("수확 기간: 황도");
  });

  it("an unknown name or a bad limit is a problem too; an empty line says nothing", () => {
    const h = parseHarvestLines(
      [
        { label: "수확 기간: 자두", value: "08-01~08-10" },
        { label: "하루 최대: 천도", value: "-3" },
        { label: "수확 기간: 백도", value: "" },
      ],
      ITEMS,
      SEASON,
    );
    expect(h.lineProblems.map((p) => p.label)).toEqual(["수확 기간: 자두", "하루 최대: 천도"]);
    expect(h.itemRules.find((r) => r.item === "천도 3kg")!.heldBy).toBe("하루 최대: 천도");
    expect(h.itemRules.find((r) => r.item === "백도 4.5kg")).toMatchObject({ window: null, heldBy: null });
  });

  it("parseSettings carries them, and a new workbook has an empty window line per item", () => {
    const rows = initialSettingRows("2026-05-01").map(([label, value]) => ({ label, value }));
    expect(rows.filter((r) => String(r.label).startsWith("수확 기간:")).map((r) => r.label)).toEqual([
      "수확 기간: 백도 4.5kg",
      "수확 기간: 황도 4.5kg",
      "수확 기간: 천도 3kg",
    ]);
    const plain = defaultSettings("2026-05-01");
    expect(plain.harvest.itemRules.every((r) => r.window === null && r.heldBy === null)).toBe(true);
    const withWindow = rows.map((r) =>
      r.label === "수확 기간: 황도 4.5kg" ? { ...r, value: "08-12~09-10" } : r,
    );
    const parsed = parseSettings(withWindow, "2026-05-01");
    expect(parsed.ok && parsed.value.harvest.itemRules[1]!.window).toEqual({
      start: "2026-08-12",
      end: "2026-09-10",
    });
    expect(parsed.ok && parsed.value.acceptWaiting).toBe(false);
    expect(parsed.ok && parsed.value.delayNoticeDays).toBe(3);
  });
});

describe("a day's boxes per item (출하 일정's 품목별 배정, plan, today)", () => {
  it("names each item's boxes, with its own limit, and a variety's limit as its own part", () => {
    const h = parseHarvestLines(
      [
        { label: "하루 최대: 황도 4.5kg", value: 15 },
        { label: "하루 최대: 백도", value: 30 },
      ],
      ITEMS,
      SEASON,
    );
    expect(itemsOfDay({ "백도 4.5kg": 12, "백도 2.5kg": 3, "황도 4.5kg": 8 }, h.itemLimits)).toBe(
      "백도 4.5kg 12 · 백도 2.5kg 3 · 황도 4.5kg 8/15 · 백도 15/30",
    );
    expect(itemsOfDay({ "천도 3kg": 5 }, [])).toBe("천도 3kg 5");
    expect(itemsOfDay(undefined, h.itemLimits)).toBe("");
  });
});

describe("one place's rows split by harvest window", () => {
  const h = parseHarvestLines(
    [
      { label: "수확 기간: 백도", value: "07-13~08-10" },
      { label: "수확 기간: 황도", value: "08-12~09-10" },
      { label: "수확 기간: 천도", value: "08-01~08-20" },
    ],
    ITEMS,
    SEASON,
  );

  it("백도 + 황도 do not overlap: two parcels; 백도 + 천도 do: one, inside both", () => {
    expect(splitByWindow(h, SEASON, ["백도 4.5kg", "황도 4.5kg"]).map((p) => p.rows)).toEqual([[0], [1]]);
    const one = splitByWindow(h, SEASON, ["백도 4.5kg", "천도 3kg", "백도 2.5kg"]);
    expect(one.map((p) => p.rows)).toEqual([[0, 1, 2]]);
    expect(one[0]!.window).toEqual({ start: "2026-08-01", end: "2026-08-10" });
  });

  it("every parcel's items share a day, and every row is in exactly one parcel", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ITEMS), { minLength: 1, maxLength: 8 }), (items) => {
        const parcels = splitByWindow(h, SEASON, items);
        expect(parcels.flatMap((p) => p.rows).sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
        for (const p of parcels) {
          const windows = p.rows.map((i) => h.itemRules.find((r) => r.item === items[i])!.window ?? SEASON);
          const common = windows.reduce<HarvestWindow | null>((w, x) => w && overlap(w, x), SEASON);
          expect(common).toEqual(p.window);
        }
      }),
    );
  });
});

describe("the order page, item by item", () => {
  const rows = initialSettingRows("2026-05-01").map(([label, value]) => ({ label, value }));
  const settings = (over: Record<string, unknown> = {}) => {
    const parsed = parseSettings(
      [
        ...rows,
        { label: "수확 기간: 백도 4.5kg", value: "07-13~08-10" },
        { label: "수확 기간: 황도 4.5kg", value: "08-12~09-10" },
        { label: "주문 시작: 황도", value: "08-01" },
        ...Object.entries(over).map(([label, value]) => ({ label, value })),
      ],
      "2026-05-01",
    );
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };

  it("says when an item opens, when its harvest is over, and 품절 (with 대기 주문 when 설정 allows)", () => {
    expect(itemAvailability(settings(), "황도 4.5kg", "2026-07-20", false)).toEqual({
      state: "notYet",
      text: "8월 1일부터 주문 받습니다",
    });
    expect(itemAvailability(settings(), "백도 4.5kg", "2026-08-11", false).state).toBe("over");
    expect(itemAvailability(settings(), "백도 4.5kg", "2026-07-20", true)).toMatchObject({
      state: "soldOut",
      waiting: false,
      text: "품절",
    });
    expect(
      itemAvailability(settings({ "대기 주문 받기": "예" }), "백도 4.5kg", "2026-07-20", true),
    ).toMatchObject({
      state: "soldOut",
      waiting: true,
    });
    expect(itemAvailability(settings(), "천도 3kg", "2026-07-20", false)).toEqual({ state: "open" });
  });

  it("quotes a place whose items ripen apart as two parcels with a fee each, and says so", () => {
    const order = {
      orderer: { name: "나누리", phone: "010-3131-4242" },
      recipients: ["백도 4.5kg", "황도 4.5kg"].map((item) => ({
        name: "나누리",
        phone: "010-3131-4242",
        postalCode: "06236",
        address: "서울특별시 강남구 테헤란로 7",
        item,
        boxes: 1,
      })),
      memo: "",
    };
    const quote = quoteOrder(order, settings());
    expect(quote.places.map((p) => [p.recipients, p.shippingFee, p.splitNote])).toEqual([
      [[0], 5000, "품종마다 익는 때가 달라 따로 보냅니다: 배송비 2번"],
      [[1], 5000, "품종마다 익는 때가 달라 따로 보냅니다: 배송비 2번"],
    ]);
    expect(quote.shippingFee).toBe(10_000);
    // Without windows: one place, one fee.
    expect(quoteOrder(order, defaultSettings("2026-05-01")).places).toHaveLength(1);
  });
});
