/**
 * Days the couriers do not deliver (issue 21, point 6): the table, 설정 `택배 쉬는 날` and `쉬는
 * 날 전날 출하 안 함`, and the rule that allocation never dates a shipment on one (nor, by
 * setting, the day before).
 */
import fc from "fast-check";
import { addDays, weekdayOf } from "../../src/domain/clock";
import {
  initialCourierDaysOff,
  knownCourierDaysOff,
  NATIONAL_HOLIDAYS,
  noShipDays,
} from "../../src/domain/courierDays";
import { PAYMENT_LABEL } from "../../src/domain/rows";
import { initialSettingRows, outOfSeason, parseSettings } from "../../src/domain/settings";
import { arbSeason, dateOf, decided, inputOf, rowsOf, settingsOf, written } from "./season/scene";

const rowsFor = (today: string) => initialSettingRows(today).map(([label, value]) => ({ label, value }));
const withRow = (label: string, value: unknown) => (row: { label: string; value: unknown }) =>
  row.label === label ? { label, value } : row;

describe("the table of days off", () => {
  it("holds 설 and 추석 with their eves and next days for 2026–2030, as 한국천문연구원's data gives them", () => {
    for (let year = 2026; year <= 2030; year++) {
      const days = NATIONAL_HOLIDAYS[year]!;
      // Two holidays of three days each, and a substitute day where one falls on a Sunday.
      expect(days.length).toBeGreaterThanOrEqual(6);
      expect(days.every((d) => d.startsWith(String(year)))).toBe(true);
    }
    // 2027: 음력 1월 1일 = 2월 7일 (a Sunday: 2월 9일 is the substitute), 음력 8월 15일 = 9월 15일.
    expect(NATIONAL_HOLIDAYS[2027]).toEqual(
      expect.arrayContaining(["2027-02-07", "2027-02-09", "2027-09-15"]),
    );
    expect(weekdayOf("2027-02-07")).toBe(0);
    expect(knownCourierDaysOff(2026)).toContain("2026-08-14");
    expect(knownCourierDaysOff(2031)).toEqual(["2031-08-14"]); // beyond the table: only 택배 없는 날
  });

  it("with the day before: every day off and its eve, each once", () => {
    expect(noShipDays(["2026-08-14", "2026-09-24", "2026-09-25"], true)).toEqual([
      "2026-08-13",
      "2026-08-14",
      "2026-09-23",
      "2026-09-24",
      "2026-09-25",
    ]);
    expect(noShipDays(["2026-08-14"], false)).toEqual(["2026-08-14"]);
  });
});

describe("설정 택배 쉬는 날", () => {
  it("starts a new workbook with the known days of the season's year and the next", () => {
    const row = initialSettingRows("2026-12-06").find(([label]) => label === "택배 쉬는 날")!;
    expect(row[1]).toBe(initialCourierDaysOff(2027));
    expect(String(row[1])).toContain("2027-08-14");
    expect(String(row[1])).toContain("2028-10-03");
    const parsed = parseSettings(rowsFor("2026-05-01"), "2026-05-01");
    expect(parsed.ok && parsed.value.courierDaysOff).toContain("2026-08-14");
    expect(parsed.ok && parsed.value.noShipBeforeDayOff).toBe(true);
  });

  it("reads dates as Tony types them, takes an emptied row as no day off, a missing one as the known days", () => {
    const typed = parseSettings(
      rowsFor("2026-05-01").map(withRow("택배 쉬는 날", "8월 14일, 2026-09-24\n9/25")),
      "2026-05-01",
    );
    expect(typed.ok && typed.value.courierDaysOff).toEqual(["2026-08-14", "2026-09-24", "2026-09-25"]);
    const empty = parseSettings(rowsFor("2026-05-01").map(withRow("택배 쉬는 날", "")), "2026-05-01");
    expect(empty.ok && empty.value.courierDaysOff).toEqual([]);
    const missing = parseSettings(
      rowsFor("2026-05-01").filter((r) => r.label !== "택배 쉬는 날"),
      "2026-05-01",
    );
    expect(missing.ok && missing.value.courierDaysOff).toEqual(
      [...knownCourierDaysOff(2026), ...knownCourierDaysOff(2027)].sort(),
    );
    const cell = parseSettings(
      rowsFor("2026-05-01").map(withRow("택배 쉬는 날", new Date("2026-08-14T00:00:00+09:00"))),
      "2026-05-01",
    );
    expect(cell.ok && cell.value.courierDaysOff).toEqual(["2026-08-14"]);
  });

  it("names the setting when a part is no date, and loses nothing else", () => {
    const bad = parseSettings(
      rowsFor("2026-05-01").map(withRow("택배 쉬는 날", "8월 14일, 추석")),
      "2026-05-01",
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain("택배 쉬는 날");
  });

  it("오늘 출하 says why nothing ships on a day off and on its eve", () => {
    const parsed = parseSettings(rowsFor("2026-05-01"), "2026-05-01");
    if (!parsed.ok) throw new Error(parsed.error);
    expect(outOfSeason(parsed.value, "2026-08-14")).toBe("택배 쉬는 날이라 출하하지 않습니다");
    expect(outOfSeason(parsed.value, "2026-08-13")).toBe("내일이 택배 쉬는 날이라 출하하지 않습니다");
    expect(outOfSeason(parsed.value, "2026-08-12")).toBeNull();
  });
});

describe("allocation on days off", () => {
  it("never dates a shipment on a courier's day off, nor on the day before when 설정 says so", () => {
    fc.assert(
      fc.property(
        arbSeason,
        fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]),
        fc.boolean(),
        (season, offsets, dayBefore) => {
          const daysOff = offsets.map((i) => addDays("2026-07-13", i));
          const rows = rowsOf(season);
          const input = inputOf(season, rows);
          const settings = { ...settingsOf(season), courierDaysOff: daysOff, noShipBeforeDayOff: dayBefore };
          const after = written(rows, decided({ ...input, settings }));
          const banned = new Set(noShipDays(daysOff, dayBefore));
          for (const row of after) {
            const date = dateOf(row);
            if (date) expect(banned.has(date)).toBe(false);
          }
          // Paid shipments still find the days that are left, in payment order (decide.test.ts).
          expect(after.some((row) => row.includes(PAYMENT_LABEL.paid))).toBe(
            rows.some((row) => row.includes(PAYMENT_LABEL.paid)),
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it("the story's season: nothing on 8월 14일 or 8월 13일", () => {
    const parsed = parseSettings(rowsFor("2026-05-01"), "2026-05-01");
    if (!parsed.ok) throw new Error(parsed.error);
    const calendarDays = noShipDays(parsed.value.courierDaysOff, parsed.value.noShipBeforeDayOff);
    expect(calendarDays).toEqual(expect.arrayContaining(["2026-08-13", "2026-08-14", "2026-09-23"]));
  });
});
