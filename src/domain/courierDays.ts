/**
 * Days the couriers do not deliver (SPEC.md "Harvest by variety"): a parcel of soft fruit must
 * not be sent on one, nor (설정 `쉬는 날 전날 출하 안 함`) the day before, when it would sit a day
 * in a depot. Tony keeps the list in 설정 `택배 쉬는 날`; a new workbook starts with the known
 * ones of the season's year and the next, from the table below.
 *
 * Sources: 설날 and 추석 with their eves and next days are public holidays (「관공서의 공휴일에
 * 관한 규정」 §2), with a substitute day when one falls on a Sunday or another holiday (§3); the
 * lunar dates are from 한국천문연구원's 월력요항 data (astro.kasi.re.kr/life/post/calendarData:
 * 2027 음력 1월 1일 = 2월 7일, 8월 1일 = 9월 1일, hence 추석 9월 15일, and likewise each year).
 * 택배 없는 날 (8월 14일) is the day the major couriers (CJ대한통운, 한진, 롯데, 로젠, 우체국)
 * have kept off since 2020 by agreement; it is not law, so Tony may remove it.
 */
import { addDays, type SeoulDate } from "./clock";

/** 설 and 추석 with their eves, next days and substitute days, 2026–2030. */
export const NATIONAL_HOLIDAYS: Readonly<Record<number, readonly SeoulDate[]>> = {
  2026: ["2026-02-16", "2026-02-17", "2026-02-18", "2026-09-24", "2026-09-25", "2026-09-26"],
  2027: ["2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-09-14", "2027-09-15", "2027-09-16"],
  2028: ["2028-01-26", "2028-01-27", "2028-01-28", "2028-10-02", "2028-10-03", "2028-10-04", "2028-10-05"],
  2029: ["2029-02-12", "2029-02-13", "2029-02-14", "2029-09-21", "2029-09-22", "2029-09-23", "2029-09-24"],
  2030: ["2030-02-02", "2030-02-03", "2030-02-04", "2030-02-05", "2030-09-11", "2030-09-12", "2030-09-13"],
};

/** 택배 없는 날. */
export const COURIER_REST_DAY = "08-14";

/** The days couriers are known not to deliver in `year` (none of 설·추석 beyond the table's years). */
export function knownCourierDaysOff(year: number): SeoulDate[] {
  return [...(NATIONAL_HOLIDAYS[year] ?? []), `${year}-${COURIER_REST_DAY}`].sort();
}

/** What a new workbook's 설정 `택배 쉬는 날` holds: the known days of the season's year and the next. */
export function initialCourierDaysOff(seasonYear: number): string {
  return [...knownCourierDaysOff(seasonYear), ...knownCourierDaysOff(seasonYear + 1)].join(", ");
}

/**
 * The days nothing ships: every day off, and with `dayBefore` the day before each (a parcel sent
 * then would spend the day off in a depot).
 */
export function noShipDays(daysOff: readonly SeoulDate[], dayBefore: boolean): SeoulDate[] {
  const days = new Set(daysOff);
  if (dayBefore) for (const d of daysOff) days.add(addDays(d, -1));
  return [...days].sort();
}
