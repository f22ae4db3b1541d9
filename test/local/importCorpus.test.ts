/**
 * The hostile import corpus (issue 15): for every input file, the data rows counted here,
 * independently of the import, equal the rows the import kept plus the rows it reported
 * (already there, duplicate, blank, refused), the rows added to 주문 are the ones it says it
 * kept, and every refused row is named with its line.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { xlsxRecords } from "./xlsxRecords";

const NOW = ["--now", "2026-07-06T09:00:00+09:00"];
const FIXTURES = join(__dirname, "..", "fixtures");
const HEADER = ["주문자", "연락처", "받는분", "받는분 연락처", "우편번호", "주소", "상자수", "메모"];

const row = (i: number, changes: Partial<Record<string, string>> = {}): string[] => {
  const base: Record<string, string> = {
    주문자: `손님${i}`,
    연락처: `010-4${String(100 + i).padStart(3, "0")}-${String(1000 + i)}`,
    받는분: `받는이${i}`,
    "받는분 연락처": `010-5${String(100 + i).padStart(3, "0")}-${String(2000 + i)}`,
    우편번호: "04524",
    주소: `서울특별시 중구 세종대로 ${i + 1}`,
    상자수: String(1 + (i % 3)),
    메모: "",
    ...changes,
  };
  return HEADER.map((h) => base[h]!);
};

/** A CSV cell as Excel writes it: quoted when it holds the delimiter, a quote or a line break. */
const csvLine = (cells: string[], d = ",") =>
  cells.map((c) => (c.includes(d) || /["\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(d);

const cp949 = (text: string): Buffer => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const iconv = require("iconv-lite") as { encode(t: string, e: string): Buffer };
  return iconv.encode(text, "cp949");
};

interface Input {
  name: string;
  bytes: () => Buffer | Promise<Buffer>;
  /** Data rows below the header, counted here without the code under test. */
  rows: () => number | Promise<number>;
}

/** A generated text file of `rows` data rows (lines joined by `end`). */
const textFile = (
  name: string,
  lines: string[][],
  options: { d?: string; end?: string; encode?: (t: string) => Buffer } = {},
): Input => {
  const d = options.d ?? ",";
  const text = [csvLine(HEADER, d), ...lines.map((l) => csvLine(l, d))].join(options.end ?? "\n") + "\n";
  return {
    name,
    bytes: () => (options.encode ?? ((t) => Buffer.from(t)))(text),
    rows: () => lines.length,
  };
};

const ten = (changes: (i: number) => Partial<Record<string, string>> = () => ({})) =>
  Array.from({ length: 10 }, (_, i) => row(i, changes(i)));

/**
 * Rows of an .xlsx's first sheet below row 1, up to the last row holding a value, read from the
 * sheet's XML itself (ExcelJS cannot load a file openpyxl wrote).
 */
async function xlsxDataRows(bytes: Buffer): Promise<number> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  let last = 0;
  for (const m of xml.matchAll(/<row [^>]*?r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g))
    if (/<v>[^<]|<t[^>]*>[^<]/.test(m[2]!)) last = Math.max(last, Number(m[1]));
  return last - 1;
}

const CORPUS: Input[] = [
  textFile("utf8-bom-crlf.csv", ten(), {
    end: "\r\n",
    encode: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
  }),
  textFile("cp949.csv", ten(), { encode: cp949 }),
  textFile("utf16le-tabs.csv", ten(), {
    d: "\t",
    encode: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]),
  }),
  textFile("semicolons.csv", ten(), { d: ";" }),
  textFile("bars.csv", ten(), { d: "|" }),
  {
    name: "mixed-line-ends.csv",
    bytes: () =>
      Buffer.from(
        [csvLine(HEADER), ...ten().map((l) => csvLine(l))]
          .map((l, i) => l + ["\r\n", "\n", "\r"][i % 3])
          .join(""),
      ),
    rows: () => 10,
  },
  textFile(
    "quoted-line-breaks.csv",
    ten((i) => ({ 메모: i % 2 ? `문 앞에\n"조심히"\r\n두세요, ${i}` : "" })),
  ),
  textFile("blank-lines.csv", [...ten().slice(0, 4), HEADER.map(() => ""), ...ten().slice(4)]),
  {
    name: "ragged.csv",
    bytes: () =>
      Buffer.from(
        [
          csvLine(HEADER),
          ...ten().map((l, i) => csvLine(i % 3 === 0 ? l.slice(0, 6) : i % 3 === 1 ? [...l, "넘친 칸"] : l)),
        ].join("\n"),
      ),
    rows: () => 10,
  },
  {
    name: "duplicate-headers.csv",
    bytes: () =>
      Buffer.from(
        [[...HEADER, "메모"].join(","), ...ten().map((l) => [...l, "둘째 메모"].join(","))].join("\n"),
      ),
    rows: () => 10,
  },
  textFile(
    "too-long-cell.csv",
    ten((i) => (i === 3 ? { 메모: "가".repeat(40_000) } : {})),
  ),
  textFile(
    "hostile-names.csv",
    ten((i) => ({
      주문자: [
        "=cmd|' /C calc'!A0",
        "+1",
        "-1",
        "@SUM(A1)",
        "\u200b\u200b",
        "김\u202e토니",
        "TRUE",
        "#N/A",
        "45123",
        "\t=1",
      ][i]!,
    })),
  ),
  textFile("repeated-lines.csv", [...ten().slice(0, 5), row(1), row(2), ...ten().slice(5)]),
  textFile("nfd-headers.csv", ten(), { encode: (t) => Buffer.from(t.normalize("NFD")) }),
  {
    name: "typed-cells.xlsx",
    bytes: async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet("주문");
      sheet.addRow(HEADER);
      ten().forEach((l, i) => {
        if (i === 5) sheet.addRow([]); // a blank row in the middle
        // What Excel makes of typed digits and dates: numbers, a lost leading zero, a Date.
        sheet.addRow([
          l[0],
          1041001000 + i,
          l[2],
          `010-5${100 + i}-${2000 + i}`,
          4524,
          l[5],
          i % 2 ? `${i}상자` : i + 1,
          new Date(Date.UTC(2026, 6, 1 + i)),
        ]);
      });
      return Buffer.from(await book.xlsx.writeBuffer());
    },
    rows: () => 11,
  },
  {
    name: "tony-orders-cp949.csv",
    bytes: () => readFileSync(join(FIXTURES, "tony-orders-cp949.csv")),
    rows: () => {
      const text = new TextDecoder("euc-kr").decode(readFileSync(join(FIXTURES, "tony-orders-cp949.csv")));
      return (parse(text, { relax_column_count: true }) as string[][]).length - 1;
    },
  },
  {
    name: "tony-orders-libreoffice.xlsx",
    bytes: () => readFileSync(join(FIXTURES, "tony-orders-libreoffice.xlsx")),
    rows: () => xlsxDataRows(readFileSync(join(FIXTURES, "tony-orders-libreoffice.xlsx"))),
  },
  {
    name: "source-openpyxl.xlsx",
    bytes: () => readFileSync(join(FIXTURES, "source-openpyxl.xlsx")),
    rows: () => xlsxDataRows(readFileSync(join(FIXTURES, "source-openpyxl.xlsx"))),
  },
];

