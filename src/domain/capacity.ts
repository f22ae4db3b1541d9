/**
 * A day's capacity as Tutu types it in 출하 일정: a whole number of boxes, 0 or more, in plain
 * digits. Anything else (`５`, `-5`, `abc`, `40.5`, `1e2`) is not read as a guess: that day
 * ships nothing until the cell is fixed, which is safe (no box is promised that cannot go).
 */
import { fail, ok, type Result } from "./result";

export function parseCapacity(cell: unknown): Result<number> {
  if (typeof cell === "number")
    return Number.isInteger(cell) && cell >= 0
      ? ok(cell)
      : fail(`출하량은 0 이상의 정수로 적어 주세요: ${cell}`);
  const text = String(cell ?? "").trim();
  return /^[0-9]{1,6}$/.test(text)
    ? ok(Number(text))
    : fail(`출하량은 0 이상의 정수로 적어 주세요: "${text}"`);
}
