/** The .xlsx host: real files written and read back, Tony's own work kept, atomic saves. */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";

const dir = () => mkdtempSync(join(tmpdir(), "peach-"));
const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  await result.server?.close();
  return { code: result.code, text: out.join("\n") };
};

async function sheetValues(path: string, name: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet(name)!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("xlsx workbook", () => {
  it("init makes every tab; a second sync changes nothing", async () => {
    const file = join(dir(), "orders.xlsx");
    expect((await run("init", file, "--demo")).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "주문",
      "오늘 출하",
      "출하 일정",
      "설정",
      "이력",
      "오류",
      "조회",
    ]);
    expect(book.getWorksheet("주문")!.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    // The status page's read model is in the file too, hidden from Tony's tab bar.
    expect(book.worksheets.filter((s) => s.state === "hidden").map((s) => s.name)).toEqual(["조회"]);
    await run("sync", file, "--now", "2026-07-13T10:30:00+09:00");
    const once = readFileSync(file);
    const before = JSON.stringify(await sheetValues(file, "주문"));
    await run("sync", file, "--now", "2026-07-13T10:30:00+09:00");
    expect(JSON.stringify(await sheetValues(file, "주문"))).toBe(before);
    expect(once.length).toBeGreaterThan(10_000);
    expect((await run("init", file)).code).toBe(2); // never overwrites
  });

  it("keeps Tony's extra tab, column, styles and widths", async () => {
    const file = join(dir(), "tony.xlsx");
    await run("init", file, "--now", "2026-07-11T09:00:00+09:00"); // the season follows the clock
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const notes = book.addWorksheet("토니 메모장");
    notes.getCell("A1").value = "7월 택배 단가 확인";
    const orders = book.getWorksheet("주문")!;
    const extra = orders.columnCount + 1;
    orders.getCell(1, extra).value = "토니 표시";
    orders.getCell(2, extra).value = "단골";
    orders.getCell(1, 1).font = { bold: true, color: { argb: "FFFF0000" } };
    orders.getColumn(extra).width = 33;
    const input: Record<string, unknown> = {
      주문자: "김민수",
      "주문자 연락처": "01011112222",
      받는분: "김민수",
      "받는분 연락처": "010-1111-2222",
      주소: "서울특별시 강남구 테헤란로 1",
      품목: "백도 4.5kg",
      상자수: 3,
      입금상태: "O",
    };
    const headers = (orders.getRow(1).values as unknown[]).slice(1).map(String);
    headers.forEach((h, i) => {
      if (h in input) orders.getCell(2, i + 1).value = input[h] as ExcelJS.CellValue;
    });
    await book.xlsx.writeFile(file);

    await run("sync", file, "--now", "2026-07-11T09:00:00+09:00");
    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(file);
    expect(after.getWorksheet("토니 메모장")!.getCell("A1").value).toBe("7월 택배 단가 확인");
    const sheet = after.getWorksheet("주문")!;
    expect(sheet.getCell(2, extra).value).toBe("단골");
    expect(sheet.getColumn(extra).width).toBe(33);
    expect(sheet.getCell(1, 1).font?.color?.argb).toBe("FFFF0000");
    const row = Object.fromEntries(headers.map((h, i) => [h, sheet.getCell(2, i + 1).value]));
    expect(row["주문자 연락처"]).toBe("010-1111-2222");
    expect(row["합계"]).toBe(115000);
    expect(row["입금상태"]).toBe("입금완료");
    // Dates are Seoul wall-clock times in the file: 7월 13일, not the UTC day before.
    expect((row["출하예정일"] as Date).toISOString()).toBe("2026-07-13T00:00:00.000Z");
  });

  it("refuses a workbook open in Excel, leaving it untouched and no temporary file behind", async () => {
    const folder = dir();
    const file = join(folder, "orders.xlsx");
    await run("init", file);
    const before = readFileSync(file);
    writeFileSync(join(folder, "~$orders.xlsx"), "owner");
    const result = await run("sync", file);
    expect(result.code).toBe(2);
    expect(result.text).toMatch(/다른 프로그램\(엑셀 등\)에서 열려 있습니다/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("answers a missing or broken file with exit 2 and one line", async () => {
    const folder = dir();
    expect(await run("sync", join(folder, "nope.xlsx"))).toEqual({
      code: 2,
      text: expect.stringMatching(/^파일이 없습니다/),
    });
    writeFileSync(join(folder, "broken.xlsx"), "not a zip");
    expect((await run("sync", join(folder, "broken.xlsx"))).text).toMatch(
      /엑셀 통합 문서\(\.xlsx\)가 아닙니다/,
    );
    expect((await run("sync", join(folder, "x.xlsx"), "--now", "어제")).code).toBe(2);
    expect(existsSync(join(folder, "x.xlsx"))).toBe(false);
  });

  it("sync --json is one object with shipments, days and problems", async () => {
    const file = join(dir(), "demo.xlsx");
    await run("init", file, "--demo");
    const { text } = await run("sync", file, "--json", "--now", "2026-07-13T10:30:00+09:00");
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(["shipments", "days", "problems"]);
    expect(Object.keys(json.shipments[0]).sort()).toEqual([
      "boxes",
      "goods",
      "item",
      "orderCode",
      "parcel",
      "payment",
      "recipient",
      "rowId",
      "shipDate",
      "shippingFee",
      "status",
      "statusLabel",
      "total",
    ]);
    for (const s of json.shipments) {
      expect(s.shipDate === null || /^\d{4}-\d{2}-\d{2}$/.test(s.shipDate)).toBe(true);
      expect(["paid", "unpaid"]).toContain(s.payment);
    }
    for (const d of json.days) {
      expect(d.assigned).toBeLessThanOrEqual(d.capacity);
      expect(typeof d.items).toBe("object");
    }
    expect(json.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      "boxes",
      "item",
      "postalCode",
      "recipientPhone",
    ]);
  });
});
