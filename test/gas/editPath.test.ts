/**
 * The edit path through dist/Code.js in the emulator, so the Sheets host's readRows and
 * findRows (TextFinder) are what it runs on: random edits by Tony on 주문, each read only from
 * its rows, and by Tutu on 오늘 출하, left to the reconcile; the reconcile carries hers, and
 * after it neither the next reconcile nor a full pass changes a cell of any tab. (The app-layer
 * test, test/app-edits.test.ts, compares every edit with the full pass.)
 */
import fc from "fast-check";
import { at, col, demoInput, freshSpreadsheet, ORDERS, TODAY } from "./helpers";
import type { AppsScriptEmulator } from "../emulator/appsScript";

const SIZE = 150;

/** A season of SIZE rows at 20 boxes a day, reconciled on the first shipping morning. */
function season(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-10T09:00:00+09:00");
  const settings = emu.spreadsheet.tab("설정");
  const capacityRow = emu.values("설정").findIndex((r) => r[0] === "하루 기본 출하량(상자)") + 1;
  settings.put(capacityRow, 2, 20);
  const headers = emu.values(ORDERS)[0]!.map(String);
  const base = demoInput();
  const sheet = emu.spreadsheet.tab(ORDERS);
  sheet.maxRows = Math.max(sheet.maxRows, SIZE + 40);
  for (let i = 0; i < SIZE; i++) {
    const order = Math.floor(i / 2);
    const row: Record<string, string | number> = {
      ...base[i % base.length]!,
      주문자: `주문자${order}`,
      "주문자 연락처": `010${String(10000000 + order)}`,
      받는분: `고객${i}`,
      입금상태: order % 3 === 0 ? "" : "입금완료",
    };
    headers.forEach((h, c) => sheet.put(i + 2, c + 1, row[h] ?? ""));
  }
  emu.fireTimer("reconcile");
  emu.now = at("2026-07-13T08:00:00+09:00");
  emu.fireTimer("reconcile");
  return emu;
}

type Edit =
  | { kind: "pay"; pick: number; on: boolean }
  | { kind: "boxes"; pick: number; boxes: number }
  | { kind: "memo"; pick: number }
  | { kind: "status"; pick: number; label: string }
  | { kind: "paste"; sameOrderer: boolean; paid: boolean }
  | { kind: "tick"; pick: number; header: "수확" | "포장" | "발송" | "택배사" | "송장번호" };

const arbEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("pay" as const), pick: fc.nat(), on: fc.boolean() }),
  fc.record({ kind: fc.constant("boxes" as const), pick: fc.nat(), boxes: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("memo" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("status" as const),
    pick: fc.nat(),
    label: fc.constantFrom("취소", "수확", "발송"),
  }),
  fc.record({ kind: fc.constant("paste" as const), sameOrderer: fc.boolean(), paid: fc.boolean() }),
  fc.record({
    kind: fc.constant("tick" as const),
    pick: fc.nat(),
    header: fc.constantFrom(
      "수확" as const,
      "포장" as const,
      "발송" as const,
      "택배사" as const,
      "송장번호" as const,
    ),
  }),
);

function play(emu: AppsScriptEmulator, edit: Edit, serial: number): number {
  const rows = emu.spreadsheet.tab(ORDERS).lastRow() - 1;
  const row = (pick: number) => 2 + (pick % rows);
  switch (edit.kind) {
    case "pay":
      return emu.edit(ORDERS, row(edit.pick), col(emu, ORDERS, "입금상태"), [[edit.on ? "입금완료" : ""]])
        .roundTrips;
    case "boxes":
      return emu.edit(ORDERS, row(edit.pick), col(emu, ORDERS, "상자수"), [[edit.boxes]]).roundTrips;
    case "memo":
      return emu.edit(ORDERS, row(edit.pick), col(emu, ORDERS, "메모"), [[`메모 ${serial}`]]).roundTrips;
    case "status":
      return emu.edit(ORDERS, row(edit.pick), col(emu, ORDERS, "진행상태"), [[edit.label]]).roundTrips;
    case "paste": {
      const headers = emu.values(ORDERS)[0]!.map(String);
      const last = emu.records(ORDERS).at(-1)!;
      const input = {
        ...demoInput()[serial % 5]!,
        ...(edit.sameOrderer
          ? { 주문자: String(last["주문자"]), "주문자 연락처": String(last["주문자 연락처"]) }
          : { 주문자: `새주문자${serial}`, "주문자 연락처": `0107${String(1000000 + serial)}` }),
        입금상태: edit.paid ? "입금완료" : "",
      };
      const from = col(emu, ORDERS, "주문자");
      const to = col(emu, ORDERS, "입금상태");
      const cells = headers
        .slice(from - 1, to)
        .map((h) => (input as Record<string, string | number>)[h] ?? "");
      return emu.edit(ORDERS, rows + 2, from, [cells]).roundTrips;
    }
    case "tick": {
      const idColumn = col(emu, TODAY, "행ID", 2) - 1;
      const lines = emu.values(TODAY).filter((r, i) => i >= 2 && r[idColumn] !== "").length;
      if (lines === 0) return 0;
      const value =
        edit.header === "택배사"
          ? "CJ대한통운"
          : edit.header === "송장번호"
            ? `6000${10000000 + serial}`
            : true;
      return emu.edit(TODAY, 3 + (edit.pick % lines), col(emu, TODAY, edit.header, 2), [[value]]).roundTrips;
    }
  }
}

const tabs = (emu: AppsScriptEmulator) =>
  emu.spreadsheet
    .getSheets()
    .map((s) => s.getName())
    .map((name) => [name, JSON.stringify(emu.values(name))] as const);

describe("the edit path in Apps Script", () => {
  it("after random edits and the reconcile that carries Tutu's, no pass changes a cell of any tab", () => {
    const base = season();
    const reconcileCells = base.executionLog.at(-1)!.cellsRead;
    let edits = 0;
    let small = 0;
    fc.assert(
      fc.property(fc.array(arbEdit, { minLength: 1, maxLength: 6 }), (sequence) => {
        const emu = season();
        sequence.forEach((edit, i) => {
          emu.now = new Date(emu.now.getTime() + 5 * 60_000);
          if (play(emu, edit, i) === 0) return;
          edits++;
          // The edit path read its rows, not the tab: far fewer cells than a pass over 주문.
          if (emu.executionLog.at(-1)!.cellsRead < reconcileCells / 4) small++;
        });
        emu.now = new Date(emu.now.getTime() + 60_000);
        emu.fireTimer("reconcile"); // carries what Tutu ticked
        const carried = tabs(emu);
        emu.now = new Date(emu.now.getTime() + 60_000);
        emu.fireTimer("reconcile");
        expect(tabs(emu)).toEqual(carried);
        emu.now = new Date(emu.now.getTime() + 3 * 3600_000); // the reconcile's full pass
        emu.fireTimer("reconcile");
        expect(emu.executionLog.at(-1)!.cellsRead).toBeGreaterThan(reconcileCells / 2);
        expect(tabs(emu)).toEqual(carried);
      }),
      { numRuns: 25 },
    );
    expect(small).toBeGreaterThan(edits / 2);
  }, 240_000);
});
