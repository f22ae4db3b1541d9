/**
 * Import rules of issue 15: nothing in Tony's file is lost or silently changed. Every data line
 * of the source is accounted for (imported or reported), and every column is said truthfully.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { xlsxRecords } from "./xlsxRecords";

const NOW = ["--now", "2026-07-06T09:00:00+09:00"];
const HEADER = "주문자,연락처,받는분,받는분 연락처,주소,상자수";
const line = (i: number, extra = "") =>
  `주문자${i},0101234${String(1000 + i)},받는이${i},0109876${String(1000 + i)},서울특별시 중구 세종대로 ${i + 1},2${extra}`;

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

function files() {
  const folder = mkdtempSync(join(tmpdir(), "peach-import-"));
  return {
    into: join(folder, "orders.xlsx"),
    csv(name: string, content: string | Buffer) {
      const path = join(folder, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** "원본 N줄 = 가져온 줄 a · 이미 있던 줄 b · … " → the numbers, checked to add up. */
function accounted(text: string): { total: number; added: number; parts: number[] } {
  const m = /원본 (\d+)줄 = (.*)/.exec(text);
  if (!m) throw new Error(`no account line in:\n${text}`);
  const parts = [...m[2]!.matchAll(/(\d+)/g)].map((x) => Number(x[1]));
  return { total: Number(m[1]), added: parts[0]!, parts };
}

describe("import: CSV structure", () => {
  it("an unterminated quote names its line and imports nothing", async () => {
    const f = files();
    const lines = [HEADER];
    for (let i = 0; i < 20; i++) lines.push(i === 4 ? line(i).replace("받는이4", '"받는이4') : line(i));
    const result = await run("import", f.csv("broken.csv", lines.join("\n")), "--into", f.into, ...NOW);
    expect(result.code).toBe(2);
    expect(result.text).toMatch(/6번째 줄에서 CSV 형식이 깨졌습니다: 따옴표가 닫히지 않았습니다/);
    expect(result.text).toMatch(/아무 줄도 가져오지 않았습니다/);
    expect(result.text).not.toMatch(/at .*\.ts/); // no stack trace
  });

  it("data lines in = rows imported + rows reported, for blank, too-long, already-there and duplicate lines", async () => {
    const f = files();
    const first = f.csv("a.csv", [HEADER, line(1), line(2)].join("\n"));
    await run("import", first, "--into", f.into, ...NOW);
    const long = "가".repeat(40_000);
    const source = f.csv(
      "b.csv",
      [
        HEADER,
        line(1), // the same line again: already there
        ",,,,,",
        line(3),
        line(4).replace("세종대로 5", long),
        line(5),
        line(2).replace("01012341002", "010-1234-1002"), // the same order, typed differently
      ].join("\r\n"),
    );
    const { code, text } = await run("import", source, "--into", f.into, ...NOW);
    expect(code).toBe(0);
    const account = accounted(text);
    expect(account.total).toBe(6);
    expect(account.parts.reduce((a, b) => a + b, 0)).toBe(account.total);
    expect(account.added).toBe(3); // lines 3, 4 and 5
    expect(text).toMatch(/이미 있던 줄 1 · 같은 주문이 이미 있어 건너뛴 줄 1 · 빈 줄 1 · 가져오지 못한 줄 0/);
    // Issue 23: a cell over Excel's limit is cut and the order kept (확인 필요), not refused.
    expect(text).toMatch(
      /5번째 줄 주소 칸이 40,009자로 엑셀 한 칸 한도\(32,767자\)를 넘어 앞부분만 가져왔습니다/,
    );
    expect(await xlsxRecords(f.into, "주문")).toHaveLength(5);
  });
});