let base: string;

beforeAll(async () => {
  base = join(mkdtempSync(join(tmpdir(), "peach-corpus-")), "orders.xlsx");
  expect((await main(["init", base, ...NOW], () => undefined)).code).toBe(0);
});

describe("import: the hostile corpus, every file accounted for", () => {
  it.each(CORPUS.map((input) => [input.name, input] as const))(
    "%s: data rows in = rows kept + rows reported, and 주문 gains exactly the rows kept",
    async (_, input) => {
      const folder = mkdtempSync(join(tmpdir(), "peach-corpus-"));
      const into = join(folder, "orders.xlsx");
      copyFileSync(base, into);
      const source = join(folder, input.name);
      writeFileSync(source, await input.bytes());
      const out: string[] = [];
      const result = await main(["import", source, "--into", into, ...NOW], (l) => out.push(l));
      const text = out.join("\n");
      expect({ code: result.code, text }).toMatchObject({ code: 0 });
      const m =
        /원본 (\d+)줄 = 가져온 줄 (\d+) · 이미 있던 줄 (\d+) · 같은 주문이 이미 있어 건너뛴 줄 (\d+) · 빈 줄 (\d+) · 가져오지 못한 줄 (\d+)/.exec(
          text,
        );
      expect(m).not.toBeNull();
      const [total, kept, already, duplicates, blank, refused] = m!.slice(1).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      expect(total).toBe(await input.rows());
      expect(kept + already + duplicates + blank + refused).toBe(total);
      expect(await xlsxRecords(into, "주문")).toHaveLength(kept);
      expect(text.match(/번째 줄을 가져오지 않았습니다/g) ?? []).toHaveLength(refused);
    },
  );

  it("the corpus holds what the issue names: reported rows of every kind, not only clean files", async () => {
    const expectations: Record<string, RegExp> = {
      "too-long-cell.csv": /엑셀 한 칸 한도\(32,767자\)를 넘어 앞부분만 가져왔습니다/,
      "blank-lines.csv": /빈 줄 1/,
      // Two identical lines in one file are two orders (a deliberate repeat); rows already in
      // 주문 are what is skipped, below.
      "repeated-lines.csv": /가져온 줄 12/,
      "ragged.csv": /머리글보다 칸이 많은 줄 3개/,
    };
    for (const [name, pattern] of Object.entries(expectations)) {
      const folder = mkdtempSync(join(tmpdir(), "peach-corpus-"));
      const into = join(folder, "orders.xlsx");
      copyFileSync(base, into);
      const source = join(folder, name);
      writeFileSync(source, await CORPUS.find((c) => c.name === name)!.bytes());
      const out: string[] = [];
      await main(["import", source, "--into", into, ...NOW], (l) => out.push(l));
      expect(out.join("\n")).toMatch(pattern);
    }
    // The same file twice, and a file of the same orders typed another way: nothing doubles.
    const folder = mkdtempSync(join(tmpdir(), "peach-corpus-"));
    const into = join(folder, "orders.xlsx");
    copyFileSync(base, into);
    const once = join(folder, "once.csv");
    writeFileSync(once, await CORPUS[0]!.bytes());
    const retyped = join(folder, "retyped.csv");
    writeFileSync(retyped, await CORPUS.find((c) => c.name === "semicolons.csv")!.bytes());
    const report = async (source: string) => {
      const out: string[] = [];
      await main(["import", source, "--into", into, ...NOW], (l) => out.push(l));
      return out.join("\n");
    };
    expect(await report(once)).toMatch(/원본 10줄 = 가져온 줄 10 /);
    expect(await report(once)).toMatch(/원본 10줄 = 가져온 줄 0 · 이미 있던 줄 10 /);
    expect(await report(retyped)).toMatch(
      /원본 10줄 = 가져온 줄 0 · 이미 있던 줄 \d+ · 같은 주문이 이미 있어 건너뛴 줄 \d+/,
    );
    expect(await xlsxRecords(into, "주문")).toHaveLength(10);
  });
});
