/**
 * Normalisation of the cells Tony types. Each function takes a raw cell value (string, number,
 * boolean, Date or blank, as spreadsheets return them) and gives the normal form or a Korean
 * reason. Spreadsheets eat leading zeros, so numbers are read back as the text they were.
 */
import { withParticle } from "./korean";
import { fail, ok, type Result } from "./result";

const raw = (value: unknown): string => (value === null || value === undefined ? "" : String(value)).trim();

/** Two- and three-digit area codes of Korean landlines, plus 070 internet phones. */
const AREA_CODES = new Set([
  "02",
  "031",
  "032",
  "033",
  "041",
  "042",
  "043",
  "044",
  "051",
  "052",
  "053",
  "054",
  "055",
  "061",
  "062",
  "063",
  "064",
  "070",
]);

/** A cell's normal form, and whether a digit the spreadsheet ate had to be put back. */
export interface Cleaned {
  value: string;
  /** The leading 0 was missing (Excel read the text as a number): a repair, logged in 이력. */
  lostZero: boolean;
}

/** `010-1234-5678` or `02-123-4567` from digits that start with 0, or null. */
function formatPhoneDigits(digits: string): string | null {
  const mobile = /^(01[016789])(\d{3,4})(\d{4})$/.exec(digits);
  if (mobile && (mobile[1] !== "010" || mobile[2]!.length === 4)) {
    return `${mobile[1]}-${mobile[2]}-${mobile[3]}`;
  }
  const area = digits.startsWith("02") ? "02" : digits.slice(0, 3);
  const rest = /^(\d{3,4})(\d{4})$/.exec(digits.slice(area.length));
  return AREA_CODES.has(area) && rest ? `${area}-${rest[1]}-${rest[2]}` : null;
}

/** Local numbers (without the area code) have at most 8 digits. */
const MAX_LOCAL_DIGITS = 8;

/**
 * `010-1234-5678` from 01012345678, `010 1234 5678`, `010.1234.5678`, `+82 10-1234-5678`, and
 * from a phone whose leading 0 Excel ate (`1012345678`, `10-1234-5678`, a number cell). Digits
 * that lost their 0 are taken only when no other reading exists: 8 digits could as well be a
 * local number typed without its area code (`21234567`: 02-123-4567 or 2123-4567 of some city).
 */
export function cleanPhone(value: unknown): Result<Cleaned> {
  const text = raw(value);
  if (text === "") return fail("전화번호가 비어 있습니다");
  if (!/^[+\d\s\-.()]+$/.test(text)) return fail(`전화번호 형식이 아닙니다: "${text}"`);
  let digits = text.replace(/\D/g, "");
  if (text.startsWith("+")) {
    if (!digits.startsWith("82")) return fail(`한국 전화번호가 아닙니다: "${text}"`);
    digits = digits.slice(2);
    if (!digits.startsWith("0")) digits = "0" + digits;
  }
  if (digits.startsWith("0")) {
    const formatted = formatPhoneDigits(digits);
    if (formatted) return ok({ value: formatted, lostZero: false });
  } else {
    const restored = formatPhoneDigits("0" + digits);
    if (restored && digits.length > MAX_LOCAL_DIGITS) return ok({ value: restored, lostZero: true });
    if (restored) {
      return fail(
        `전화번호 앞의 0이 빠졌는지, 지역번호 없이 적었는지 알 수 없습니다: "${text}". 지역번호부터 적어 주세요 (예: ${restored})`,
      );
    }
  }
  return fail(`전화번호 형식이 아닙니다: "${text}" (예: 010-1234-5678)`);
}

export function normalizePhone(value: unknown): Result<string> {
  const cleaned = cleanPhone(value);
  return cleaned.ok ? ok(cleaned.value.value) : cleaned;
}

/** The last four digits, as the status page asks for them. */
export function phoneLast4(phone: string): string {
  return phone.replace(/\D/g, "").slice(-4);
}

/**
 * Five-digit postal code. Four digits are a code whose leading 0 Excel ate (every code from
 * 01000 to 09999, Seoul's, starts with 0), in a number cell or already as text. Korea's codes
 * run from 01000 to 63644: 00000 or 99999 is no address a courier can reach.
 */
