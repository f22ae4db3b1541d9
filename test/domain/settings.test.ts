import { defaultSettings, parseSettings, unitPriceOf } from "../../src/domain/settings";
import { SETTING_DEFS } from "../../src/templates";

const rows = () => SETTING_DEFS.map((d) => ({ label: d.label, value: d.value as unknown }));
const withValue = (label: string, value: unknown) =>
  rows().map((r) => (r.label === label ? { label, value } : r));

describe("settings from the 설정 tab", () => {
  it("has the defaults the owner asked for", () => {
    const s = defaultSettings();
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
    const r = parseSettings([
      ...withValue("배정 방식", "빈자리 채우기").filter((x) => !String(x.label).startsWith("품목:")),
      { label: "배송비(한 묶음)", value: "6,000원" },
      { label: "품목: 신비복숭아 2kg", value: "29,000" },
      { label: "출하 요일", value: "월, 수, 금" },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.policy).toBe("fill");
    expect(r.value.items).toEqual([{ name: "신비복숭아 2kg", unitPrice: 29000 }]);
    expect(r.value.shippingWeekdays).toEqual([1, 3, 5]);
  });

  it("fills a missing row from the template", () => {
    const r = parseSettings(rows().filter((x) => x.label !== "준비 기간(일)"));
    expect(r.ok && r.value.leadDays).toBe(1);
  });

  it.each([
    ["배정 방식", "아무렇게나", /배정 방식/],
    ["하루 기본 출하량(상자)", "-5", /하루 기본 출하량/],
    ["배송비(한 묶음)", "5000.5", /배송비/],
    ["출하 요일", "월, 휴일", /출하 요일/],
    ["시즌 종료일", "2026-01-01", /시즌 종료일/],
  ])("names the setting when %s is %p", (label, value, message) => {
    const r = parseSettings(withValue(label, value));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
