/**
 * Provisioning a live Google Sheet from Node with googleapis (the Sheets API): the same
 * set-up/repair plan as the Apps Script menu (src/app/setup.ts), sent as one batchUpdate.
 * Useful before the script is even pushed, or to repair a copy. Needs a service account key with
 * access to the spreadsheet; this machine has no network, so the tests use a fake client.
 */
import type { sheets_v4 } from "googleapis";
import { planSetup, type TabRepair } from "../app/setup";
import { seoulDateOf, type SeoulDate } from "../domain/clock";
import { itemNames } from "../domain/settings";
import { LISTS, type ColumnDef } from "../templates";

type Request = sheets_v4.Schema$Request;

/** The parts of the Sheets API client provisioning uses. */
export interface SheetsClient {
  spreadsheets: {
    get(params: { spreadsheetId: string; fields: string }): Promise<{ data: sheets_v4.Schema$Spreadsheet }>;
    batchUpdate(params: {
      spreadsheetId: string;
      requestBody: sheets_v4.Schema$BatchUpdateSpreadsheetRequest;
    }): Promise<unknown>;
    values: {
      batchGet(params: {
        spreadsheetId: string;
        ranges: string[];
        valueRenderOption: string;
      }): Promise<{ data: sheets_v4.Schema$BatchGetValuesResponse }>;
    };
  };
}

const GRID_ROWS = 2000;

function numberFormat(format: string): sheets_v4.Schema$NumberFormat {
  if (format === "@") return { type: "TEXT" };
  if (/h/.test(format)) return { type: "DATE_TIME", pattern: format };
  if (/y|m|d/.test(format)) return { type: "DATE", pattern: format };
  return { type: "NUMBER", pattern: format };
}

const cellValue = (value: unknown): sheets_v4.Schema$ExtendedValue =>
  typeof value === "number" ? { numberValue: value } : { stringValue: String(value ?? "") };

function columnRequests(
  sheetId: number,
  headerRow: number,
  column: ColumnDef,
  index: number,
  items: string[],
): Request[] {
  const col = { sheetId, startColumnIndex: index - 1, endColumnIndex: index };
  const body = { ...col, startRowIndex: headerRow, endRowIndex: GRID_ROWS };
  const requests: Request[] = [
    {
      updateCells: {
        start: { sheetId, rowIndex: headerRow - 1, columnIndex: index - 1 },
        rows: [
          {
            values: [
              {
                userEnteredValue: { stringValue: column.header },
                userEnteredFormat: { textFormat: { bold: true } },
                note: column.note ?? null,
              },
            ],
          },
        ],
        fields: "userEnteredValue,userEnteredFormat.textFormat.bold,note",
      },
    },
    {
      updateDimensionProperties: {
        range: { sheetId, dimension: "COLUMNS", startIndex: index - 1, endIndex: index },
        properties: { pixelSize: column.width, hiddenByUser: !!column.hidden },
        fields: "pixelSize,hiddenByUser",
      },
    },
  ];
  if (column.format) {
    requests.push({
      repeatCell: {
        range: body,
        cell: { userEnteredFormat: { numberFormat: numberFormat(column.format) } },
        fields: "userEnteredFormat.numberFormat",
      },
    });
  }
  const v = column.validation;
  if (v?.checkbox) {
    requests.push({
      setDataValidation: { range: body, rule: { condition: { type: "BOOLEAN" }, strict: true } },
    });
  } else if (v?.list) {
    const values = v.list === "items" ? items : LISTS[v.list];
    if (values.length > 0) {
      requests.push({
        setDataValidation: {
          range: body,
          rule: {
            condition: {
              type: "ONE_OF_LIST",
              values: values.map((userEnteredValue) => ({ userEnteredValue })),
            },
            strict: v.list !== "items" && v.list !== "payment",
            showCustomUi: true,
          },
        },
      });
    }
  }
  if (column.owner === "script") {
    requests.push({
      addProtectedRange: {
        protectedRange: {
          range: { ...col, startRowIndex: 0, endRowIndex: GRID_ROWS },
          description: `스크립트가 채우는 열: ${column.header}`,
          warningOnly: true,
        },
      },
    });
  }
  return requests;
}

