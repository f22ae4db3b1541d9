/**
 * Reading another program's file: an .xlsx (Excel, LibreOffice, a bank's export, password
 * protected or not) or a CSV in UTF-8 (with or without BOM) or CP949/EUC-KR, which is what
 * Korean Excel writes.
 */
import ExcelJS from "exceljs";
import officeCrypto from "officecrypto-tool";
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Cell } from "../app/port";
import { findBankLayout, readBankExport, type BankExport } from "../app/bankImport";
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

export interface SourceOptions {
  /** The password of a protected .xlsx, as typed; used once to decrypt in memory, never kept. */
  password?: string;
  /** Which sheet of a workbook holds the table (the first one that does is read). */
  accept?: (rows: Cell[][]) => boolean;
}

/** A protected .xlsx opened in memory with the password Tony typed. */
async function decrypted(path: string, bytes: Buffer, password: string | undefined): Promise<Buffer> {
  if (!officeCrypto.isEncrypted(bytes)) return bytes;
  if (!password) throw new WorkbookFileError(`암호가 걸린 파일입니다. 암호를 함께 적어 주세요: ${path}`);
  try {
    return await officeCrypto.decrypt(bytes, { password });
  } catch {
    // The library's message may echo its input; ours names only the file.
    throw new WorkbookFileError(`암호가 맞지 않아 열 수 없습니다: ${path}`);
  }
}

export async function readSource(path: string, options: SourceOptions = {}): Promise<Cell[][]> {
  if (!existsSync(path)) throw new WorkbookFileError(`파일이 없습니다: ${path}`);
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".txt") return parseCsv(decodeText(readFileSync(path)));
  if (ext !== ".xlsx" && ext !== ".xlsm")
    throw new WorkbookFileError(`.xlsx 또는 .csv 파일만 가져올 수 있습니다: ${path}`);
  const bytes = await decrypted(path, readFileSync(path), options.password);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
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
  const accept = options.accept ?? ((rows: Cell[][]) => matchHeaders(rows) !== null);
  return sheets.find(accept) ?? sheets[0] ?? [];
}

/** A bank's transaction export (.xlsx, protected or not, or CSV), read into bank lines. */
export async function readBankSource(path: string, password?: string): Promise<BankExport> {
  const rows = await readSource(path, { password, accept: (r) => findBankLayout(r) !== null });
  const found = readBankExport(rows);
  if (!found)
    throw new WorkbookFileError(
      `거래내역의 머리글(거래일시, 거래금액 또는 입금/출금, 내용)을 찾지 못했습니다: ${path}`,
    );
  return found;
}
