// Makes the bank export fixtures in test/fixtures/bank/ by hand, to the headers each bank
// documents (titles and notices above the header, withdrawals as negatives or in their own
// column, depositor names with digits). Run once; the files are committed:
//   node scripts/make-bank-fixtures.mjs
import ExcelJS from "exceljs";
import officeCrypto from "officecrypto-tool";
import { Buffer } from "node:buffer";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const DIR = "test/fixtures/bank";
/** The protected fixture's password (a birth date, as 카카오뱅크 asks for). */
export const PASSWORD = "880712";
mkdirSync(DIR, { recursive: true });

// Excel has no time zone: a Date with these UTC fields is the Seoul wall clock shown.
const wall = (text) => new Date(`${text}Z`);

async function save(book, file, password) {
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  writeFileSync(`${DIR}/${file}`, password ? officeCrypto.encrypt(bytes, { password }) : bytes);
}

function kakaobank() {
  const book = new ExcelJS.Workbook();
  const s = book.addWorksheet("카카오뱅크 거래내역");
  s.getCell("B2").value = "카카오뱅크 거래내역";
  s.getCell("B4").value = "성명";
  s.getCell("C4").value = "토니";
  s.getCell("B5").value = "계좌번호";
  s.getCell("C5").value = "3333-01-1234567";
  s.getCell("B6").value = "조회기간";
  s.getCell("C6").value = "2026.07.10 ~ 2026.07.13";
  s.getCell("B8").value = "※ 본 거래내역은 참고용이며, 법적 효력이 없습니다.";
  s.getCell("B9").value = "※ 거래금액의 (-)는 출금을 뜻합니다.";
  const header = ["거래일시", "구분", "거래금액", "거래 후 잔액", "거래구분", "내용", "메모"];
  const rows = [
    ["2026.07.12 09:14:03", "입금", "40,000", "1,240,000", "일반이체", "홍길동0551", ""],
    ["2026.07.12 10:02:41", "출금", "-12,000", "1,228,000", "체크카드", "하나로마트", ""],
    ["2026.07.12 11:30:00", "입금", "55,000", "1,283,000", "일반이체", "김 철수", "복숭아"],
    ["2026.07.12 12:45:10", "입금", "20,000", "1,303,000", "일반이체", "이영희5678", ""],
    ["2026.07.13 08:00:00", "입금", "40,000", "1,343,000", "일반이체", "모르는사람", ""],
  ];
  s.getRow(11).values = [undefined, ...header];
  rows.forEach((r, i) => (s.getRow(12 + i).values = [undefined, ...r]));
  return book;
}

function tossbank() {
  const book = new ExcelJS.Workbook();
  const s = book.addWorksheet("거래내역");
  s.getCell("A1").value = "토스뱅크 거래내역서";
  s.getCell("A3").value = "예금주: 토니 / 계좌번호: 1000-1234-5678";
  s.getCell("A4").value = "조회 기간: 2026-07-10 ~ 2026-07-13";
  s.getCell("A6").value = "* 이 내역서는 고객님의 요청에 따라 발급되었습니다.";
  s.getRow(8).values = [
    "거래 일시",
    "적요",
    "거래 유형",
    "거래 기관",
    "계좌번호",
    "거래 금액",
    "거래 후 잔액",
    "메모",
  ];
  const rows = [
    [wall("2026-07-12T09:14:03"), "홍길동0551", "입금", "카카오뱅크", "3333-**-***4567", 40000, 1240000, ""],
    [wall("2026-07-12T10:02:41"), "GS25 역삼점", "체크카드결제", "", "", -4500, 1230500, ""],
    [wall("2026-07-12T13:20:00"), "박민수", "입금", "국민은행", "123-**-**45", 30000, 1260500, "660552"],
  ];
  rows.forEach((r, i) => {
    s.getRow(9 + i).values = r;
    s.getCell(9 + i, 1).numFmt = "yyyy-mm-dd hh:mm:ss";
  });
  return book;
}

function nhSplitDateTime() {
  const book = new ExcelJS.Workbook();
  const s = book.addWorksheet("Sheet1");
  s.getCell("A1").value = "거래내역조회";
  s.getCell("A2").value = "계좌번호 : 301-1234-5678-91  예금주 : 토니";
  s.getCell("A3").value = "조회기간 : 2026.07.10 ~ 2026.07.13";
  s.getRow(5).values = [
    "순번",
    "거래일자",
    "거래시간",
    "출금금액",
    "입금금액",
    "거래후잔액",
    "거래내용",
    "거래기록사항",
    "거래점",
    "이체메모",
  ];
  const rows = [
    [1, "2026/07/12", "09:14:03", 0, 40000, 540000, "타행이체", "홍길동0551", "카카오뱅크", ""],
    [2, "2026/07/12", "15:40:12", 50000, 0, 490000, "전자금융", "한전전기요금", "", ""],
    [3, "2026/07/12", "16:02:33", 0, 55000, 545000, "인터넷", "김철수", "농협", "복숭아 2상자"],
  ];
  rows.forEach((r, i) => (s.getRow(6 + i).values = r));
  s.getRow(10).values = ["합계", "", "", 50000, 95000];
  return book;
}

const nhCsv = [
  "농협 입출금 거래내역",
  "조회기간,2026.07.10~2026.07.13",
  "",
  "거래일시,출금금액(원),입금금액(원),거래후잔액(원),거래내용,거래기록사항,거래점,이체메모",
  '2026/07/12 09:14:03,0,"40,000","540,000",타행이체,홍길동0551,카카오뱅크,',
  '2026/07/12 15:40:12,"50,000",0,"490,000",전자금융,한전전기요금,,',
  '2026/07/12 16:02:33,0,"55,000","545,000",인터넷,김철수,농협,복숭아 2상자',
].join("\r\n");

const kakaopayCsv =
  "\uFEFF" +
  [
    "카카오페이 거래내역",
    "※ 조회 기간의 거래내역입니다.",
    "거래일시,거래구분,거래금액,계좌 정보 / 결제 정보",
    "2026-07-12 09:14:03,송금받기,40000,홍길동0551",
    "2026-07-12 09:50:00,결제,-8900,카카오T 택시",
    "2026-07-12 11:30:00,송금받기,55000,김철수",
  ].join("\n");

const otherCsv = [
  "날짜,보낸분,입금,출금,비고",
  "2026-07-12 09:14,홍길동0551,40000,,",
  "2026-07-12 10:00,,,12000,수수료",
].join("\n");

await save(kakaobank(), "kakaobank.xlsx");
await save(kakaobank(), "kakaobank-protected.xlsx", PASSWORD);
await save(tossbank(), "tossbank.xlsx");
await save(nhSplitDateTime(), "nh-date-time.xlsx");
writeFileSync(`${DIR}/nh-utf8.csv`, nhCsv);
writeFileSync(`${DIR}/nh-cp949.csv`, execFileSync("iconv", ["-f", "UTF-8", "-t", "CP949"], { input: nhCsv }));
writeFileSync(`${DIR}/kakaopay.csv`, kakaopayCsv);
writeFileSync(`${DIR}/other.csv`, otherCsv);
console.log(`bank fixtures written to ${DIR}`);
