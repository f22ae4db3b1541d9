/**
 * Reading another program's file: an .xlsx (Excel, LibreOffice) or a CSV in UTF-8 (with or
 * without BOM) or CP949/EUC-KR, which is what Korean Excel writes.
 */
import ExcelJS from "exceljs";
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Cell } from "../app/port";
import { parseCsv } from "../app/csv";
import { matchHeaders } from "../app/importRows";
import { WorkbookFileError, fromExcel } from "./xlsx";

/** UTF-8 when the bytes are valid UTF-8, otherwise CP949 (a superset of EUC-KR). */
export function decodeText(bytes: Uint8Array): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return new TextDecoder("euc-kr").decode(body);
  }
}

export async function readSource(path: string): Promise<Cell[][]> {
  if (!existsSync(path)) throw new WorkbookFileError(`파일이 없습니다: ${path}`);
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".txt") return parseCsv(decodeText(readFileSync(path)));
  if (ext !== ".xlsx" && ext !== ".xlsm")
    throw new WorkbookFileError(`.xlsx 또는 .csv 파일만 가져올 수 있습니다: ${path}`);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(path);
  } catch {
    // ExcelJS's own words ("central directory…") mean nothing to Tony.
    throw new WorkbookFileError(`엑셀 파일로 읽을 수 없습니다 (손상되었거나 .xlsx가 아닙니다): ${path}`);
  }
  const sheets = book.worksheets.map((sheet) => {
    const rows: Cell[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      rows.push(Array.from({ length: sheet.columnCount }, (_, c) => fromExcel(row.getCell(c + 1).value)));
    }
    return rows;
  });
  return sheets.find((rows) => matchHeaders(rows)) ?? sheets[0] ?? [];
}
