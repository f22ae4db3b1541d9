/** 탭 만들기 / 고치기 through dist/Code.js: idempotent, never touching data, keeping Tony's columns. */
import { AppsScriptEmulator } from "../emulator/appsScript";
import { TABS, tab } from "../../src/templates";
import { col, freshSpreadsheet, ORDERS } from "./helpers";

describe("setup / repair", () => {
  it("creates every tab with headers, frozen header, widths, formats, tick boxes, dropdowns, hidden ids", () => {
    const emu = freshSpreadsheet();
    for (const def of TABS) {
      const sheet = emu.spreadsheet.tab(def.name);
      expect(emu.values(def.name)[def.headerRow - 1]!.slice(0, def.columns.length)).toEqual(
        def.columns.map((c) => c.header),
      );
      expect(sheet.frozenRows).toBe(def.headerRow);
      def.columns.forEach((c, i) => {
        expect(sheet.widths.get(i + 1)).toBe(c.width);
        if (c.format) expect(sheet.formatAt(def.headerRow + 1, i + 1)).toBe(c.format);
        if (c.validation?.checkbox)
          expect(sheet.validationAt(def.headerRow + 1, i + 1)?.kind).toBe("checkbox");
        if (c.validation?.list) expect(sheet.validationAt(def.headerRow + 1, i + 1)?.kind).toBe("list");
        expect(sheet.hidden.has(i + 1)).toBe(!!c.hidden);
      });
    }
    const orders = emu.spreadsheet.tab(ORDERS);
    expect(orders.validationAt(2, col(emu, ORDERS, "입금상태"))?.values).toEqual(["미입금", "입금완료"]);
    expect(orders.validationAt(2, col(emu, ORDERS, "품목"))?.values).toEqual([
      "백도 4.5kg",
      "황도 4.5kg",
      "천도 3kg",
    ]);
    // Script-owned columns and 이력 are protected with a warning only.
    expect(orders.protections.length).toBe(tab("orders").columns.filter((c) => c.owner === "script").length);
    expect(orders.protections.every((p) => p.isWarningOnly())).toBe(true);
    expect(emu.spreadsheet.tab("이력").protections.some((p) => p.target === "sheet:이력")).toBe(true);
    expect(emu.values("설정")[1]).toEqual(["판매자 이름", "투투네 복숭아", expect.any(String)]);
    // Nothing only Tony knows is made up, and the season is the coming one (the clock: 2026-07-12).
    const setting = (label: string) => emu.values("설정").find((r) => r[0] === label)![1];
    expect([setting("입금 안내"), setting("판매자 연락처"), setting("보내는 주소")]).toEqual(["", "", ""]);
    expect((setting("시즌 시작일") as Date).getTime()).toBe(Date.parse("2026-07-13T00:00:00+09:00"));
    expect(emu.scriptProperties.get("SPREADSHEET_ID")).toBe("sheet-0001");
  });

  it("running it again changes nothing", () => {
    const emu = freshSpreadsheet();
    const before = JSON.stringify(
      emu.spreadsheet.sheets.map((s) => [s.getName(), emu.values(s.getName()), s.protections.length]),
    );
    emu.run("setupTabs");
    expect(
      JSON.stringify(
        emu.spreadsheet.sheets.map((s) => [s.getName(), emu.values(s.getName()), s.protections.length]),
      ),
    ).toBe(before);
    expect(emu.spreadsheet.toasts.at(-1)).toBe(
      "모든 탭과 열이 이미 있습니다 · 설정의 '입금 안내', '판매자 연락처', '보내는 주소'를 먼저 적어 주세요",
    );
  });

  it("repairs Tony's own sheet: adds missing columns at the end, keeps his columns and data", () => {
    const emu = new AppsScriptEmulator();
    const mine = emu.spreadsheet.insertSheet(ORDERS);
    const headers = [
      "받는분",
      "주소",
      "토니 메모",
      "상자수",
      "주문자",
      "주문자 연락처",
      "받는분 연락처",
      "품목",
    ];
    headers.forEach((h, i) => mine.put(1, i + 1, h));
    const row = [
      "김민수",
      "서울특별시 강남구 테헤란로 1",
      "단골",
      3,
      "김민수",
      "010-1111-2222",
      "010-1111-2222",
      "백도 4.5kg",
    ];
    row.forEach((v, i) => mine.put(2, i + 1, v));
    emu.run("setupTabs");
    const after = emu.values(ORDERS);
    expect(after[0]!.slice(0, headers.length)).toEqual(headers);
    expect(after[1]!.slice(0, row.length)).toEqual(row);
    const added = tab("orders")
      .columns.map((c) => c.header)
      .filter((h) => !headers.includes(h));
    expect(after[0]!.slice(headers.length)).toEqual(added);
    // And the orders pass works on his column order, by header.
    emu.run("installTriggers");
    emu.fireTimer("reconcile");
    const record = emu.records(ORDERS)[0]!;
    expect(record["토니 메모"]).toBe("단골");
    expect(record["합계"]).toBe(3 * 35000 + 10000);
    expect(record["주문번호"]).toMatch(/^\d{3}-\d{3}$/);
  });
});
