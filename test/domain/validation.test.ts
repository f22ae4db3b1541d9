import {
  asPlainText,
  normalizeAddress,
  normalizeBoxes,
  normalizeName,
  normalizePhone,
  normalizePostalCode,
  normalizeTrackingNumber,
  phoneLast4,
  cleanPhone,
  cleanPostalCode,
} from "../../src/domain/validation";
import fc from "fast-check";

const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T | string =>
  r.ok ? r.value : `ERR ${r.error}`;

describe("phone numbers", () => {
  it.each([
    ["01012345678", "010-1234-5678"],
    ["010 1234 5678", "010-1234-5678"],
    ["010.1234.5678", "010-1234-5678"],
    ["010-1234-5678", "010-1234-5678"],
    ["+82 10-1234-5678", "010-1234-5678"],
    ["+82-10-1234-5678", "010-1234-5678"],
    ["+82 (0)10 1234 5678", "010-1234-5678"],
    ["011-123-4567", "011-123-4567"],
    ["02-123-4567", "02-123-4567"],
    ["0212345678", "02-1234-5678"],
    ["031-123-4567", "031-123-4567"],
    ["0311234567", "031-123-4567"],
    ["064 712 3456", "064-712-3456"],
    ["070-1234-5678", "070-1234-5678"],
  ])("%s → %s", (input, expected) => {
    expect(value(normalizePhone(input))).toBe(expected);
  });

  it.each([
    [1012345678, "010-1234-5678"],
    ["1023456789", "010-2345-6789"],
    ["10-2345-6789", "010-2345-6789"],
    ["10 2345 6789", "010-2345-6789"],
    [212345678, "02-1234-5678"],
    ["212345678", "02-1234-5678"],
    ["2-1234-5678", "02-1234-5678"],
    ["311234567", "031-123-4567"],
    [647123456, "064-712-3456"],
    ["7012345678", "070-1234-5678"],
  ])("restores the leading zero a spreadsheet ate: %p → %s, marked as a repair", (input, expected) => {
    const r = cleanPhone(input);
    expect(r.ok && r.value).toEqual({ value: expected, lostZero: true });
  });

  it("marks a phone that only needed dashes as no repair", () => {
    expect(cleanPhone("01012345678")).toEqual({
      ok: true,
      value: { value: "010-1234-5678", lostZero: false },
    });
  });

  it.each([21234567, "2123-4567"])(
    "refuses %p: 02-123-4567 with its 0 lost, or a local number without its area code",
    (input) => {
      const r = cleanPhone(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/지역번호부터 적어 주세요 \(예: 02-123-4567\)/);
    },
  );

  it("property: every mobile number typed without its 0, as text or a number, comes back whole", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("10", "11", "16", "17", "18", "19"),
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom("number", "plain", "dashes"),
        (prefix, middle, last, form) => {
          const tail = String(last).padStart(4, "0");
          const digits = `${prefix}${middle}${tail}`;
          const input =
            form === "number" ? Number(digits) : form === "plain" ? digits : `${prefix}-${middle}-${tail}`;
          const r = cleanPhone(input);
          return r.ok && r.value.lostZero && r.value.value === `0${prefix}-${middle}-${tail}`;
        },
      ),
    );
  });

  it.each([
    "",
    "010-123-456",
    "12345",
    "010-1234-56789",
    "080-123-4567",
    "+1 415 555 1234",
    "공일공",
    "010-12a4-5678",
    "1588-1234",
    "010-123-4567",
  ])("rejects %p with a Korean reason", (input) => {
    const r = normalizePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/전화번호/);
  });

  it("gives the last four digits", () => {
    expect(phoneLast4("010-1234-5678")).toBe("5678");
  });
});

