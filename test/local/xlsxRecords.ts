/** Reading .xlsx files in tests, independently of the code under test (plain ExcelJS). */
import ExcelJS from "exceljs";

/** The rows of a tab below its header, as objects keyed by header (the first tab when unnamed). */
export async function xlsxRecords(path: string, name?: string): Promise<Record<string, unknown>[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = name ? book.getWorksheet(name)! : book.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = (sheet.getRow(r).values as unknown[]).slice(1);
    if (values.some((v) => v !== null && v !== undefined)) {
      rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ""])));
    }
  }
  return rows;
}
