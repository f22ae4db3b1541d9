import fc from "fast-check";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import {
  addDays,
  daysBetween,
  koreanDate,
  parseSeoulDate,
  seoulDateOf,
  seoulDateTimeOf,
  seoulDateToSerial,
  seoulMidnight,
  serialToSeoulDate,
  weekdayOf,
} from "../../src/domain/clock";

const v = (r: { ok: boolean; value?: unknown; error?: string }) => (r.ok ? r.value : `ERR ${r.error}`);

describe("Seoul calendar dates", () => {
  it("agrees with the IANA Asia/Seoul zone for any instant since 1990", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const instant = new Date(ms);
        expect(seoulDateOf(instant)).toBe(format(new TZDate(ms, "Asia/Seoul"), "yyyy-MM-dd"));
        expect(seoulDateTimeOf(instant)).toBe(format(new TZDate(ms, "Asia/Seoul"), "yyyy-MM-dd HH:mm"));
      }),
      { numRuns: 300 },
    );
  });

  it("turns at midnight Seoul, which is 15:00 UTC", () => {
    expect(seoulDateOf(new Date("2026-07-14T14:59:59Z"))).toBe("2026-07-14");
    expect(seoulDateOf(new Date("2026-07-14T15:00:00Z"))).toBe("2026-07-15");
    expect(seoulMidnight("2026-07-15").toISOString()).toBe("2026-07-14T15:00:00.000Z");
  });

  it("adds days across months and years, and knows weekdays", () => {
    expect(addDays("2026-07-31", 1)).toBe("2026-08-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-07-13", "2026-09-19")).toBe(68);
    expect(weekdayOf("2026-07-15")).toBe(3);
    expect(koreanDate("2026-07-15")).toBe("7월 15일 (수)");
  });

  it("round-trips spreadsheet serial numbers", () => {
    expect(serialToSeoulDate(46218)).toBe("2026-07-15");
    expect(seoulDateToSerial("2026-07-15")).toBe(46218);
  });
});

describe("date cells", () => {
  it.each([
    ["2026-07-15", "2026-07-15"],
    ["2026. 7. 15.", "2026-07-15"],
    ["2026.07.15", "2026-07-15"],
    ["2026/7/15", "2026-07-15"],
    ["7/15", "2026-07-15"],
    ["7월 15일", "2026-07-15"],
    ["2026년 7월 15일", "2026-07-15"],
    [46218, "2026-07-15"],
  ])("%p → %s", (input, expected) => {
    expect(v(parseSeoulDate(input, 2026))).toBe(expected);
  });

  it("reads a Date object (how Sheets returns date cells) as its Seoul date", () => {
    expect(v(parseSeoulDate(new Date("2026-07-14T15:00:00Z"), 2026))).toBe("2026-07-15");
  });

  it.each(["2026-02-30", "13/1", "어제", "", 12, new Date(NaN)])("rejects %p", (input) => {
    expect(String(v(parseSeoulDate(input, 2026)))).toMatch(/^ERR /);
  });
});