describe("postal codes", () => {
  it("keeps 5 digits, restores a lost leading zero, allows blank", () => {
    expect(value(normalizePostalCode("06236"))).toBe("06236");
    expect(value(normalizePostalCode(6236))).toBe("06236");
    expect(value(normalizePostalCode(" 48058 "))).toBe("48058");
    expect(value(normalizePostalCode(""))).toBe("");
  });
  it("flags the old 6-digit code as a problem", () => {
    expect(value(normalizePostalCode("123-456"))).toMatch(/옛 6자리/);
    expect(value(normalizePostalCode("123456"))).toMatch(/옛 6자리/);
  });
  it("restores the leading 0 of a 4-digit code, text or number, as a repair", () => {
    expect(cleanPostalCode("4524")).toEqual({ ok: true, value: { value: "04524", lostZero: true } });
    expect(cleanPostalCode(4524)).toEqual({ ok: true, value: { value: "04524", lostZero: true } });
    expect(cleanPostalCode("04524")).toEqual({ ok: true, value: { value: "04524", lostZero: false } });
  });
  it("rejects anything else", () => {
    expect(normalizePostalCode("123").ok).toBe(false);
    expect(normalizePostalCode("0123").ok).toBe(false);
    expect(normalizePostalCode("123456789").ok).toBe(false);
    expect(normalizePostalCode("abcde").ok).toBe(false);
  });
  it("property: any code a spreadsheet read as a number comes back as the 5 digits it was", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 63999 }), (code) => {
        const text = String(code).padStart(5, "0");
        const r = cleanPostalCode(code);
        return r.ok && r.value.value === text && r.value.lostZero === code < 10000;
      }),
    );
  });
});

describe("boxes", () => {
  it.each([
    [3, 3],
    ["3", 3],
    ["3상자", 3],
    ["3박스", 3],
    [" 3 ", 3],
    ["3 상자", 3],
    ["999", 999],
  ])("%p → %p", (input, expected) => {
    expect(value(normalizeBoxes(input))).toBe(expected);
  });
  it.each([0, -1, 1.5, "2.5", "세 상자", "", "1000", "abc"])("rejects %p", (input) => {
    const r = normalizeBoxes(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/상자수/);
  });
});

describe("names and addresses", () => {
  it("trims and collapses spaces", () => {
    expect(value(normalizeName("  김  민수 "))).toBe("김 민수");
    expect(value(normalizeAddress(" 서울특별시  강남구 테헤란로 1 "))).toBe("서울특별시 강남구 테헤란로 1");
  });
  it("rejects empty and absurd lengths", () => {
    expect(normalizeName("").ok).toBe(false);
    expect(normalizeName("가".repeat(41)).ok).toBe(false);
    expect(normalizeAddress("서울").ok).toBe(false);
    expect(normalizeAddress("가".repeat(201)).ok).toBe(false);
  });
});

describe("tracking numbers", () => {
  it("accepts digits and strips separators", () => {
    expect(value(normalizeTrackingNumber("5218-5312-3456"))).toBe("521853123456");
    expect(value(normalizeTrackingNumber(""))).toBe("");
  });
  it("never guesses a number a spreadsheet turned into scientific notation", () => {
    expect(value(normalizeTrackingNumber("5.21853E+11"))).toMatch(/지수 형식/);
  });
  it("accepts a whole number cell: a spreadsheet keeps up to 15 digits exactly", () => {
    expect(value(normalizeTrackingNumber(521853123456))).toBe("521853123456");
  });
  it("rejects short numbers", () => {
    expect(normalizeTrackingNumber("12345").ok).toBe(false);
  });
});

describe("user text is never a formula", () => {
  it.each(["=HYPERLINK(1)", "+1", "-1", "@x", "\tx", "\rx"])("%p gets a leading quote", (text) => {
    expect(asPlainText(text)).toBe(`'${text}`);
  });
  it.each(["521853123456", "2026-07-15", "7/15", "06236", "TRUE", "1,000"])(
    "%p, which a spreadsheet would convert, stays text",
    (text) => expect(asPlainText(text)).toBe(`'${text}`),
  );
  it("leaves ordinary text alone", () => {
    expect(asPlainText("김민수")).toBe("김민수");
    expect(asPlainText("010-1234-5678")).toBe("010-1234-5678");
    expect(asPlainText("382-915")).toBe("382-915");
  });
});
