/**
 * Korean particles that follow the word before them: 주소가 / 이름이, 파일을 / 품목를 is wrong,
 * 설정은 / 주소는, 황도로 / 택배사로 / 발송으로. The choice depends on whether the word's last
 * sound has a final consonant (받침); words ending in digits or Latin letters are read aloud.
 */

export type Particle = "이/가" | "을/를" | "은/는" | "과/와" | "으로/로";

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** Index of ㄹ among the final consonants of a Hangul syllable. */
const RIEUL = 8;

/** How the last digit is read: 영 일 이 삼 사 오 육 칠 팔 구 (final consonant index, 0 = none). */
const DIGIT_FINAL = [21, RIEUL, 0, 16, 0, 0, 1, RIEUL, RIEUL, 0];
/** Latin letters read with a final consonant: 엘 엠 엔 알(r). */
const LATIN_FINAL: Record<string, number> = { l: RIEUL, m: 16, n: 4, r: RIEUL };

/** The final consonant index (0 = none) of the last sound of a word, or null when unknown. */
function finalOf(word: string): number | null {
  const trimmed = word.replace(/[\s"'”’)\]}>.,!?:;·-]+$/u, "");
  const last = trimmed.at(-1);
  if (last === undefined) return null;
  const code = last.charCodeAt(0);
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) return (code - HANGUL_FIRST) % 28;
  if (/kg$/i.test(trimmed)) return 16; // 킬로그램
  if (/\d/.test(last)) return DIGIT_FINAL[Number(last)]!;
  if (/[a-z]/i.test(last)) return LATIN_FINAL[last.toLowerCase()] ?? 0;
  return null;
}

/** The particle that follows `word`: `withParticle("주소", "이/가")` is `주소가`. */
export function withParticle(word: string, particle: Particle): string {
  const [afterConsonant, afterVowel] = particle.split("/") as [string, string];
  const final = finalOf(word);
  if (final === null) return `${word}${afterConsonant}(${afterVowel})`;
  // 으로/로: ㄹ takes 로 like a vowel (서울로, 발송으로).
  const consonant = particle === "으로/로" ? final !== 0 && final !== RIEUL : final !== 0;
  return word + (consonant ? afterConsonant : afterVowel);
}
