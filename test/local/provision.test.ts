/**
 * Provisioning a live sheet through the Sheets API (googleapis), against a fake of the API
 * surface it uses: this machine has no network. The requests are typed by googleapis itself.
 */
import type { sheets_v4 } from "googleapis";
import { provision, provisionRequests, type SheetsClient } from "../../src/node/provision";
import { TABS, tab } from "../../src/templates";
import { main } from "../../src/node/cli";

/** A spreadsheet as the API sees it: sheets with ids, titles, sizes and a few values. */
function fakeSheets(initial: { title: string; sheetId: number; columnCount?: number; rows?: unknown[][] }[]) {
  const sheets = initial.map((s) => ({ columnCount: 26, rows: [] as unknown[][], ...s }));
  const batches: sheets_v4.Schema$Request[][] = [];
  const client: SheetsClient = {
    spreadsheets: {
      get: async () => ({
        data: {
          sheets: sheets.map((s) => ({
            properties: {
              sheetId: s.sheetId,
              title: s.title,
              gridProperties: { columnCount: s.columnCount },
            },
          })),
        },
      }),
      batchUpdate: async ({ requestBody }) => {
        const requests = requestBody.requests ?? [];
        batches.push(requests);
        for (const r of requests) {
          const p = r.addSheet?.properties;
          if (p)
            sheets.push({
              title: p.title!,
              sheetId: p.sheetId!,
              columnCount: p.gridProperties!.columnCount!,
              rows: [],
            });
          const cells = r.updateCells;
          if (cells?.start && cells.rows) {
            const sheet = sheets.find((s) => s.sheetId === cells.start!.sheetId)!;
            cells.rows.forEach((row, i) =>
              row.values!.forEach((v, j) => {
                const target = (sheet.rows[cells.start!.rowIndex! + i] ??= []);
                target[cells.start!.columnIndex! + j] =
                  v.userEnteredValue?.stringValue ?? v.userEnteredValue?.numberValue;
              }),
            );
          }
          if (r.appendDimension)
            sheets.find((s) => s.sheetId === r.appendDimension!.sheetId)!.columnCount +=
              r.appendDimension.length!;
        }
        return {};
      },
      values: {
        batchGet: async ({ ranges }) => ({
          data: {
            valueRanges: ranges.map((range) => {
              const title = /^'(.*)'!/.exec(range)![1]!.replace(/''/g, "'");
              const rows = sheets.find((s) => s.title === title)?.rows ?? [];
              return {
                values: range.endsWith("A2:B200")
                  ? rows.slice(1).map((r) => r.slice(0, 2))
                  : rows.slice(0, 2),
              };
            }),
          },
        }),
      },
    },
  };
  return { client, sheets, batches };
}

describe("provisioning a Google Sheet through the Sheets API", () => {
  it("creates every tab from the templates, then has nothing left to do", async () => {
    const fake = fakeSheets([{ title: "시트1", sheetId: 0 }]);
    const first = await provision(fake.client, "sheet-id");
    expect(first.created).toEqual(TABS.map((t) => t.name));
    const requests = fake.batches[0]!;
    // Headers, in template order, on each tab's header row.
    const orders = fake.sheets.find((s) => s.title === "주문")!;
    expect(orders.rows[0]).toEqual(tab("orders").columns.map((c) => c.header));
    expect(fake.sheets.find((s) => s.title === "오늘 출하")!.rows[1]).toEqual(
      tab("today").columns.map((c) => c.header),
    );
    expect(fake.sheets.find((s) => s.title === "설정")!.rows[1]!.slice(0, 2)).toEqual([
      "판매자 이름",
      "투투네 복숭아",
    ]);
    // Dropdowns, tick boxes, text formats, hidden ids, warning-only protections.
    const lists = requests.flatMap((r) =>
      r.setDataValidation?.rule?.condition?.type === "ONE_OF_LIST" ? [r.setDataValidation] : [],
    );
    expect(lists.map((l) => l.rule!.condition!.values!.map((v) => v.userEnteredValue))).toContainEqual([
      "미입금",
      "입금완료",
    ]);
    expect(requests.some((r) => r.setDataValidation?.rule?.condition?.type === "BOOLEAN")).toBe(true);
    expect(requests.some((r) => r.repeatCell?.cell?.userEnteredFormat?.numberFormat?.type === "TEXT")).toBe(
      true,
    );
    expect(requests.filter((r) => r.updateDimensionProperties?.properties?.hiddenByUser).length).toBe(
      TABS.flatMap((t) => t.columns).filter((c) => c.hidden).length,
    );
    expect(
      requests
        .filter((r) => r.addProtectedRange)
        .every((r) => r.addProtectedRange!.protectedRange!.warningOnly),
    ).toBe(true);

    const again = await provision(fake.client, "sheet-id");
    expect(again.requests).toBe(0);
    expect(fake.batches).toHaveLength(1);
  });

  it("repairs Tony's own tab: missing columns at the end, the grid widened, his columns kept", () => {
    const headers = [
      "받는분",
      "주소",
      "토니 메모",
      ...tab("orders")
        .columns.map((c) => c.header)
        .filter((h) => h !== "받는분" && h !== "주소")
        .slice(0, 20),
    ];
    const requests = provisionRequests(
      [{ title: "주문", sheetId: 7, columnCount: 23, headers }],
      [],
      "2026-05-01",
    );
    const added = requests.flatMap(
      (r) => r.updateCells?.rows?.[0]?.values?.[0]?.userEnteredValue?.stringValue ?? [],
    );
    const missing = tab("orders")
      .columns.map((c) => c.header)
      .filter((h) => !headers.includes(h));
    expect(added.slice(0, missing.length)).toEqual(missing);
    const columns = requests.flatMap((r) =>
      r.updateCells?.start?.sheetId === 7 ? [r.updateCells.start.columnIndex] : [],
    );
    expect(columns).toEqual(missing.map((_, i) => headers.length + i));
    expect(requests.find((r) => r.appendDimension)?.appendDimension).toEqual({
      sheetId: 7,
      dimension: "COLUMNS",
      length: headers.length + missing.length - 23,
    });
  });

  it("the CLI asks for its two options and a key file that exists", async () => {
    const out: string[] = [];
    expect((await main(["provision"], (l) => out.push(l))).code).toBe(2);
    expect(
      (await main(["provision", "--sheet", "x", "--key", "/nonexistent/key.json"], (l) => out.push(l))).code,
    ).toBe(2);
    expect(out.join("\n")).toMatch(/키 파일이 없습니다/);
  });
});
