/**
 * Issue 23's bank lines, shared by both hosts (test/local/money23.test.ts writes them as CSV
 * files, test/gas/money23.test.ts pastes them as tab-separated text): the deposits of
 * paymentOrders.ts in 카카오뱅크's layout and again in NH농협's (date and time apart, no seconds,
 * no balance, columns and lines in another order), a 입금취소, and an unpaid web order with a
 * deposit made before its deadline and one after.
 */
import type { OrderInput } from "./paymentOrders";

type Table = (string | number)[][];
const csv = (rows: Table) => rows.map((r) => r.join(",")).join("\n");
export const csv23 = csv;
export const tsv = (rows: Table) => rows.map((r) => r.join("\t")).join("\n");

const KAKAO_HEADER = ["거래일시", "구분", "거래금액", "거래 후 잔액", "거래구분", "내용", "메모"];

/** Lines 2–4: 홍길동0551 pays 660-551, 김 철수 pays 123-456, 이영희 pays 20,000 of 777-001's 30,000. */
export const KAKAO_ROWS: Table = [
  KAKAO_HEADER,
  ["2026.07.12 09:14:03", "입금", 40000, 1240000, "일반이체", "홍길동0551", ""],
  ["2026.07.12 11:30:27", "입금", 55000, 1295000, "일반이체", "김 철수", "복숭아"],
  ["2026.07.12 12:45:10", "입금", 20000, 1315000, "일반이체", "이영희5678", ""],
];
/** The same three deposits as NH농협 shows them; line 2 is 이영희's partial payment. */
export const NH_ROWS: Table = [
  ["거래일자", "거래시간", "기재내용", "출금금액", "입금금액", "비고"],
  ["2026-07-12", "12:45", "이영희5678", 0, 20000, ""],
  ["2026-07-12", "11:30", "김철수", 0, 55000, ""],
  ["2026-07-12", "09:14", "홍길동 0551", 0, 40000, ""],
];
/** The bank takes 홍길동's deposit back the next morning. */
export const REVERSAL_ROWS: Table = [
  KAKAO_HEADER,
  ["2026.07.13 10:30:00", "입금취소", -40000, 1275000, "일반이체", "홍길동0551", ""],
];

export const KAKAO_LAYOUT = csv(KAKAO_ROWS);
export const NH_LAYOUT = csv(NH_ROWS);
export const REVERSAL_LAYOUT = csv(REVERSAL_ROWS);

/** Placed on the order page 2026-07-10 10:00 (웹 주문 입금 기한 3일: due by 07-13 10:00). */
export const WEB_ORDER: OrderInput = {
  주문번호: "901-234",
  주문자: "웹손님",
  "주문자 연락처": "010-9012-3456",
  받는분: "웹손님",
  "받는분 연락처": "010-9012-3456",
  우편번호: "06236",
  주소: "서울 강남구 테헤란로 9",
  품목: "백도 4.5kg",
  상자수: 1,
  "주문 경로": "웹",
};
const webDeposit = (at: string): Table => [
  KAKAO_HEADER,
  [at, "입금", 40000, 2000000, "일반이체", "웹손님1234", ""],
];
/** Made on day two, inside the deadline. */
export const timelyDeposit = (format = csv) => format(webDeposit("2026.07.12 09:30:00"));
/** Made after the deadline. */
export const lateDeposit = (format = csv) => format(webDeposit("2026.07.13 15:00:00"));

/** One line of an order, written twice in the tests of issue 23 · 5 (both hosts, and the story). */
export const TWICE_LINE: OrderInput = {
  주문자: "두번씨",
  "주문자 연락처": "010-4444-5555",
  받는분: "두번씨",
  "받는분 연락처": "010-4444-5555",
  우편번호: "06236",
  주소: "서울특별시 강남구 테헤란로 5",
  품목: "백도 4.5kg",
  상자수: 2,
};