/** The batchUpdate requests that bring the spreadsheet to the templates; none when it is complete. */
export function provisionRequests(
  existing: { title: string; sheetId: number; columnCount: number; headers: unknown[] }[],
  settingsRows: { label: unknown; value: unknown }[],
  today: SeoulDate,
): Request[] {
  const repairs: TabRepair[] = planSetup(new Map(existing.map((s) => [s.title, s.headers])), today);
  const items = itemNames(settingsRows);
  const taken = new Set(existing.map((s) => s.sheetId));
  let nextId = 1000;
  const requests: Request[] = [];
  for (const repair of repairs) {
    if (!repair.create && repair.add.length === 0) continue;
    const { tab } = repair;
    const found = existing.find((s) => s.title === tab.name);
    let sheetId = found?.sheetId;
    const needed = Math.max(0, ...repair.add.map((a) => a.index));
    if (sheetId === undefined) {
      while (taken.has(nextId)) nextId++;
      sheetId = nextId;
      taken.add(sheetId);
      requests.push({
        addSheet: {
          properties: {
            sheetId,
            title: tab.name,
            // The read model 조회 is the script's own (SheetProperties.hidden).
            ...(tab.hidden ? { hidden: true } : {}),
            gridProperties: {
              rowCount: GRID_ROWS,
              columnCount: Math.max(26, needed),
              frozenRowCount: tab.headerRow,
            },
          },
        },
      });
    }
    if (found && needed > found.columnCount) {
      requests.push({
        appendDimension: { sheetId, dimension: "COLUMNS", length: needed - found.columnCount },
      });
    }
    for (const { column, index } of repair.add)
      requests.push(...columnRequests(sheetId, tab.headerRow, column, index, items));
    if (repair.initialRows.length > 0) {
      requests.push({
        updateCells: {
          start: { sheetId, rowIndex: tab.headerRow, columnIndex: 0 },
          rows: repair.initialRows.map((row) => ({
            values: row.map((v) => ({ userEnteredValue: cellValue(v) })),
          })),
          fields: "userEnteredValue",
        },
      });
    }
    if (repair.create && tab.protected) {
      requests.push({
        addProtectedRange: {
          protectedRange: {
            range: { sheetId },
            description: `${tab.name}: 스크립트만 씁니다`,
            warningOnly: true,
          },
        },
      });
    }
  }
  return requests;
}

/** Reads what is there, sends the repairs, reports what it did. */
export async function provision(
  client: SheetsClient,
  spreadsheetId: string,
): Promise<{ created: string[]; requests: number }> {
  const { data } = await client.spreadsheets.get({
    spreadsheetId,
    fields: "sheets.properties(sheetId,title,gridProperties.columnCount)",
  });
  const sheets = (data.sheets ?? []).map((s) => ({
    title: s.properties?.title ?? "",
    sheetId: s.properties?.sheetId ?? 0,
    columnCount: s.properties?.gridProperties?.columnCount ?? 26,
  }));
  const ranges = sheets.map((s) => `'${s.title.replace(/'/g, "''")}'!1:2`);
  const values = ranges.length
    ? ((
        await client.spreadsheets.values.batchGet({
          spreadsheetId,
          ranges,
          valueRenderOption: "UNFORMATTED_VALUE",
        })
      ).data.valueRanges ?? [])
    : [];
  const existing = sheets.map((s, i) => {
    const rows = values[i]?.values ?? [];
    // 오늘 출하's header is its second row; every other tab's is the first.
    const headers = (s.title === "오늘 출하" ? rows[1] : rows[0]) ?? [];
    return { ...s, headers };
  });
  const settingsSheet = sheets.find((s) => s.title === "설정");
  let settingsRows: { label: unknown; value: unknown }[] = [];
  if (settingsSheet) {
    const got = await client.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: ["'설정'!A2:B200"],
      valueRenderOption: "UNFORMATTED_VALUE",
    });
    settingsRows = (got.data.valueRanges?.[0]?.values ?? []).map(([label, value]) => ({ label, value }));
  }
  const requests = provisionRequests(existing, settingsRows, seoulDateOf(new Date()));
  if (requests.length > 0)
    await client.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
  return {
    created: requests.flatMap((r) => (r.addSheet?.properties?.title ? [r.addSheet.properties.title] : [])),
    requests: requests.length,
  };
}
