/**
 * The orders and bank lines the payment tests share: two orders of 홍길동 for the same amount,
 * one each of 김철수 and 이영희 (and 박민수 where a test needs an order nobody pays), and
 * 카카오뱅크's lines as copied from the opened export, matching test/fixtures/bank/kakaobank.xlsx.
 */
export type OrderInput = Record<string, string | number>;

const order = (code: string, name: string, phone: string, item: string, boxes: number): OrderInput => ({
  주문번호: code,
  주문자: name,
  "주문자 연락처": phone,
  받는분: name,
  "받는분 연락처": phone,
  우편번호: "06236",
  주소: "서울 강남구 테헤란로 1",
  품목: item,
  상자수: boxes,
});

export const PAYMENT_ORDERS: readonly OrderInput[] = [
  order("660-551", "홍길동", "010-1111-2222", "백도 4.5kg", 1),
  order("660-552", "홍길동", "010-1111-2222", "백도 4.5kg", 1),
  order("123-456", "김철수", "010-3333-4444", "천도 3kg", 2),
  order("777-001", "이영희", "010-5555-6666", "천도 3kg", 1),
];
export const UNPAID_ORDER = order("888-002", "박민수", "010-7777-8888", "천도 3kg", 1);

/** Rows for a tab whose header is `header`, by header name. */
export const rowsFor = (header: readonly string[], orders: readonly OrderInput[]) =>
  orders.map((o) => header.map((h) => o[h] ?? ""));

export const BANK_HEADER = "거래일시\t구분\t거래금액\t거래 후 잔액\t거래구분\t내용\t메모";
export const BANK_LINES = [
  "2026.07.12 09:14:03\t입금\t40,000\t1,240,000\t일반이체\t홍길동0551\t",
  "2026.07.12 10:02:41\t출금\t-12,000\t1,228,000\t체크카드\t하나로마트\t",
  "2026.07.12 11:30:00\t입금\t55,000\t1,283,000\t일반이체\t김 철수\t복숭아",
  "2026.07.12 12:45:10\t입금\t20,000\t1,303,000\t일반이체\t이영희5678\t",
  "2026.07.13 08:00:00\t입금\t40,000\t1,343,000\t일반이체\t모르는사람\t",
];
export const PASTED = [BANK_HEADER, ...BANK_LINES].join("\n");
