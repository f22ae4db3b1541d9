/**
 * On an .xlsx workbook: a deleted 이력 or 오류 is made again by the next sync and the fact
 * logged; after Tony reordered the columns of 이력, new lines land under the right headers.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initFile } from "../../src/node/files";
import { cliStreams } from "./cliStreams";
import { xlsxRecords } from "./xlsxRecords";

async function demoFile(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "peach-tabs-")), "주문.xlsx");
  await initFile(file, true, new Date("2026-07-13T10:30:00+09:00"));
  return file;
}

async function changeBook(file: string, change: (book: ExcelJS.Workbook) => void): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  change(book);
  await book.xlsx.writeFile(file);
}

describe("tabs by name, columns by header (local workbook)", () => {
  it("a deleted 이력 and 오류 are made again by sync, and 이력 says so", async () => {
    const file = await demoFile();
    await changeBook(file, (book) => {
      for (const name of ["이력", "오류"]) book.removeWorksheet(book.getWorksheet(name)!.id);
    });
    expect((await cliStreams("sync", file, "--now", "2026-07-13T11:00:00+09:00")).code).toBe(0);
    const events = await xlsxRecords(file, "이력");
    expect(events.filter((e) => e["사건"] === "탭 다시 만듦").map((e) => e["이후"])).toEqual(
      expect.arrayContaining(["이력", "오류"]),
    );
    const problems = await xlsxRecords(file, "오류");
    expect(problems.length).toBeGreaterThan(0); // the demo's open problems are listed again
  });

  it("after 이력's columns were reordered, new lines land under the right headers", async () => {
    const file = await demoFile();
    await changeBook(file, (book) => {
      const sheet = book.getWorksheet("이력")!;
      const width = sheet.columnCount;
      sheet.eachRow((row) => {
        const values = Array.from({ length: width }, (_, c) => row.getCell(c + 1).value);
        values.reverse().forEach((v, c) => (row.getCell(c + 1).value = v));
      });
    });
    const before = (await xlsxRecords(file, "이력")).length;
    const folder = join(file, "..");
    const csv = join(folder, "new.csv");
    writeFileSync(
      csv,
      "주문자,주문자 연락처,받는분,받는분 연락처,주소,품목,상자수\n새손님,010-2222-3333,새손님,010-2222-3333,서울특별시 강남구 테헤란로 2,백도 4.5kg,1\n",
    );
    expect((await cliStreams("import", csv, "--into", file, "--now", "2026-07-13T11:00:00+09:00")).code).toBe(
      0,
    );
    const added = (await xlsxRecords(file, "이력")).slice(before);
    expect(added.some((e) => e["사건"] === "접수")).toBe(true);
    for (const e of added) {
      expect(e["시각"]).toBeInstanceOf(Date);
      expect(["토니", "투투", "스크립트", "고객"]).toContain(e["누가"]);
    }
  });
});
