/**
 * Asia/Seoul calendar dates. Korea has had no daylight saving since 1988, so a Seoul wall-clock
 * time is the UTC instant + 9 h. This is the one place that knows it; the bundle must not depend
 * on Intl time-zone data, whose depth in Apps Script is undocumented.
 */
import { fail, ok, type Result } from "./result";

/** A Seoul calendar date as `YYYY-MM-DD`; compares correctly as a string. */
export type SeoulDate = string;

const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Day 0 of spreadsheet serial dates (Sheets and Excel after 1900-03-01). */
const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);

const KOREAN_WEEKDAYS = ["일", "월", "화", "수", "목", "금", "토"] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function fromUtcMidnight(ms: number): SeoulDate {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function utcMidnight(date: SeoulDate): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** The Seoul calendar date of an instant. */
export function seoulDateOf(instant: Date): SeoulDate {
  return fromUtcMidnight(Math.floor((instant.getTime() + SEOUL_OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** A cell's date as its Seoul date; null when the cell holds no date. */
export const seoulDateOfCell = (v: unknown): SeoulDate | null => (v instanceof Date ? seoulDateOf(v) : null);

/** `YYYY-MM-DD HH:mm` in Seoul, for logs and the status page timeline. */
export function seoulDateTimeOf(instant: Date): string {
  const shifted = new Date(instant.getTime() + SEOUL_OFFSET_MS);
  return `${seoulDateOf(instant)} ${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

/** The instant of 00:00 Seoul time on a date. */
export function seoulMidnight(date: SeoulDate): Date {
  return new Date(utcMidnight(date) - SEOUL_OFFSET_MS);
}

export function addDays(date: SeoulDate, days: number): SeoulDate {
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

export function daysBetween(from: SeoulDate, to: SeoulDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, as `Date.getDay()`. */
export function weekdayOf(date: SeoulDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export function koreanWeekday(date: SeoulDate): string {
  return KOREAN_WEEKDAYS[weekdayOf(date)] as string;
}

/** `7월 15일 (수)`, how dates are shown to people. */
export function koreanDate(date: SeoulDate): string {
  const [, m, d] = date.split("-").map(Number);
  return `${m}월 ${d}일 (${koreanWeekday(date)})`;
}

export function serialToSeoulDate(serial: number): SeoulDate {
  return fromUtcMidnight(SERIAL_EPOCH_UTC + Math.floor(serial) * DAY_MS);
}

export function seoulDateToSerial(date: SeoulDate): number {
  return (utcMidnight(date) - SERIAL_EPOCH_UTC) / DAY_MS;
}

function validDate(y: number, m: number, d: number): Result<SeoulDate> {
  const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  if (m < 1 || m > 12 || d < 1 || d > 31 || fromUtcMidnight(utcMidnight(date)) !== date) {
    return fail(`없는 날짜입니다: ${y}년 ${m}월 ${d}일`);
  }
  return ok(date);
}

/**
 * A date cell as Tony may type it: a `Date` (how Sheets returns date cells), `2026-07-15`,
 * `2026. 7. 15.`, `2026/7/15`, `7/15` or `7월 15일` (in the season's year), or a spreadsheet
 * serial number.
 */
export function parseSeoulDate(value: unknown, seasonYear: number): Result<SeoulDate> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? fail("날짜를 읽을 수 없습니다") : ok(seoulDateOf(value));
  }
  if (typeof value === "number") {
    // Serials of 1950..2100; anything else is not a date someone meant.
    if (Number.isFinite(value) && value >= 18264 && value <= 73051) return ok(serialToSeoulDate(value));
    return fail(`날짜로 읽을 수 없는 숫자입니다: ${value}`);
  }
  const text = String(value ?? "").trim();
  if (text === "") return fail("날짜가 비어 있습니다");
  let m = /^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?(?:\s*\(.\))?$/.exec(text);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*[-/.월]\s*(\d{1,2})\s*[.일]?(?:\s*\(.\))?$/.exec(text);
  if (m) return validDate(seasonYear, Number(m[1]), Number(m[2]));
  return fail(`날짜 형식이 아닙니다: "${text}" (예: 2026-07-15)`);
}

/**
 * Excel files hold wall-clock times with no zone; libraries read them as if they were UTC.
 * These two turn such a "UTC-fields" date into the Seoul instant it means, and back.
 */
export function wallClockToInstant(wallClock: Date): Date {
  return new Date(wallClock.getTime() - SEOUL_OFFSET_MS);
}

export function instantToWallClock(instant: Date): Date {
  return new Date(instant.getTime() + SEOUL_OFFSET_MS);
}

/** Milliseconds since Seoul midnight of an instant. */
export function seoulTimeOfDay(instant: Date): number {
  return (((instant.getTime() + SEOUL_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The instant of a Seoul wall-clock time: a date and milliseconds since its midnight. */
export function seoulInstant(date: SeoulDate, msOfDay = 0): Date {
  return new Date(utcMidnight(date) - SEOUL_OFFSET_MS + msOfDay);
}

/** The instant of a spreadsheet serial date-time read as Seoul wall clock. */
export function serialToSeoulInstant(serial: number): Date {
  return new Date(SERIAL_EPOCH_UTC + Math.round(serial * DAY_MS) - SEOUL_OFFSET_MS);
}
