// Writes a large order list for measuring `import` and `sync` (BENCHMARKS.md, "Local import and
// sync of many rows"): deterministic (seeded), two recipients per orderer, three rows in four
// paid, ordered over June. CSV by default; `.xlsx` writes a workbook (ExcelJS's streaming writer).
// Run: node scripts/make-import-source.mjs 100000 orders-100k.csv
import ExcelJS from "exceljs";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { seeded } from "./seeded.mjs";

const [count = "10000", out = `orders-${count}.csv`] = process.argv.slice(2);
const rows = Number(count);
if (!Number.isInteger(rows) || rows < 1) {
  console.error("usage: node scripts/make-import-source.mjs ROWS [OUT.csv|OUT.xlsx]");
  process.exit(2);
}

const { rand, pick, int } = seeded(20260601);

const family = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권"];
const given = [
  "민수",
  "영희",
  "지훈",
  "수진",
  "현우",
  "서연",
  "도윤",
  "하은",
  "준호",
  "지민",
  "예린",
  "태현",
];
const cities = [
  "서울특별시 강남구 테헤란로",
  "부산광역시 해운대구 우동",
  "경기도 수원시 팔달구 인계로",
  "대구광역시 수성구 범어로",
  "경상북도 청도군 화양읍 청화로",
  "인천광역시 연수구 송도과학로",
];
const phone = () => `010-${int(1000, 9999)}-${int(1000, 9999)}`;

const HEADER = [
  "주문자",
  "주문자 연락처",
  "받는분",
  "받는분 연락처",
  "주소",
  "품목",
  "상자수",
  "입금상태",
  "접수일시",
];

/** Row i of the list: orderers come in pairs of rows (two recipients each). */
function* orderRows() {
  let orderer;
  for (let i = 0; i < rows; i++) {
    if (i % 2 === 0) orderer = [pick(family) + pick(given), phone()];
    const day = String(1 + (Math.floor(i / 2) % 30)).padStart(2, "0");
    yield [
      orderer[0],
      orderer[1],
      pick(family) + pick(given),
      phone(),
      `${pick(cities)} ${int(1, 999)}-${int(1, 99)}`,
      pick(["황도 4.5kg", "백도 4.5kg"]),
      int(1, 3),
      rand() < 0.75 ? "입금완료" : "미입금",
      `2026-06-${day} ${String(int(8, 21)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}`,
    ];
  }
}

const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

if (out.toLowerCase().endsWith(".xlsx")) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: false });
  const sheet = book.addWorksheet("주문목록");
  sheet.addRow(HEADER).commit();
  for (const row of orderRows()) sheet.addRow(row).commit();
  sheet.commit();
  await book.commit();
} else {
  const file = createWriteStream(out);
  file.write(`${HEADER.join(",")}\n`);
  for (const row of orderRows()) {
    if (!file.write(`${row.map(csvCell).join(",")}\n`)) await once(file, "drain");
  }
  file.end();
  await once(file, "finish");
}
console.error(`${rows} rows → ${out}`);
