/**
 * A customer's order (placeOrder, waits 10 s for the lock) while Tony's edits are carried by the
 * lock's holder at 1,000 orders.
 */
import type { AppsScriptEmulator } from "../../emulator/appsScript";
import { col, ORDERS, seasonWithRows } from "../helpers";

const webOrder = {
  orderer: { name: "김손님", phone: "010-5555-1234" },
  recipients: [
    {
      name: "김손님",
      phone: "010-5555-1234",
      postalCode: "06236",
      address: "서울특별시 강남구 테헤란로 1",
      item: "백도 4.5kg",
      boxes: 2,
    },
  ],
  memo: "",
};

function shop(rows: number): AppsScriptEmulator {
  const emu = seasonWithRows(rows, (scene) => {
    const row = scene.values("설정").findIndex((r) => r[0] === "온라인 주문 받기") + 1;
    scene.spreadsheet.tab("설정").put(row, 2, "예");
  });
  emu.overlap = true;
  return emu;
}

const unpaid = (emu: AppsScriptEmulator) =>
  emu.records(ORDERS).flatMap((r, i) => (r["입금상태"] !== "입금완료" ? [i + 2] : []));

describe("a customer's order while the holder carries Tony's notes", () => {
  it.each([true])(
    "Tony ticking once a second: the customer's order gets the lock within its 10 s (script clock runs: %s; with the emulator's default, frozen at each execution's start, CARRY_HOLD_MS would never end a hold)",
    (runs) => {
      const emu = shop(1000);
      emu.scriptClockRuns = runs;
      const start = emu.now.getTime() + 600_000;
      const rows = unpaid(emu);
      const pay = col(emu, ORDERS, "입금상태");
      emu.schedule(start, () => emu.edit(ORDERS, rows[0]!, pay, [["입금완료"]]), "carrier");
      let answer: unknown = null;
      emu.schedule(
        start + 200,
        () => void emu.run("placeOrder", [webOrder], "webapp", (v) => (answer = v)),
        "customer",
      );
      // Tony goes on ticking, one a second, for fifteen seconds.
      for (let k = 1; k <= 15; k++)
        emu.schedule(
          start + 300 + k * 1000,
          () => emu.edit(ORDERS, rows[k * 3]!, pay, [["입금완료"]]),
          "tony",
        );
      emu.runAgenda();
      const web = emu.executionLog.find((r) => r.tag === "customer")!;
      expect(emu.lockWaits.find((w) => w.id === web.id && !w.got)).toBeUndefined();
      expect(emu.records(ORDERS).some((r) => r["주문자"] === "김손님")).toBe(true);
      expect(answer).toMatchObject({ ok: true });
    },
  );

  it.each([
    [3000, true],
    [3000, false],
  ])(
    "Tony's notes carried while a customer waits, one of them needing the full pass when the batch falls back note by note: the customer still gets the lock within 10 s (%i orders, fallback %s)",
    (size, fallback) => {
      const emu = shop(size);
      emu.scriptClockRuns = true;
      const start = emu.now.getTime() + 600_000;
      const rows = unpaid(emu);
      const pay = col(emu, ORDERS, "입금상태");
      const code = col(emu, ORDERS, "주문번호");
      emu.schedule(start, () => emu.edit(ORDERS, rows[0]!, pay, [["입금완료"]]), "carrier");
      emu.schedule(start + 200, () => void emu.run("placeOrder", [webOrder], "webapp"), "customer");
      // While Tony's own tick runs: a tick, a row moved into the order above by its number, three ticks.
      emu.schedule(start + 400, () => emu.edit(ORDERS, rows[3]!, pay, [["입금완료"]]), "tony");
      emu.schedule(
        start + 600,
        () =>
          fallback
            ? emu.edit(ORDERS, rows[6]! + 1, code, [[emu.records(ORDERS)[rows[6]! - 2]!["주문번호"]]])
            : emu.edit(ORDERS, rows[6]!, pay, [["입금완료"]]),
        "tony",
      );
      for (let k = 0; k < 3; k++)
        emu.schedule(
          start + 800 + k * 200,
          () => emu.edit(ORDERS, rows[9 + 3 * k]!, pay, [["입금완료"]]),
          "tony",
        );
      emu.runAgenda();
      const web = emu.executionLog.find((r) => r.tag === "customer")!;
      expect(emu.lockWaits.find((w) => w.id === web.id && !w.got)).toBeUndefined();
    },
  );
});
