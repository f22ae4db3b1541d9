/**
 * Round trips to the spreadsheet service, counted by the emulator through dist/Code.js: an edit
 * costs the same on 100 rows as on 20,000, and at most 13 (10 for 주문 and its tabs, and the read
 * model 조회: a TextFinder for the order's row, a read of it, a write when its view changed); a
 * full reconcile at most 30.
 */
import { col, ORDERS, seasonWithRows } from "./helpers";

describe("round trips", () => {
  const sizes = [100, 1000, 20000];
  const results = new Map<number, { edit: number; pay: number; reconcile: number }>();

  beforeAll(() => {
    for (const size of sizes) {
      const emu = seasonWithRows(size);
      // Rows 50, 53 and 56 are unpaid one-row orders (every third row is unpaid).
      const memo = emu.edit(ORDERS, 50, col(emu, ORDERS, "메모"), [["문 앞에 두세요"]]).roundTrips;
      const boxes = emu.edit(ORDERS, 53, col(emu, ORDERS, "상자수"), [[7]]).roundTrips;
      const pay = emu.edit(ORDERS, 56, col(emu, ORDERS, "입금상태"), [["입금완료"]]).roundTrips;
      const reconcile = emu.fireTimer("reconcile");
      expect(
        emu.records(ORDERS)[54]!["출하예정일"] !== "" || emu.records(ORDERS)[54]!["진행상태"] === "대기",
      ).toBe(true);
      results.set(size, { edit: Math.max(memo, boxes), pay, reconcile });
    }
  }, 120_000);

  it("a single-cell edit costs the same at every size, and at most 13", () => {
    const edits = sizes.map((s) => results.get(s)!.edit);
    const pays = sizes.map((s) => results.get(s)!.pay);
    expect(new Set(edits).size).toBe(1);
    expect(new Set(pays).size).toBe(1);
    for (const n of [...edits, ...pays]) expect(n).toBeLessThanOrEqual(13);
  });

  it("a full reconcile of 20,000 rows makes at most 30", () => {
    for (const s of sizes) expect(results.get(s)!.reconcile).toBeLessThanOrEqual(30);
  });
});
