/**
 * Issue 22: the messages' look at 이력, indexed once (src/app/eventIndex.ts), answers exactly what
 * the per-order filters it replaced answered, in 이력's order.
 */
import fc from "fast-check";
import { eventIndex } from "../src/app/eventIndex";
import type { LoggedEvent } from "../src/app/journal";

const line = fc.record({
  at: fc.nat(1_000),
  orderCode: fc.constantFrom("", "100-001", "100-002", "100-003"),
  rowId: fc.constantFrom("", "r1", "r2", "r3", "r4"),
  event: fc.constantFrom("입금", "메시지 보냄", "출하일 변경"),
  from: fc.constant(""),
  to: fc.constantFrom("", "입금 요청", "입금 확인"),
  detail: fc.constant(""),
}) as fc.Arbitrary<LoggedEvent>;

describe("이력 indexed once (eventIndex)", () => {
  it("gives the same lines and latest times as filtering all of 이력 each time", () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.subarray(["r1", "r2", "r3", "r4", "r1"]),
        (events, ids) => {
          const index = eventIndex(events);
          const wanted = new Set(ids);
          expect(index.ofRows(ids)).toEqual(events.filter((e) => e.rowId && wanted.has(e.rowId)));
          for (const code of ["100-001", "100-002", "100-009"]) {
            expect(index.ofOrder(code)).toEqual(events.filter((e) => e.orderCode === code));
            for (const event of ["입금", "메시지 보냄"]) {
              const max = (pick: (e: LoggedEvent) => boolean) =>
                Math.max(
                  0,
                  ...events
                    .filter((e) => e.orderCode === code && e.event === event && pick(e))
                    .map((e) => e.at),
                );
              expect(index.lastAt(code, event)).toBe(max(() => true));
              expect(index.lastAt(code, event, "입금 요청")).toBe(max((e) => e.to === "입금 요청"));
            }
          }
        },
      ),
    );
  });
});
