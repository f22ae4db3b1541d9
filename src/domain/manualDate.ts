/**
 * What a ship date typed by hand into 출하예정일 must satisfy. Only a cell that differs from what
 * the script last wrote was typed by a person. Clearing it is refused (the day follows the
 * capacity; cancelling is done in 진행상태); a cancelled row's cell is ignored; otherwise the date
 * must read as a date, the order must be paid, neither the row nor a row travelling with it may
 * have started harvest, and the day must have room. A pasted or imported row already in
 * progress brings the day it went out, and only it takes the date.
 */
import { boxesUnder, capacityOf, holdsCapacity, outsideWindow, type AllocationInput } from "./allocation";
import { parseSeoulDate, type SeoulDate } from "./clock";
import { windowText } from "./harvest";
import { withParticle } from "./korean";
import { fail, ok, type Result } from "./result";
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

export interface ManualDateInput extends AllocationInput {
  id: string;
  date: SeoulDate;
}

/**
 * Whether a date typed by hand into 출하예정일 can be accepted: a shipping day of the season,
 * not in the past, with room for all the shipment's boxes (its own current day excluded).
 */
export function checkManualDate(input: ManualDateInput): Result<SeoulDate> {
  const target = input.shipments.find((s) => s.id === input.id);
  if (!target) return fail("해당 주문 줄을 찾을 수 없습니다");
  if (input.date < input.today) return fail(`지난 날짜(${input.date})로는 정할 수 없습니다`);
  const capacity = capacityOf(input.calendar, input.date);
  if (capacity === 0)
    return fail(
      `${withParticle(input.date, "은/는")} 출하하는 날이 아닙니다 (시즌 밖, 휴무 또는 출하 요일 아님)`,
    );
  if (outsideWindow(target, input.date))
    return fail(
      `${withParticle(input.date, "은/는")} 이 주문 품목의 수확 기간(${windowText(target.window!)}) 밖입니다`,
    );
  const sameDay = input.shipments.filter(
    (s) => s.id !== input.id && holdsCapacity(s) && s.shipDate === input.date,
  );
  const assigned = sameDay.reduce((sum, s) => sum + s.boxes, input.others?.held.get(input.date) ?? 0);
  if (assigned + target.boxes > capacity) {
    return fail(
      `${input.date} 출하량 ${capacity}상자 중 ${assigned}상자가 이미 배정되어 ${target.boxes}상자를 더 넣을 수 없습니다`,
    );
  }
  const othersItems = input.others?.heldItems?.get(input.date) ?? {};
  for (const limit of input.calendar.itemLimits ?? []) {
    const want = boxesUnder(limit, target);
    if (want === 0) continue;
    const used =
      sameDay.reduce((sum, s) => sum + boxesUnder(limit, s), 0) +
      limit.items.reduce((sum, item) => sum + (othersItems[item] ?? 0), 0);
    if (used + want > limit.boxes)
      return fail(
        `${input.date} ${limit.name} 하루 최대 ${limit.boxes}상자 중 ${used}상자가 이미 배정되어 ${want}상자를 더 넣을 수 없습니다`,
      );
  }
  return ok(input.date);
}
