import fc from "fast-check";
import { addDays, seoulMidnight, type SeoulDate } from "../../src/domain/clock";
import { typedShipDate, type TypedDateRow } from "../../src/domain/manualDate";
import { fail, ok } from "../../src/domain/result";
import { STATUSES } from "../../src/domain/schemas";
import { isInProgress } from "../../src/domain/status";

const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays("2026-07-13", n));
const arbRow: fc.Arbitrary<TypedDateRow> = fc.record({
  cell: fc.oneof(
    fc.constant(""),
    day.map((d) => seoulMidnight(d)),
    day.map((d) => d as string),
    fc.constantFrom("내일", "7월 40일", "abc"),
  ),
  written: fc.option(day, { nil: null }),
  recorded: fc.boolean(),
  status: fc.constantFrom(...STATUSES),
  paid: fc.boolean(),
  shipDate: fc.option(day, { nil: null }),
  companionInProgress: fc.boolean(),
});
const FULL = "그날은 출하량이 다 찼습니다";
const arbRoom = fc.func(fc.boolean()).map((has) => (d: SeoulDate) => (has(d) ? ok(d) : fail(FULL)));

describe("what a hand-typed ship date must satisfy", () => {
  it("a date is taken for the whole shipment only when every condition holds", () => {
    fc.assert(
      fc.property(arbRow, arbRoom, (row, roomOn) => {
        const decision = typedShipDate(row, 2026, roomOn);
        if (decision.kind !== "take" || !decision.whole) return;
        expect(row.cell).not.toBe("");
        expect(decision.date).not.toBe(row.written);
        expect(row.paid).toBe(true);
        expect(row.status === "cancelled" || isInProgress(row.status)).toBe(false);
        expect(row.companionInProgress).toBe(false);
        expect(roomOn(decision.date).ok).toBe(true);
      }),
    );
  });

  it("only a row the script has not recorded may bring a date while in progress, and only for itself", () => {
    fc.assert(
      fc.property(arbRow, arbRoom, (row, roomOn) => {
        const decision = typedShipDate(row, 2026, roomOn);
        if (decision.kind === "take" && !decision.whole) {
          expect([row.recorded, isInProgress(row.status), row.paid]).toEqual([false, true, true]);
        }
        if (row.recorded && isInProgress(row.status) && row.cell !== "" && decision.kind === "take")
          throw new Error("a recorded row in progress changed its date");
      }),
    );
  });

  it("what the script wrote itself, and a cancelled row's cell, are not a person's input", () => {
    fc.assert(
      fc.property(arbRow, day, arbRoom, (row, written, roomOn) => {
        expect(typedShipDate({ ...row, cell: seoulMidnight(written), written }, 2026, roomOn)).toEqual({
          kind: "none",
        });
        expect(typedShipDate({ ...row, cell: "", written: null }, 2026, roomOn)).toEqual({ kind: "none" });
        if (row.cell !== "")
          expect(typedShipDate({ ...row, status: "cancelled" }, 2026, roomOn).kind).not.toBe("take");
      }),
    );
  });

  it("says why, in the words Tony sees", () => {
    const base: TypedDateRow = {
      cell: "2026-07-20",
      written: "2026-07-15",
      recorded: true,
      status: "scheduled",
      paid: true,
      shipDate: "2026-07-15",
      companionInProgress: false,
    };
    const room = () => ok(null);
    const says = (row: Partial<TypedDateRow>, roomOn: (d: SeoulDate) => ReturnType<typeof room> = room) =>
      typedShipDate({ ...base, ...row }, 2026, roomOn);
    expect(says({})).toEqual({ kind: "take", date: "2026-07-20", whole: true });
    expect(says({ cell: "" })).toEqual({
      kind: "refuse",
      message: "지울 수 없습니다. 출하일은 출하량에 맞춰 정해지고, 취소는 진행상태에서 합니다",
    });
    expect(says({ cell: "", shipDate: null })).toEqual({ kind: "none" });
    expect(says({ cell: "abc" }).kind).toBe("refuse");
    expect(says({ paid: false })).toEqual({
      kind: "refuse",
      message: "입금 전 주문에는 출하일을 정할 수 없습니다",
    });
    expect(says({ status: "harvested" })).toEqual({
      kind: "refuse",
      message: "이미 수확을 시작한 주문의 출하일은 바꿀 수 없습니다",
    });
    expect(says({ status: "shipped", recorded: false })).toEqual({
      kind: "take",
      date: "2026-07-20",
      whole: false,
    });
    expect(says({ companionInProgress: true })).toEqual({
      kind: "refuse",
      message: "함께 가는 줄이 이미 수확을 시작해 출하일을 바꿀 수 없습니다",
    });
    expect(says({}, () => fail(FULL))).toEqual({ kind: "refuse", message: FULL });
  });
});