function readPostalCode(value: unknown): Result<Cleaned> {
  const text = raw(value);
  if (text === "") return ok({ value: "", lostZero: false });
  if (/^\d{3}-?\d{3}$/.test(text)) {
    return fail(`옛 6자리 우편번호입니다: "${text}". 새 5자리 우편번호로 고쳐 주세요`);
  }
  if (/^\d{5}$/.test(text)) return ok({ value: text, lostZero: false });
  if (/^[1-9]\d{3}$/.test(text)) return ok({ value: "0" + text, lostZero: true });
  return fail(`우편번호는 숫자 5자리입니다: "${text}"`);
}

/** The lowest and highest area numbers (the first two digits) of a Korean postal code. */
const AREAS = { first: 1, last: 63 };

/**
 * A row's postal code (issue 23): blank or impossible is a problem (확인 필요), so the row never
 * reaches the courier's booking file with a code no parcel can be sent to.
 */
export function cleanPostalCode(value: unknown): Result<Cleaned> {
  const read = readPostalCode(value);
  if (!read.ok) return read;
  if (read.value.value === "") return fail("우편번호가 비어 있습니다. 택배 예약 파일에 넣지 않습니다");
  const area = Number(read.value.value.slice(0, 2));
  if (area < AREAS.first || area > AREAS.last)
    return fail(`없는 우편번호입니다: "${read.value.value}". 택배 예약 파일에 넣지 않습니다`);
  return read;
}

/** What a form may send (the order page): blank or a readable code; the row then says if it is right. */
export function normalizePostalCode(value: unknown): Result<string> {
  const cleaned = readPostalCode(value);
  return cleaned.ok ? ok(cleaned.value.value) : cleaned;
}

export const MAX_BOXES = 999;

/** Whole boxes 1–999: `3`, `3상자`, `3박스`, ` 3 `. */
export function normalizeBoxes(value: unknown): Result<number> {
  const text = raw(value);
  if (text === "") return fail("상자수가 비어 있습니다");
  const m = /^(-?\d+(?:\.\d+)?)\s*(상자|박스|box|boxes)?$/i.exec(text);
  if (!m) return fail(`상자수는 숫자로 적어 주세요: "${text}"`);
  const boxes = Number(m[1]);
  if (!Number.isInteger(boxes)) return fail(`상자수는 정수여야 합니다: "${text}"`);
  if (boxes < 1 || boxes > MAX_BOXES) return fail(`상자수는 1에서 ${MAX_BOXES} 사이여야 합니다: "${text}"`);
  return ok(boxes);
}

function normalizeText(value: unknown, what: string, min: number, max: number): Result<string> {
  const text = raw(value).replace(/\s+/g, " ");
  const subject = withParticle(what, "이/가");
  if (text === "") return fail(`${subject} 비어 있습니다`);
  if (text.length < min) return fail(`${subject} 너무 짧습니다: "${text}"`);
  if (text.length > max) return fail(`${subject} 너무 깁니다 (${max}자까지)`);
  return ok(text);
}

export { normalizeName } from "./names";
export const normalizeAddress = (value: unknown): Result<string> => normalizeText(value, "주소", 5, 200);

/** Tracking numbers are 10–14 digits; `5.21853E+11` means the spreadsheet already lost digits. */
export function normalizeTrackingNumber(value: unknown): Result<string> {
  const text = raw(value);
  if (text === "") return ok("");
  if (/e\+?\d+$/i.test(text)) {
    return fail(
      `송장번호가 지수 형식으로 바뀌어 숫자가 사라졌습니다: "${text}". 원래 번호를 다시 적어 주세요`,
    );
  }
  const digits = text.replace(/[\s-]/g, "");
  if (!/^\d{10,14}$/.test(digits)) return fail(`송장번호는 숫자 10~14자리입니다: "${text}"`);
  return ok(digits);
}

/**
 * Text written to a spreadsheet stays exactly that text. User text must never become a formula
 * (text starting with `=`, `+`, `-`, `@`, a tab or a carriage return), and text that a
 * spreadsheet would read as a number, a date or TRUE/FALSE (a tracking number, a date in 이력)
 * must not be converted either: both get the leading `'` that Sheets treats as "plain text".
 */
export function asPlainText(text: string): string {
  const convertible =
    /^[=+\-@\t\r]/.test(text) ||
    /^\s*[\d.,]+\s*$/.test(text) ||
    /^\s*\d{1,4}\s*[-./]\s*\d{1,2}(\s*[-./]\s*\d{1,4})?\.?\s*$/.test(text) ||
    /^\s*(true|false)\s*$/i.test(text);
  return convertible ? `'${text}` : text;
}
