import fc from "fast-check";
import { withParticle } from "../../src/domain/korean";

describe("Korean particles follow the word", () => {
  it.each([
    ["주소", "이/가", "주소가"],
    ["이름", "이/가", "이름이"],
    ["전화번호", "이/가", "전화번호가"],
    ["상자수", "이/가", "상자수가"],
    ["파일", "을/를", "파일을"],
    ["'입금 안내'", "을/를", "'입금 안내'를"],
    ["설정", "은/는", "설정은"],
    ["배송비", "은/는", "배송비는"],
    ["황도 4.5kg", "으로/로", "황도 4.5kg으로"],
    ["서울", "으로/로", "서울로"],
    ["발송", "으로/로", "발송으로"],
    ["포장", "으로/로", "포장으로"],
    ["2026-07-15", "은/는", "2026-07-15는"],
    ["7월 13일", "은/는", "7월 13일은"],
    ["3", "이/가", "3이"],
    ["CJ", "과/와", "CJ와"],
  ] as const)("%s + %s → %s", (word, particle, expected) => {
    expect(withParticle(word, particle)).toBe(expected);
  });

  it("keeps both forms when the last sound cannot be known", () => {
    expect(withParticle("★", "이/가")).toBe("★이(가)");
  });

  it("property: a syllable with a final consonant takes the first form, one without the second", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0xac00, max: 0xd7a3 }), (code) => {
        const word = `가${String.fromCharCode(code)}`;
        const hasFinal = (code - 0xac00) % 28 !== 0;
        const rieul = (code - 0xac00) % 28 === 8;
        return (
          withParticle(word, "이/가") === word + (hasFinal ? "이" : "가") &&
          withParticle(word, "을/를") === word + (hasFinal ? "을" : "를") &&
          withParticle(word, "은/는") === word + (hasFinal ? "은" : "는") &&
          withParticle(word, "으로/로") === word + (hasFinal && !rieul ? "으로" : "로")
        );
      }),
    );
  });
});
