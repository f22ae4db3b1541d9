/**
 * Every bank layout the issue names, from fixtures made by hand to the documented headers
 * (scripts/make-bank-fixtures.mjs), read the way the CLI reads them.
 */
import { join } from "node:path";
import { readBankExport } from "../../src/app/bankImport";
import { parsePasted } from "../../src/app/csv";
import { seoulDateTimeOf } from "../../src/domain/clock";
import { readBankSource } from "../../src/local/sourceFile";
import { readFileSync } from "node:fs";

const BANK = join(__dirname, "..", "fixtures", "bank");
const PASSWORD = "880712";
const brief = (exp: Awaited<ReturnType<typeof readBankSource>>) =>
  exp.lines.map((l) => `${seoulDateTimeOf(l.at)} ${l.amount} ${l.name}${l.memo ? ` (${l.memo})` : ""}`);

describe("bank exports", () => {
  it("카카오뱅크 .xlsx: header on row 11 below notices, column A empty, withdrawals negative, names with digits", async () => {
    const exp = await readBankSource(join(BANK, "kakaobank.xlsx"));
    expect(exp.bank).toBe("카카오뱅크");
    expect(exp.headerRow).toBe(11);
    expect(brief(exp)).toEqual([
      "2026-07-12 09:14 40000 홍길동0551",
      "2026-07-12 10:02 -12000 하나로마트",
      "2026-07-12 11:30 55000 김 철수 (복숭아)",
      "2026-07-12 12:45 20000 이영희5678",
      "2026-07-13 08:00 40000 모르는사람",
    ]);
    expect(exp.lines[0]!.balance).toBe(1240000);
    expect(exp.lines[0]!.at.toISOString()).toBe("2026-07-12T00:14:03.000Z");
  });

  it("a protected 카카오뱅크 .xlsx opens with the password, and says so without it or with a wrong one", async () => {
    const file = join(BANK, "kakaobank-protected.xlsx");
    const exp = await readBankSource(file, PASSWORD);
    expect(brief(exp)).toEqual(brief(await readBankSource(join(BANK, "kakaobank.xlsx"))));
    await expect(readBankSource(file)).rejects.toThrow(/암호가 걸린 파일입니다/);
    const wrong = readBankSource(file, "000000");
    await expect(wrong).rejects.toThrow(/암호가 맞지 않아/);
    await expect(wrong).rejects.not.toThrow(/000000/);
  });

  it("토스뱅크 .xlsx: date cells, signed 거래 금액, the name in 적요", async () => {
    const exp = await readBankSource(join(BANK, "tossbank.xlsx"));
    expect(exp.bank).toBe("토스뱅크");
    expect(exp.headerRow).toBe(8);
    expect(brief(exp)).toEqual([
      "2026-07-12 09:14 40000 홍길동0551",
      "2026-07-12 10:02 -4500 GS25 역삼점",
      "2026-07-12 13:20 30000 박민수 (660552)",
    ]);
  });

  it("NH농협 with 거래일자 + 거래시간 and 출금금액/입금금액: the footer total is skipped, not lost", async () => {
    const exp = await readBankSource(join(BANK, "nh-date-time.xlsx"));
    expect(exp.bank).toBe("NH농협");
    expect(brief(exp)).toEqual([
      "2026-07-12 09:14 40000 홍길동0551",
      "2026-07-12 15:40 -50000 한전전기요금",
      "2026-07-12 16:02 55000 김철수 (복숭아 2상자)",
    ]);
    expect(exp.skipped.map((s) => s.text)).toEqual(["합계 50000 95000"]);
  });

  it("NH농협 CSV with 거래일시 and (원) headers, in CP949 and in UTF-8 alike", async () => {
    const cp949 = await readBankSource(join(BANK, "nh-cp949.csv"));
    expect(readFileSync(join(BANK, "nh-cp949.csv")).includes(Buffer.from("거래일시"))).toBe(false);
    expect(cp949.bank).toBe("NH농협");
    expect(cp949.headerRow).toBe(4);
    expect(brief(cp949)).toEqual(brief(await readBankSource(join(BANK, "nh-utf8.csv"))));
    expect(brief(cp949)).toEqual([
      "2026-07-12 09:14 40000 홍길동0551",
      "2026-07-12 15:40 -50000 한전전기요금",
      "2026-07-12 16:02 55000 김철수 (복숭아 2상자)",
    ]);
  });

  it("카카오페이 거래내역 CSV (UTF-8 with BOM)", async () => {
    const exp = await readBankSource(join(BANK, "kakaopay.csv"));
    expect(exp.bank).toBe("카카오페이");
    expect(brief(exp)).toEqual([
      "2026-07-12 09:14 40000 홍길동0551",
      "2026-07-12 09:50 -8900 카카오T 택시",
      "2026-07-12 11:30 55000 김철수",
    ]);
  });

  it("any other table with a date, 입금/출금 and a name", async () => {
    const exp = await readBankSource(join(BANK, "other.csv"));
    expect(exp.bank).toBe("");
    expect(brief(exp)).toEqual(["2026-07-12 09:14 40000 홍길동0551", "2026-07-12 10:00 -12000 수수료"]);
  });

  it("text pasted from the bank's app or the opened file (tab-separated), 구분 saying 출금", () => {
    const pasted = [
      "거래일시\t구분\t거래금액\t거래 후 잔액\t거래구분\t내용\t메모",
      "2026.07.12 09:14:03\t입금\t40,000\t1,240,000\t일반이체\t홍길동0551\t",
      "2026.07.12 10:02:41\t출금\t12,000\t1,223,000\t체크카드\t하나로마트\t",
    ].join("\n");
    const parsed = parsePasted(pasted);
    if (!parsed.ok) throw new Error(`pasted bank text unreadable at line ${parsed.line}`);
    const exp = readBankExport(parsed.rows, parsed.lines)!;
    expect(exp.bank).toBe("카카오뱅크");
    expect(exp.lines.map((l) => [l.amount, l.name])).toEqual([
      [40000, "홍길동0551"],
      [-12000, "하나로마트"],
    ]);
  });

  it("refuses a file with no transaction header, in Korean", async () => {
    await expect(readBankSource(join(__dirname, "..", "fixtures", "tony-orders-cp949.csv"))).rejects.toThrow(
      /거래내역의 머리글/,
    );
  });
});
