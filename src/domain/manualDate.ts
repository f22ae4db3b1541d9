/**
 * What a ship date typed by hand into 출하예정일 must satisfy. Only a cell that differs from what
 * the script last wrote was typed by a person. Clearing it is refused (the day follows the
 * capacity; cancelling is done in 진행상태); a cancelled row's cell is ignored; otherwise the date
 * must read as a date, the order must be paid, neither the row nor a row travelling with it may
 * have started harvest, and the day must have room. A pasted or imported row already in
 * progress brings the day it went out, and only it takes the date.
 */
import { parseSeoulDate, type SeoulDate } from "./clock";
import type { Result } from "./result";
import type { Status } from "./schemas";
import { isInProgress } from "./status";

export interface TypedDateRow {
  /** The 출하예정일 cell as read (a Date, text, a number, or ""). */
  cell: unknown;
  /** The date the script last wrote there (null when none, or the row is new). */
  written: SeoulDate | null;
  /** Whether the script has recorded this row before (a pasted or imported row has not). */
  recorded: boolean;
  status: Status;
  paid: boolean;
  shipDate: SeoulDate | null;
  /** Whether another row of the same shipment has started harvest. */
  companionInProgress: boolean;
}

export type TypedDateDecision =
  /** Nothing typed, or nothing to do: the cell is rewritten from the row's state. */
  | { kind: "none" }
  /** Refused: the message (after "출하예정일: ") goes to 오류, and the old date comes back. */
  | { kind: "refuse"; message: string }
  /** Taken: by the whole shipment, or by this row alone (an imported row in progress). */
  | { kind: "take"; date: SeoulDate; whole: boolean };

export function typedShipDate(
  row: TypedDateRow,
  seasonYear: number,
  roomOn: (date: SeoulDate) => Result<unknown>,
): TypedDateDecision {
  const { cell } = row;
  if (cell === "") {
    if (row.written === null || !row.shipDate) return { kind: "none" };
    return {
      kind: "refuse",
      message: "지울 수 없습니다. 출하일은 출하량에 맞춰 정해지고, 취소는 진행상태에서 합니다",
    };
  }
  const typed = parseSeoulDate(cell, seasonYear);
  if (typed.ok && typed.value === row.written) return { kind: "none" };
  if (row.status === "cancelled") return { kind: "none" };
  if (!typed.ok) return { kind: "refuse", message: typed.error };
  if (!row.paid) return { kind: "refuse", message: "입금 전 주문에는 출하일을 정할 수 없습니다" };
  if (isInProgress(row.status)) {
    return row.recorded
      ? { kind: "refuse", message: "이미 수확을 시작한 주문의 출하일은 바꿀 수 없습니다" }
      : { kind: "take", date: typed.value, whole: false };
  }
  if (row.companionInProgress)
    return { kind: "refuse", message: "함께 가는 줄이 이미 수확을 시작해 출하일을 바꿀 수 없습니다" };
  const room = roomOn(typed.value);
  if (!room.ok) return { kind: "refuse", message: room.error };
  return { kind: "take", date: typed.value, whole: true };
}
