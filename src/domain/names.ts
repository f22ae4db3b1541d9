/**
 * A person's name as typed into 주문. It must hold visible letters: zero-width and control
 * characters and bidirectional overrides (which can make a name read backwards) are stripped, and
 * what a spreadsheet puts in a cell by itself (TRUE, #N/A, a date serial) is no name.
 */
import { fail, ok, type Result } from "./result";

/** C0/C1 controls, zero-width characters, bidi marks and overrides, soft hyphen, BOM. */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const SPREADSHEET_ERROR = /^#(N\/A|REF!|VALUE!|NAME\?|DIV\/0!|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/i;
export const MAX_NAME_LENGTH = 40;

/**
 * Invisible characters a form never needs (line breaks and tabs aside: they read as spaces),
 * with the Hangul fillers (ㅤ U+3164 and kin: a "name" of them looks blank) and the Arabic
 * letter mark. Variation selectors are let through: emoji need them.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb]|\u034f|\u115f|\u1160|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a visitor's text is refused, or null: what the public order page takes must read as it
 * shows, so invisible characters, bidi overrides (a name that reads backwards) and lone
 * surrogates (half an emoji, which no sheet keeps) are refused there rather than stripped.
 */
export function hiddenCharacterError(text: string): string | null {
  return HIDDEN.test(text)
    ? "보이지 않는 글자나 글자 방향을 바꾸는 글자가 들어 있습니다. 지우고 다시 적어 주세요"
    : null;
}

/** The name without invisible characters; whether any were removed. */
export function stripInvisible(text: string): { text: string; stripped: boolean } {
  const clean = text.replace(INVISIBLE, "");
  return { text: clean, stripped: clean !== text };
}

/** The text with each invisible character written as `\u202e`, for 이력: seen, never obeyed. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function normalizeName(value: unknown): Result<string> {
  if (typeof value === "boolean")
    return fail(`이름 칸에 참/거짓 값이 있습니다: ${String(value).toUpperCase()}`);
  if (typeof value === "number") return fail(`이름 칸에 숫자(또는 날짜)가 있습니다: ${value}`);
  if (value instanceof Date) return fail("이름 칸에 날짜가 있습니다");
  const text = stripInvisible(String(value ?? ""))
    .text.replace(/\s+/g, " ")
    .trim();
  if (text === "") return fail("이름이 비어 있습니다");
  if (/^(true|false)$/i.test(text)) return fail(`이름 칸에 참/거짓 값이 있습니다: "${text}"`);
  if (SPREADSHEET_ERROR.test(text)) return fail(`이름 칸에 엑셀 오류 값이 있습니다: "${text}"`);
  if (!/\p{L}/u.test(text)) return fail(`이름에 글자가 없습니다: "${text}"`);
  if (text.length > MAX_NAME_LENGTH) return fail(`이름이 너무 깁니다 (${MAX_NAME_LENGTH}자까지)`);
  return ok(text);
}
