/**
 * Domain rules of issue 15: masking shows only a recognised 시/도 + 시/군/구, names need visible
 * letters, boxes read one way everywhere, capacity and settings never fall back silently.
 */
import fc from "fast-check";
import { parseCapacity } from "../../src/domain/capacity";
import { keepableOrderCode } from "../../src/domain/codes";
import { duplicateKey } from "../../src/domain/duplicates";
import { maskAddress } from "../../src/domain/masking";
import { normalizeName, stripInvisible } from "../../src/domain/names";
import { boxCount } from "../../src/domain/rows";
import { missingSettingLabels, parseSettings, safeStatusPageUrl } from "../../src/domain/settings";
import { SETTING_DEFS } from "../../src/templates";

const rows = () => SETTING_DEFS.map((d) => ({ label: d.label, value: d.value }));

describe("address masking", () => {
  it.each([
    ["역삼동 123-4", ""],
    ["테헤란로 1", ""],
    ["강남구 역삼동 1", ""],
    ["서울 역삼동 1", "서울"],
    ["부산광역시 해운대구 해운대로 2", "부산광역시 해운대구"],
    ["제주 서귀포시 1", "제주 서귀포시"],
  ])("%s shows %p", (address, masked) => expect(maskAddress(address)).toBe(masked));

  it("never shows more than two words, and never a word that is not a 시/도 first", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 6 }), (words) => {
        const masked = maskAddress(words.join(" "));
        const shown = masked.split(" ").filter(Boolean);
        expect(shown.length).toBeLessThanOrEqual(2);
        if (shown.length > 0)
          expect(
            /(시|도|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주)$/.test(
              shown[0]!,
            ),
          ).toBe(true);
      }),
    );
  });
});

describe("names need visible letters", () => {
  it.each([
    ["\u200b\u200b", /글자가 없습니다|비어 있습니다/],
    ["TRUE", /참\/거짓/],
    [true, /참\/거짓/],
    ["#N/A", /엑셀 오류 값/],
    [46215, /숫자\(또는 날짜\)/],
    ["123", /글자가 없습니다/],
    ["!!!", /글자가 없습니다/],
  ])("%p is refused", (value, message) => {
    const r = normalizeName(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("control and bidi characters are stripped: 김\\u202e민수 → 김민수", () => {
    expect(normalizeName("김\u202e민\u200b수\u0007")).toEqual({ ok: true, value: "김민수" });
    expect(stripInvisible("김\u202e민수")).toEqual({ text: "김민수", stripped: true });
  });

  it("a name that passes holds a letter and no invisible character", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const r = normalizeName(text);
        if (r.ok) {
          expect(/\p{L}/u.test(r.value)).toBe(true);
          expect(stripInvisible(r.value).stripped).toBe(false);
        }
      }),
    );
  });
});

describe("boxes read one way everywhere", () => {
  it.each([
    ["3상자", 3],
    ["3 박스", 3],
    ["4box", 4],
    [2, 2],
    ["세 상자", 0],
  ])("%p → %p", (cell, boxes) => expect(boxCount(cell)).toBe(boxes));
});

describe("capacity cells", () => {
  it.each(["５", "-5", "abc", "40.5", "1e2", " ", "0x10"])("%p is not a capacity", (cell) =>
    expect(parseCapacity(cell).ok).toBe(false),
  );
  it.each([
    ["40", 40],
    [40, 40],
    ["0", 0],
  ])("%p is %p boxes", (cell, n) => expect(parseCapacity(cell)).toEqual({ ok: true, value: n }));
});

describe("settings never fall back silently for money or capacity", () => {
  it.each(["배송비(한 묶음)", "하루 기본 출하량(상자)", "묶음당 상자수"])(
    "a missing %s is an error",
    (label) => {
      const r = parseSettings(
        rows().filter((x) => x.label !== label),
        "2026-05-01",
      );
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(`'${label}'`);
    },
  );

  it("a renamed price row (no item left) is an error, not the template's 35,000", () => {
    const renamed = rows().map((x) =>
      x.label.startsWith("품목:") ? { ...x, label: x.label.replace("품목:", "상품") } : x,
    );
    const r = parseSettings(renamed, "2026-05-01");
    expect(r.ok).toBe(false);
  });

  it("another missing row takes its default and is listed", () => {
    const without = rows().filter((x) => x.label !== "판매자 이름");
    expect(parseSettings(without, "2026-05-01").ok).toBe(true);
    expect(missingSettingLabels(without)).toEqual(["판매자 이름"]);
    expect(missingSettingLabels(rows())).toEqual([]);
  });

  it.each([
    ["https://peach.example/status", true],
    ["http://127.0.0.1:8080/", true],
    ["http://localhost:8080", true],
    ["", true],
    ["javascript:alert(1)", false],
    ["http://peach.example", false],
    ["data:text/html,x", false],
    [" https://a b", false],
  ])("조회 페이지 주소 %p accepted: %p", (url, ok) => {
    expect(safeStatusPageUrl(url)).toBe(ok);
    const r = parseSettings(
      rows().map((x) => (x.label === "조회 페이지 주소" ? { ...x, value: url } : x)),
      "2026-05-01",
    );
    expect(r.ok).toBe(ok);
  });
});

describe("import rules", () => {
  it.each([
    ["382-915", "382-915"],
    [1024, "1024"],
    ["A-17", "A-17"],
    ["=1+1", null],
    ["", null],
    ["a".repeat(21), null],
    [1.5, null],
  ])("order code %p kept as %p", (value, kept) => expect(keepableOrderCode(value)).toBe(kept));

  it("the duplicate key ignores spacing and the form of boxes, and tells days apart", () => {
    const line = {
      ordererName: "김 토니",
      recipientName: "박받음",
      address: "서울특별시  중구 세종대로 1",
      item: "백도 4.5kg",
      boxes: "2상자",
      orderedAt: "2026-07-01",
    };
    const same = { ...line, ordererName: " 김 토니 ", address: "서울특별시 중구 세종대로 1", boxes: 2 };
    expect(duplicateKey(same, 2026)).toBe(duplicateKey(line, 2026));
    expect(duplicateKey({ ...line, orderedAt: "2026-07-02" }, 2026)).not.toBe(duplicateKey(line, 2026));
  });
});
