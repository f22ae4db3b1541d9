/**
 * Round trips to the spreadsheet service, counted by the emulator through dist/Code.js: an edit
 * costs the same on 100 rows as on 20,000, and at most 10; a full reconcile at most 30.
 */
import { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, demoInput, freshSpreadsheet, ORDERS } from "./helpers";

/** A season of `rows` orders written straight into the sheet (as an import would), then reconciled. */
export function seasonWithRows(rows: number): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-10T09:00:00+09:00");
  // Room for every paid box at every size, so the measured payment gets a day each time.
  const settings = emu.spreadsheet.tab("설정");
  const capacityRow = emu.values("설정").findIndex((r) => r[0] === "하루 기본 출하량(상자)") + 1;
  settings.put(capacityRow, 2, 2000);
  const headers = emu.values(ORDERS)[0]!.map(String);
  const base = demoInput();
  const sheet = emu.spreadsheet.tab(ORDERS);
  sheet.maxRows = Math.max(sheet.maxRows, rows + 1); // the import made room, as Sheets would
  for (let i = 0; i < rows; i++) {
    const row: Record<string, string | number> = {
      ...base[i % base.length]!,
      주문자: `주문자${i}`,
      "주문자 연락처": `010${String(10000000 + i)}`,
      받는분: `고객${i}`,
      입금상태: i % 3 === 0 ? "" : "입금완료",
      입금일시: "",
    };
    headers.forEach((h, c) => sheet.put(i + 2, c + 1, row[h] ?? ""));
  }
  emu.fireTimer("reconcile");
  return emu;
}

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

  it("a single-cell edit costs the same at every size, and at most 10", () => {
    const edits = sizes.map((s) => results.get(s)!.edit);
    const pays = sizes.map((s) => results.get(s)!.pay);
    expect(new Set(edits).size).toBe(1);
    expect(new Set(pays).size).toBe(1);
    for (const n of [...edits, ...pays]) expect(n).toBeLessThanOrEqual(10);
  });

  it("a full reconcile of 20,000 rows makes at most 30", () => {
    for (const s of sizes) expect(results.get(s)!.reconcile).toBeLessThanOrEqual(30);
  });
});
