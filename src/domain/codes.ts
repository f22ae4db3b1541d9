/**
 * Order codes and access tokens. Randomness is injected: `Utilities.getUuid` in Apps Script,
 * `crypto` in Node, a seeded source in tests.
 */

/** `n` random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * Order codes are six digits shown as `382-915`: digits read aloud in Korean without confusion
 * (no O/0 or I/1 letters), and the dash keeps spreadsheets from reading them as numbers or dates.
 */
export function newOrderCode(random: RandomBytes, taken: ReadonlySet<string>): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const bytes = random(4);
    const n = (((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0) % 1_000_000;
    const digits = String(n).padStart(6, "0");
    const code = `${digits.slice(0, 3)}-${digits.slice(3)}`;
    if (!taken.has(code)) return code;
  }
  throw new Error("새 주문번호를 만들 수 없습니다 (난수 원본을 확인하세요)");
}

/** An order code as a customer may type it: `382915`, `382 915`, `382-915`. */
export function normalizeOrderCode(text: unknown): string | null {
  // An object from a hostile caller is no code (and never has its toString called).
  if (typeof text !== "string" && typeof text !== "number") return null;
  const digits = String(text).replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3)}` : null;
}

const BASE32 = "abcdefghijkmnpqrstuvwxyz23456789"; // no l, o, 0, 1

/** 15 random bytes = 120 bits as 24 base32 characters; safe in a URL. */
export function newAccessToken(random: RandomBytes): string {
  const bytes = random(15);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export const ACCESS_TOKEN_PATTERN = /^[a-km-np-z2-9]{24}$/;

/** A row id: short, unique within the sheet, never reused. */
export function newRowId(random: RandomBytes): string {
  return "r" + newAccessToken(random).slice(0, 11);
}

/** Random bytes from `Utilities.getUuid()`-style UUID v4 strings (122 random bits each). */
export function bytesFromUuids(nextUuid: () => string): RandomBytes {
  return (n) => {
    const out: number[] = [];
    while (out.length < n) {
      // Drop the version nibble (index 12) and the variant nibble (index 16): not random.
      const hex = nextUuid().replace(/-/g, "");
      const random = hex.slice(0, 12) + hex.slice(13, 16) + hex.slice(17);
      for (let i = 0; i + 2 <= random.length && out.length < n; i += 2) {
        out.push(parseInt(random.slice(i, i + 2), 16));
      }
    }
    return Uint8Array.from(out);
  };
}

/**
 * An order code Tony's own file already gave (customers know it): kept as text when it is a
 * plain code of letters, digits and `-_#./`, up to 20 characters, and not a formula. The sheet's
 * own `382-915` form qualifies; a number 1024 becomes the text "1024".
 */
export function keepableOrderCode(value: unknown): string | null {
  const text =
    typeof value === "number"
      ? Number.isInteger(value) && value >= 0
        ? String(value)
        : ""
      : String(value ?? "").trim();
  return /^[\p{L}\p{N}][\p{L}\p{N}\-_#./]{0,19}$/u.test(text) ? text : null;
}