describe("import: columns the sheet uses come in with their values", () => {
  it("courier, tracking number, status (journaled in 이력), ship date and row id are kept; recomputed columns are kept beside", async () => {
    const f = files();
    const source = f.csv(
      "old.csv",
      [
        "주문번호,주문자,연락처,받는분,받는분 연락처,주소,상자수,입금상태,진행상태,출하예정일,택배사,송장번호,합계,확인 필요,행ID",
        "A-17,김토니,010-1111-2222,박받음,010-3333-4444,서울특별시 중구 세종대로 1,2,입금완료,발송,2026-07-01,CJ대한통운,123456789012,81000,메모 있음,rimported0001",
        "1024,이주문,010-5555-6666,최받음,010-7777-8888,부산광역시 해운대구 해운대로 2,1,미입금,보류중,,,,,,",
      ].join("\n"),
    );
    const { code, text } = await run("import", source, "--into", f.into, ...NOW);
    expect(code).toBe(0);
    expect(text).toContain("택배사 → 택배사");
    expect(text).toContain("송장번호 → 송장번호");
    expect(text).toContain("진행상태 → 진행상태");
    expect(text).toContain("합계 → 합계 (가져온 값) (이 열은 다시 계산하므로 원래 값을 옆 열에 둠)");
    expect(text).toContain("확인 필요 → 확인 필요 (가져온 값)");
    expect(text).toMatch(/진행상태로 읽을 수 없는 값 1개/);
    expect(text).toMatch(/원본의 주문번호 2개를 그대로 썼습니다/);
    const rows = await xlsxRecords(f.into, "주문");
    expect(rows[0]).toMatchObject({
      주문번호: "A-17",
      택배사: "CJ대한통운",
      송장번호: "123456789012",
      진행상태: "발송",
      행ID: "rimported0001",
      "합계 (가져온 값)": 81000, // a number, as Excel sums it (issue 23)
      "확인 필요 (가져온 값)": "메모 있음",
    });
    expect(rows[0]!["출하예정일"]).toBeInstanceOf(Date);
    expect(rows[1]).toMatchObject({ 주문번호: "1024", 진행상태: "접수", "진행상태 (가져온 값)": "보류중" });
    const events = await xlsxRecords(f.into, "이력");
    const shipped = events.filter((e) => e["행ID"] === "rimported0001" && e["사건"] === "상태");
    expect(shipped.map((e) => e["이후"])).toEqual(expect.arrayContaining(["수확", "포장", "발송"]));
  });

  it("a source order code already in the sheet is replaced and reported; an invalid one too", async () => {
    const f = files();
    const header = "주문번호,주문자,연락처,주소,상자수";
    await run(
      "import",
      f.csv("a.csv", `${header}\n777,가나,01011112222,서울특별시 중구 세종대로 1,1`),
      "--into",
      f.into,
      ...NOW,
    );
    const { text } = await run(
      "import",
      f.csv(
        "b.csv",
        `${header}\n777,다라,01033334444,서울특별시 중구 세종대로 2,1\n=1+1,마바,01055556666,서울특별시 중구 세종대로 3,1`,
      ),
      "--into",
      f.into,
      ...NOW,
    );
    expect(text).toMatch(/2번째 줄 주문번호 '777' → \d{3}-\d{3} \(이미 주문 탭에 있는 번호입니다\)/);
    expect(text).toMatch(/3번째 줄 주문번호 '=1\+1' → \d{3}-\d{3} \(주문번호로 쓸 수 없는 글자가 있습니다\)/);
    const codes = (await xlsxRecords(f.into, "주문")).map((r) => r["주문번호"]);
    expect(codes[0]).toBe("777");
    expect(new Set(codes).size).toBe(3);
  });

  it("two source columns with the same header are both kept, and cells past the header go to a column of their own", async () => {
    const f = files();
    const source = f.csv(
      "twice.csv",
      [
        "이름,연락처,주소,상자수,주소",
        "김하나,01012340000,서울특별시 중구 세종대로 1,2,101동 202호,넘친 칸",
      ].join("\n"),
    );
    const { text } = await run("import", source, "--into", f.into, ...NOW);
    expect(text).toContain("주소 → 새 열 '주소 (2)'");
    expect(text).toMatch(/머리글보다 칸이 많은 줄 1개 .*2번째 줄/);
    const row = (await xlsxRecords(f.into, "주문"))[0]!;
    expect(row["주소"]).toBe("서울특별시 중구 세종대로 1");
    expect(row["주소 (2)"]).toBe("101동 202호");
    expect(row["(머리글 없음 6번째 열)"]).toBe("넘친 칸");
  });

  it("rows without an orderer are never merged into one order", async () => {
    const f = files();
    const source = f.csv(
      "blank.csv",
      [
        "주문자,받는분,받는분 연락처,주소,상자수",
        ",김하나,01012340000,서울특별시 중구 세종대로 1,2",
        ",박두리,01012340001,서울특별시 중구 세종대로 2,1",
      ].join("\n"),
    );
    await run("import", source, "--into", f.into, ...NOW);
    const rows = await xlsxRecords(f.into, "주문");
    expect(rows[0]!["주문번호"]).not.toBe(rows[1]!["주문번호"]);
  });
});

