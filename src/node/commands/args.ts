/** Reading typed option values: times, calendar dates, ports. Each mistake is a Korean `UsageError`. */
import { readFileSync, realpathSync } from "node:fs";
import { parseSeoulDate, seoulDateTimeOf, type SeoulDate } from "../../domain/clock";
import { UsageError, type CommandArgs, type CommandIO, type CommandOptions } from "./types";

/** `--now 2026-07-13T09:00+09:00`: fixes the clock (tests, demos, a day replayed). */
export const NOW_OPTION: CommandOptions = { now: { type: "string" } };
export const PORT_OPTION: CommandOptions = { port: { type: "string" } };

export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

export function flag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

export function nowOption(args: CommandArgs, fallback: () => Date = () => new Date()): Date {
  const text = stringOption(args, "now");
  if (text === undefined) return fallback();
  const now = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(now.getTime()))
    throw new UsageError(`--now 시각을 읽을 수 없습니다: ${text} (예: 2026-07-13T09:00+09:00)`);
  if (!parseSeoulDate(text.slice(0, 10), 0).ok)
    throw new UsageError(`--now: 달력에 없는 날짜입니다: ${text}`);
  return now;
}

/**
 * Beside the demo workbook `npm start` makes: the demo's clock, as `--now` takes it. The demo lives
 * on its first shipping morning, and so does every command run on it (a web order placed on the
 * demo page is not cancelled for non-payment by a `sync` at today's date, months later).
 */
export const demoClockPathOf = (workbook: string): string => `${workbook}.clock`;

/** What a demo clock file holds: the time, then the real path of the workbook it was written for. */
export const demoClockText = (at: string, workbook: string): string => `${at}\n${realPath(workbook)}\n`;

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The demo's clock when `workbook` has one beside it (said on stderr), else null. The file names
 * the workbook it was written for: a copied or renamed demo folder (a shop started from it) runs
 * at the real time, and says why, rather than living on the demo's morning unseen.
 */
export function demoClock(workbook: string, io: CommandIO): Date | null {
  let lines: string[];
  try {
    lines = readFileSync(demoClockPathOf(workbook), "utf8")
      .split("\n")
      .map((l) => l.trim());
  } catch {
    return null;
  }
  const [text = "", owner = ""] = lines;
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) return null;
  if (owner !== realPath(workbook)) {
    io.err(
      `${demoClockPathOf(workbook)}은 다른 위치의 데모 시각 파일이라 쓰지 않습니다: 지금 시각으로 합니다 (데모가 아니면 이 파일을 지워 주세요)`,
    );
    return null;
  }
  io.err(
    `데모 시각 ${seoulDateTimeOf(at)} 기준으로 합니다 (${demoClockPathOf(workbook)}; 다른 시각은 --now)`,
  );
  return at;
}

/** The clock of a command on `workbook`: `--now`, else the demo's clock beside it, else `fallback`. */
export function clockOption(
  args: CommandArgs,
  workbook: string,
  io: CommandIO,
  fallback: () => Date = () => new Date(),
): Date {
  if (stringOption(args, "now") !== undefined) return nowOption(args);
  return demoClock(workbook, io) ?? fallback();
}

/** A calendar date typed as YYYY-MM-DD that exists (2026-02-30 and 2026-13-45 do not). */
export function dateOption(args: CommandArgs, name: string): SeoulDate | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new UsageError(`--${name}는 YYYY-MM-DD로 적어 주세요 (예: 2026-07-15): ${text}`);
  const date = parseSeoulDate(text, 0);
  // Shown as typed: "13월 45일" would read as if it were a day.
  if (!date.ok) throw new UsageError(`--${name}: 달력에 없는 날짜입니다: ${text}`);
  return date.value;
}

export function portOption(args: CommandArgs, fallback: number): number {
  const text = stringOption(args, "port");
  const port = text === undefined ? fallback : Number(text);
  if (!/^\d+$/.test(text ?? String(fallback)) || !Number.isInteger(port) || port > 65535)
    throw new UsageError("--port는 0에서 65535 사이의 숫자로 적어 주세요");
  return port;
}
