// Writes sheets-templates/demo-season.json: a deterministic demo season (seeded, so re-running
// gives the same file). Run: node scripts/make-demo-season.mjs
import { writeFileSync } from "node:fs";
import { seeded } from "./seeded.mjs";

const { rand, pick, int } = seeded(20260713);

const family = [
  "김",
  "이",
  "박",
  "최",
  "정",
  "강",
  "조",
  "윤",
  "장",
  "임",
  "한",
  "오",
  "서",
  "신",
  "권",
  "황",
  "안",
  "송",
  "남궁",
  "제갈",
];
const given = [
  "민수",
  "영희",
  "지훈",
  "서연",
  "현우",
  "지민",
  "수빈",
  "도윤",
  "하은",
  "예준",
  "미경",
  "정호",
  "은주",
  "상철",
  "순자",
  "영수",
];
const places = [
  ["06236", "서울특별시 강남구 테헤란로 {n}"],
  ["04524", "서울특별시 중구 세종대로 {n}"],
  ["13494", "경기도 성남시 분당구 판교역로 {n}"],
  ["16488", "경기도 수원시 팔달구 효원로 {n}"],
  ["48058", "부산광역시 해운대구 센텀중앙로 {n}"],
  ["41585", "대구광역시 북구 대학로 {n}"],
  ["61452", "광주광역시 동구 금남로 {n}"],
  ["35204", "대전광역시 서구 둔산로 {n}"],
  ["30103", "세종특별자치시 한누리대로 {n}"],
  ["38370", "경상북도 청도군 청도읍 청화로 {n}"],
  ["63122", "제주특별자치도 제주시 중앙로 {n}"],
];
const items = ["백도 4.5kg", "백도 4.5kg", "황도 4.5kg", "천도 3kg"];
const phone = () => `010-${int(1000, 9999)}-${int(1000, 9999)}`;
const name = () => pick(family) + pick(given);
const pad = (n) => String(n).padStart(2, "0");

const rows = [];
let code = 101;
for (let i = 0; i < 64; i++) {
  const day = 1 + Math.floor((i / 64) * 12); // orders of 2026-07-01 .. 07-12
  const orderedAt = `2026-07-${pad(day)}T${pad(int(8, 22))}:${pad(int(0, 59))}:00+09:00`;
  const ordererName = name();
  const ordererPhone = phone();
  const paid = rand() < 0.8;
  const paidAt = paid
    ? `2026-07-${pad(Math.min(12, day + int(0, 1)))}T${pad(int(9, 23))}:${pad(int(0, 59))}:00+09:00`
    : "";
  const recipients = rand() < 0.25 ? int(2, 3) : 1;
  for (let r = 0; r < recipients; r++) {
    const self = r === 0 && rand() < 0.5;
    const [postalCode, address] = pick(places);
    rows.push({
      orderCode: `${String(code).padStart(3, "0")}-${String(int(100, 999))}`,
      orderedAt,
      ordererName,
      ordererPhone,
      recipientName: self ? ordererName : name(),
      recipientPhone: self ? ordererPhone : phone(),
      postalCode,
      address: address.replace("{n}", String(int(1, 300))),
      item: pick(items),
      boxes: pick([1, 1, 2, 2, 2, 3, 3, 4, 5, 6]),
      payment: paid ? "입금완료" : "미입금",
      paidAt,
      memo: "",
    });
  }
  code += int(1, 7);
}
// Each order's rows share the first row's code.
for (let i = 1; i < rows.length; i++) {
  if (rows[i].ordererPhone === rows[i - 1].ordererPhone) rows[i].orderCode = rows[i - 1].orderCode;
}
// A few deliberately bad rows, as Tony's file really has them.
const bad = [
  { boxes: "세 상자", memo: "상자수를 글로 적음" },
  { recipientPhone: "010-123-456", memo: "전화번호 자릿수 모자람" },
  { postalCode: "123-456", memo: "옛 6자리 우편번호" },
  { item: "사과 5kg", memo: "설정에 없는 품목" },
];
bad.forEach((change, k) => Object.assign(rows[10 + k * 13], change));
// Two orderers call back to add 황도 for the same person: 백도 ripens in July, 황도 in August, so
// each place gets two parcels and two fees (one paid, one still to pay: the quote says so).
for (const code of ["101-107", "115-188"]) {
  const first = rows.find((r) => r.orderCode === code);
  rows.push({ ...first, item: "황도 4.5kg", boxes: 2 });
}

// The demo shop is open: an obviously fake account, phone and address (values, not the
// template's examples, so every page and message uses them), and the order page takes orders.
const shop = [
  { label: "입금 안내", value: "농협 000-0000-0000-00 (예금주 토니, 데모용 가짜 계좌)" },
  { label: "판매자 연락처", value: "010-0000-0713" },
  { label: "보내는 주소", value: "경상북도 청도군 청도읍 복숭아길 7" },
  { label: "온라인 주문 받기", value: "예" },
];

// The orchard's 설정: the three items ripen in turn, 천도 from few trees (a daily limit, and a
// short window that its paid orders overfill: two wait), and the first shipping morning's rain
// puts 천도 back by 3 days (src/local/demo.ts plays it).
const window = "이 품목을 출하할 수 있는 날 (월-일~월-일: 예상 첫 수확일~마지막 수확일)";
const settings = [
  ...shop,
  { label: "수확 기간: 백도 4.5kg", value: "07-13~08-08", description: window },
  { label: "수확 기간: 천도 3kg", value: "07-27~08-04", description: window },
  { label: "수확 기간: 황도 4.5kg", value: "08-17~09-10", description: window },
  {
    label: "하루 최대: 천도 3kg",
    value: 6,
    description: "이 품목을 하루에 보낼 수 있는 상자수 (천도 나무가 적어서)",
  },
];
const delay = { item: "천도 3kg", days: 3, reason: "장마" };

const orders = new Set(rows.map((r) => r.orderCode)).size;
writeFileSync(
  new URL("../sheets-templates/demo-season.json", import.meta.url),
  JSON.stringify(
    { description: "데모 시즌: 2026년 7월 1일~12일에 들어온 주문", orders, settings, delay, rows },
    null,
    1,
  ) + "\n",
);
console.log(`demo season: ${orders} orders, ${rows.length} rows`);
