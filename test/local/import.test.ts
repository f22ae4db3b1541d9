/**
 * Importing Tony's files made by other programs: a CP949 CSV (Korean Excel's "CSV") and an .xlsx
 * written by LibreOffice. No row is lost, and importing again adds nothing.
 */
import { xlsxRecords } from "./xlsxRecords";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { parseCsv, parsePasted, toCsv } from "../../src/app/csv";
import { decodeText } from "../../src/local/sourceFile";

const FIXTURES = join(__dirname, "..", "fixtures");
const CP949 = join(FIXTURES, "tony-orders-cp949.csv");
const LIBREOFFICE = join(FIXTURES, "tony-orders-libreoffice.xlsx");
const NOW = ["--now", "2026-07-06T09:00:00+09:00"];

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

describe("reading other programs' files", () => {
  it("decodes CP949 and UTF-8 with or without BOM", () => {
    const korean = "이름,연락처\r\n김민수,010\r\n";
    const cp949 = readFileSync(CP949);
    expect(decodeText(cp949).startsWith("날짜,성함,핸드폰")).toBe(true);
    expect(decodeText(Buffer.from(korean, "utf8"))).toBe(korean);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(korean)]))).toBe(korean);
  });

  it("reads text pasted from a spreadsheet (tabs) and writes CSV Korean Excel opens", () => {
    expect(parsePasted("받는분\t전화\n김민수\t010-1\n")).toEqual({
      ok: true,
      rows: [
        ["받는분", "전화"],
        ["김민수", "010-1"],
      ],
      lines: [1, 2],
    });
    expect(parsePasted("a,b\n1,2")).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["1", "2"],
      ],
      lines: [1, 2],
    });
    expect(
      toCsv([
        ["이름", 'a "b", c'],
        ["김", 3],
      ]),
    ).toBe('\uFEFF이름,"a ""b"", c"\r\n김,3\r\n');
  });

  it("parses quoted CSV fields with commas, quotes and line breaks", () => {
    expect(parseCsv('a,"b, c","d ""e""","f\nG"\r\n1,2,3,4')).toEqual({
      ok: true,
      rows: [
        ["a", "b, c", 'd "e"', "f\nG"],
        ["1", "2", "3", "4"],
      ],
      lines: [1, 3],
    });
  });
});

describe("import", () => {
  it("brings every row of a CP949 CSV, matching Tony's headers, flagging bad rows with their text", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-")), "orders.xlsx");
    const { code, text } = await run("import", CP949, "--into", file, ...NOW);
    expect(code).toBe(0);
    expect(text).toContain("성함 → 주문자");
    expect(text).toContain("받는사람 → 받는분");
    expect(text).toContain("연락처 → 받는분 연락처");
    expect(text).toContain("상자 → 상자수");
    expect(text).toContain("입금여부 → 입금상태");
    expect(text).toContain("품목 열이 없어");
    const rows = await xlsxRecords(file, "주문");
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r["받는분"])).toEqual([
      "김민수",
      "박영희",
      "이수진",
      "최정호",
      "남궁은주",
      "김민수",
    ]);
    // One orderer, one day: one order. The same orderer the next day: another.
    expect(rows[0]!["주문번호"]).toBe(rows[1]!["주문번호"]);
    expect(rows[5]!["주문번호"]).not.toBe(rows[0]!["주문번호"]);
    expect(rows.map((r) => r["입금상태"])).toEqual([
      "입금완료",
      "입금완료",
      "미입금",
      "입금완료",
      "입금완료",
      "미입금",
    ]);
    expect(rows[3]!["상자수"]).toBe("세 상자"); // kept as typed
    expect(String(rows[3]!["확인 필요"])).toMatch(/상자수/);
    expect(String(rows[4]!["확인 필요"])).toMatch(/받는분 연락처/);
    expect(rows[1]!["받는분 연락처"]).toBe("010-3333-4444");
  });

  it("brings an .xlsx written by LibreOffice, restoring what it turned into numbers and dates", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-")), "orders.xlsx");
    const { code } = await run("import", LIBREOFFICE, "--into", file, ...NOW);
    expect(code).toBe(0);
    const rows = await xlsxRecords(file, "주문");
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r["우편번호"])).toEqual([35204, 30103, 63122, "123-456"]);
    expect(rows.map((r) => r["품목"])).toEqual(["황도 4.5kg", "백도 4.5kg", "천도 3kg", "백도 4.5kg"]);
    expect(rows[0]!["주문번호"]).toBe(rows[1]!["주문번호"]);
    expect(String(rows[3]!["확인 필요"])).toMatch(/옛 6자리/);
    expect(rows[0]!["합계"]).toBe(2 * 38000 + 5000);
  });

  it("adds nothing twice when the same file is imported again, and keeps unknown columns", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-")), "orders.xlsx");
    await run("import", CP949, "--into", file, ...NOW);
    await run("import", LIBREOFFICE, "--into", file, ...NOW);
    const again = await run("import", CP949, "--into", file, ...NOW);
    expect(again.text).toContain("가져온 줄 0 · 이미 있던 줄 6");
    expect(await xlsxRecords(file, "주문")).toHaveLength(10);
    // A file with a column nobody knows keeps it as an extra column.
    const odd = join(mkdtempSync(join(tmpdir(), "peach-")), "odd.csv");
    writeFileSync(
      odd,
      "이름,연락처,주소,수량,포장 요청\n김하나,01012340000,서울특별시 중구 세종대로 1,2,선물 포장\n",
    );
    const result = await run("import", odd, "--into", file, ...NOW);
    expect(result.text).toContain("포장 요청 → 새 열 '포장 요청'");
    expect((await xlsxRecords(file, "주문")).at(-1)!["포장 요청"]).toBe("선물 포장");
  });

  it("says so when a file has no header it knows", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-"));
    const odd = join(folder, "odd.csv");
    writeFileSync(odd, "가,나,다\n1,2,3\n");
    const result = await run("import", odd, "--into", join(folder, "o.xlsx"), ...NOW);
    expect(result).toEqual({ code: 2, text: expect.stringMatching(/머리글 줄을 찾지 못했습니다/) });
  });
});

describe("progress on long work", () => {
  it("reports a growing bar for an import over 1,000 rows, and nothing for a short one", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-"));
    const big = join(folder, "big.csv");
    const lines = ["이름,연락처,주소,수량,입금"];
    for (let i = 0; i < 1500; i++)
      lines.push(`고객${i},010${String(20000000 + i)},서울특별시 중구 세종대로 ${i + 1},2,O`);
    writeFileSync(big, lines.join("\n"));
    const steps: number[] = [];
    const out: string[] = [];
    const result = await main(["import", big, "--into", join(folder, "o.xlsx"), ...NOW], {
      out: (l) => out.push(l),
      progress: (fraction) => steps.push(fraction),
    });
    expect(result.code).toBe(0);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(1);
    expect(out.join("\n")).toContain("가져온 줄 1500");
    expect(out.join("\n")).not.toMatch(/█|%/); // the bar goes to the terminal, never into the output

    const quiet: number[] = [];
    await main(["sync", join(folder, "o.xlsx"), ...NOW], {
      out: () => undefined,
      progress: (f) => quiet.push(f),
    });
    expect(quiet.length).toBeGreaterThan(0); // 1,500 rows: long work
    const small: number[] = [];
    await main(["import", CP949, "--into", join(folder, "s.xlsx"), ...NOW], {
      out: () => undefined,
      progress: (f) => small.push(f),
    });
    expect(small).toEqual([]);
  }, 60_000);
});
