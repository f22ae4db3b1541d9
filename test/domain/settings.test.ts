import fc from "fast-check";
import {
  defaultSettings,
  fillFirst,
  matchItem,
  parseSettings,
  settingsChecklist,
  unitPriceOf,
  outOfSeason,
  waitingReason,
} from "../../src/domain/settings";
import { SETTING_DEFS } from "../../src/templates";

const TODAY = "2026-05-01";
const rows = () => SETTING_DEFS.map((d) => ({ label: d.label, value: d.value as unknown }));
const withValue = (label: string, value: unknown) =>
  rows().map((r) => (r.label === label ? { label, value } : r));

describe("settings from the 설정 tab", () => {
  it("has the defaults the owner asked for", () => {
    const s = defaultSettings(TODAY);
    expect(s.shippingFeePerParcel).toBe(5000);
    expect(s.boxesPerParcel).toBe(2);
    expect(s.feeRounding).toBe("ceil");
    expect(s.shippingWeekdays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.leadDays).toBe(1);
    expect(s.policy).toBe("strict");
    expect(s.items.length).toBeGreaterThan(0);
    expect(unitPriceOf(s, s.items[0]!.name)).toBe(s.items[0]!.unitPrice);
  });

  it("reads Korean words, numbers with commas and Tony's own items", () => {
    const r = parseSettings(
      [
        ...withValue("배정 방식", "빈자리 채우기").filter((x) => !String(x.label).startsWith("품목:")),
        { label: "배송비(한 묶음)", value: "6,000원" },
        { label: "품목: 신비복숭아 2kg", value: "29,000" },
        { label: "출하 요일", value: "월, 수, 금" },
      ],
      TODAY,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.policy).toBe("fill");
    expect(r.value.items).toEqual([{ name: "신비복숭아 2kg", unitPrice: 29000 }]);
    expect(r.value.shippingWeekdays).toEqual([1, 3, 5]);
  });

  it("fills a missing row from the template", () => {
    const r = parseSettings(
      rows().filter((x) => x.label !== "준비 기간(일)"),
      TODAY,
    );
    expect(r.ok && r.value.leadDays).toBe(1);
  });

  it.each([
    ["배정 방식", "아무렇게나", /배정 방식/],
    ["하루 기본 출하량(상자)", "-5", /하루 기본 출하량/],
    ["배송비(한 묶음)", "5000.5", /배송비/],
    ["출하 요일", "월, 휴일", /출하 요일/],
    ["시즌 종료일", "2026-01-01", /시즌 종료일/],
  ])("names the setting when %s is %p", (label, value, message) => {
    const r = parseSettings(withValue(label, value), TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe("what only Tony can fill", () => {
  it("starts empty and says which 설정 line to fill", () => {
    const s = defaultSettings(TODAY);
    expect([s.paymentInstructions, s.sellerPhone, s.senderAddress]).toEqual(["", "", ""]);
    expect(fillFirst(s, ["paymentInstructions"])).toBe("설정의 '입금 안내'를 먼저 적어 주세요");
    expect(fillFirst(s, ["sellerPhone", "senderAddress"])).toBe(
      "설정의 '판매자 연락처', '보내는 주소'를 먼저 적어 주세요",
    );
  });

  it.each(["예: 농협 123-4567-8901-23", "(예) 국민은행"])(
    "counts %p, marked as an example, as not filled: 예시 값 그대로입니다",
    (value) => {
      const r = parseSettings(withValue("입금 안내", value), TODAY);
      expect(r.ok && r.value.paymentInstructions).toBe("");
      expect(r.ok && fillFirst(r.value, ["paymentInstructions"])).toBe(
        "설정의 '입금 안내'는 예시 값 그대로입니다. 실제 값으로 고쳐 주세요",
      );
    },
  );

  it("16 · the template's example counts as filled only when Tony typed it (a workbook whose template left the cell empty)", () => {
    const EXAMPLE = "카카오뱅크 3333-01-2345678 (예금주 토니)";
    const described = (description: (label: string) => string) =>
      withValue("입금 안내", EXAMPLE).map((r) => ({ ...r, description: description(String(r.label)) }));
    // Today's template writes 입금 안내 empty: the example there was typed or pasted by Tony.
    const typed = parseSettings(
      described((l) => SETTING_DEFS.find((d) => d.label === l)?.description ?? ""),
      TODAY,
    );
    expect(typed.ok && typed.value.paymentInstructions).toBe(EXAMPLE);
    expect(typed.ok && fillFirst(typed.value, ["paymentInstructions"])).toBeNull();
    // The template of before 2026-11-25 wrote the example itself (its shorter 설명 says so).
    const old = parseSettings(
      described((l) => (l === "입금 안내" ? "입금 요청 메시지와 조회 화면에 나옵니다" : "")).map((r) =>
        r.label === "판매자 연락처" ? { ...r, value: "010-0000-0000" } : r,
      ),
      TODAY,
    );
    expect(old.ok && old.value.paymentInstructions).toBe("");
    expect(old.ok && fillFirst(old.value, ["paymentInstructions", "sellerPhone", "senderAddress"])).toBe(
      "설정의 '보내는 주소'를 먼저 적어 주세요. '입금 안내', '판매자 연락처'는 예시 값 그대로입니다. 실제 값으로 고쳐 주세요",
    );
    expect(old.ok && settingsChecklist(old.value)[0]).toMatch(/^\[ \] 입금 안내: 예시 값 그대로입니다\./);
  });

  it("takes Tony's own values", () => {
    const filled = rows().map((r) =>
      r.label === "입금 안내"
        ? { ...r, value: "농협 351-1234-5678-93 (예금주 김토니)" }
        : r.label === "판매자 연락처"
          ? { ...r, value: "010-2468-1357" }
          : r,
    );
    const r = parseSettings(filled, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(fillFirst(r.value, ["paymentInstructions", "sellerPhone"])).toBeNull();
    expect(fillFirst(r.value, ["sellerPhone", "senderAddress"])).toBe(
      "설정의 '보내는 주소'를 먼저 적어 주세요",
    );
    const checklist = settingsChecklist(r.value);
    expect(checklist[0]).toBe("[v] 입금 안내: 농협 351-1234-5678-93 (예금주 김토니)");
    expect(checklist[2]).toMatch(/^\[ \] 보내는 주소: 비어 있습니다/);
    expect(checklist.join("\n")).toContain("7월 13일 (월)–9월 19일 (토)");
  });

  it("reads a season typed without a year as this or next summer", () => {
    const season = (today: string) => {
      const r = parseSettings(
        [
          ...withValue("시즌 시작일", "7월 13일").filter((x) => x.label !== "시즌 종료일"),
          { label: "시즌 종료일", value: "9/19" },
        ],
        today,
      );
      return r.ok ? [r.value.seasonStart, r.value.seasonEnd] : r.error;
    };
    expect(season("2026-05-01")).toEqual(["2026-07-13", "2026-09-19"]);
    expect(season("2026-10-01")).toEqual(["2027-07-13", "2027-09-19"]);
  });
});

describe("item names match leniently", () => {
  const s = defaultSettings(TODAY);
  const name = (typed: unknown) => {
    const r = matchItem(s, typed);
    return r.ok ? r.value.name : `ERR ${r.error}`;
  };

  it.each([
    "황도 4.5kg",
    "황도4.5kg",
    "황도 4.5 kg",
    "황도 4.5KG",
    "황도４．５ｋｇ",
    " 황도 ",
    "황도",
    "황도 4.5키로",
  ])("%p is 황도 4.5kg", (typed) => expect(name(typed)).toBe("황도 4.5kg"));

  it("names the closest items when none fits", () => {
    expect(name("황도 5kg")).toMatch(/^ERR 설정에 없는 품목입니다: "황도 5kg". 비슷한 품목: 황도 4.5kg/);
    expect(name("사과 5kg")).toMatch(/비슷한 품목: /);
    expect(name("")).toBe("ERR 품목이 비어 있습니다");
  });

  it("refuses a bare name that fits more than one item", () => {
    const two = { ...s, items: [...s.items, { name: "황도 10kg", unitPrice: 70000 }] };
    const r = matchItem(two, "황도");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("황도 4.5kg, 황도 10kg");
    expect(matchItem(two, "황도10kg").ok && matchItem(two, "황도10kg")).toMatchObject({
      value: { name: "황도 10kg" },
    });
  });

  it("property: any spacing, case and width of a 설정 item finds that item", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...s.items.map((i) => i.name)),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (item, spaces, wide) => {
          let typed = [...item.replace(/\s/g, "")].map((c, i) => (spaces[i % 12] ? ` ${c}` : c)).join("");
          if (wide)
            typed = typed.replace(/[0-9a-z.]/gi, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
          const r = matchItem(s, typed.toUpperCase());
          return r.ok && r.value.name === item;
        },
      ),
    );
  });
});

describe("why a paid shipment has no date", () => {
  const s = defaultSettings(TODAY);
  it.each([
    ["2026-05-01", "이번 시즌 출하량이 다 차서 대기 중입니다"],
    ["2026-08-01", "이번 시즌 출하량이 다 차서 대기 중입니다"],
    ["2026-09-20", "시즌(7월 13일–9월 19일)이 끝나 출하일이 없습니다"],
  ])("waiting on %s: %s", (today, reason) => {
    expect(waitingReason(s, today)).toBe(reason);
  });
  it.each([
    ["2026-05-01", "시즌(7월 13일–9월 19일) 전이라 출하일이 아직 없습니다"],
    ["2026-08-01", null],
    ["2026-09-20", "시즌(7월 13일–9월 19일)이 끝났습니다"],
  ])("a day list for %s says %p", (date, note) => {
    expect(outOfSeason(s, date)).toBe(note);
  });
});