describe("import: encodings and delimiters", () => {
  const content = `${HEADER}\n${line(1)}\n`;
  const utf16be = (text: string) => {
    const le = Buffer.from(text, "utf16le");
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le;
  };
  it.each([
    [
      "UTF-16 LE with BOM",
      () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, "utf16le")]),
      /UTF-16/,
    ],
    ["UTF-16 BE with BOM", () => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(content)]), /UTF-16/],
    ["UTF-16 LE without BOM", () => Buffer.from(content, "utf16le"), /UTF-16/],
    ["semicolon-delimited", () => Buffer.from(content.replace(/,/g, ";")), /세미콜론/],
    ["tab-delimited", () => Buffer.from(content.replace(/,/g, "\t")), /탭으로/],
    ["NFD headers", () => Buffer.from(content.normalize("NFD")), /NFD/],
    [
      "mixed UTF-8 and CP949 lines",
      () => Buffer.concat([Buffer.from(`${HEADER}\n`), new TextEncoderCp949().encode(`${line(1)}\n`)]),
      /섞인/,
    ],
  ])("reads a %s file and says what it found", async (_, bytes, note) => {
    const f = files();
    const { code, text } = await run("import", f.csv("x.csv", bytes()), "--into", f.into, ...NOW);
    expect(code).toBe(0);
    expect(text).toMatch(note);
    const rows = await xlsxRecords(f.into, "주문");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 주문자: "주문자1", 받는분: "받는이1" });
  });

  it("a file with no known header says what it read", async () => {
    const f = files();
    const { code, text } = await run("import", f.csv("x.csv", "가;나;다\n1;2;3\n"), "--into", f.into, ...NOW);
    expect(code).toBe(2);
    expect(text).toMatch(
      /머리글 줄을 찾지 못했습니다.*UTF-8 인코딩으로 읽은 첫 줄: "가;나;다" \(.*세미콜론 2개/,
    );
  });
});

describe("import: duplicates", () => {
  it("rows already in the sheet are skipped with a count; --allow-duplicates imports them", async () => {
    const f = files();
    await run("import", f.csv("a.csv", `${HEADER}\n${line(1)}\n${line(2)}`), "--into", f.into, ...NOW);
    // The same orders, typed again in another file (different column order): duplicates.
    const again = f.csv(
      "b.csv",
      "받는분,주문자,연락처,받는분 연락처,주소,상자수,메모\n받는이1,주문자1,01012341001,01098761001,서울특별시 중구 세종대로 2,2,다시\n",
    );
    const skipped = await run("import", again, "--into", f.into, ...NOW);
    expect(skipped.text).toMatch(/같은 주문이 이미 있어 건너뛴 줄 1/);
    expect(skipped.text).toMatch(/--allow-duplicates/);
    expect(await xlsxRecords(f.into, "주문")).toHaveLength(2);
    const allowed = await run("import", again, "--into", f.into, "--allow-duplicates", ...NOW);
    expect(accounted(allowed.text).added).toBe(1);
    expect(await xlsxRecords(f.into, "주문")).toHaveLength(3);
  });
});

/** CP949 bytes for Hangul and ASCII (Node has no CP949 encoder): via iconv-lite from exceljs' tree. */
class TextEncoderCp949 {
  encode(text: string): Buffer {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const iconv = require("iconv-lite") as { encode(t: string, e: string): Buffer };
    return iconv.encode(text, "cp949");
  }
}
