/**
 * The words of 이력 (append-only). Every change of a shipment is one line: status changes carry
 * status labels in from/to, so a shipment's status can be rebuilt from 이력 alone.
 */
import { seoulDateTimeOf, seoulInstant } from "./clock";

export const EVENT = {
  created: "접수",
  status: "상태",
  payment: "입금",
  /** A bank line applied to an order: to = the won it paid, detail = the line and its fingerprint. */
  bankDeposit: "은행 입금",
  /** A bank line taking back an applied deposit: to = the won taken back, detail = the line, the deposit's and its own fingerprint. */
  bankReversal: "입금 취소",
  /** An order cancelled for non-payment, restored because its deposit was made in time. */
  restored: "취소 되돌림",
  shipDate: "출하일",
  shipDateMoved: "출하일 변경",
  manualDate: "출하일 직접 지정",
  boxes: "상자수",
  tracking: "송장",
  phone: "전화번호 정리",
  boxesText: "상자수 정리",
  name: "이름 정리",
  /** A cell rewritten to what was meant: a leading 0 Excel ate, an item name written loosely. */
  repair: "자동 고침",
  messageSent: "메시지 보냄",
  /** A text the provider did not take (내용: smsDetail): counted, so a message is tried a few times only. */
  messageFailed: "문자 못 보냄",
  /** An unpaid web order cancelled after its payment deadline (설정: 웹 주문 입금 기한). */
  expired: "입금 기한 지남",
  /** The customer's answer to a late shipment (지연 응답): to = 기다릴게요 / 취소할게요. */
  delayAnswer: "지연 응답",
  /** A tab of the script's (이력, 오류, 오늘 출하) was deleted and made again. */
  tabRecreated: "탭 다시 만듦",
} as const;

/** A line of 이력 as the rules read it back (the app's LoggedEvent adds its 내용). */
export interface EventLine {
  /** Epoch milliseconds; 0 when the cell holds no date. */
  at: number;
  orderCode: string;
  rowId: string;
  event: string;
  from: string;
  to: string;
  /** 이력's 내용 (a moved date's why, told to the customer too). */
  detail?: string;
}

/**
 * In a 내용, the bank's time of the deposit that paid an order (a 입금 line of a bank import or
 * the payments paste, a 취소 되돌림): what the customer's timeline shows instead of the import's.
 */
export const bankTimeNote = (at: Date): string => `은행 시각 ${seoulDateTimeOf(at)}`;

/** The bank's time a 내용 names (bankTimeNote), or null. */
export function bankTimeIn(detail: string | undefined): Date | null {
  const m = /은행 시각 (\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})/.exec(detail ?? "");
  return m ? seoulInstant(m[1]!, (Number(m[2]) * 60 + Number(m[3])) * 60_000) : null;
}

/** The 내용 of the 접수 line of an order placed on the order page. */
export const WEB_ORDER_DETAIL = "웹 주문";

/** The kinds of KakaoTalk message, as 이력 names them when one is marked sent. */
export const MESSAGE_LABEL = {
  paymentRequest: "입금 요청",
  paymentConfirmed: "입금 확인",
  shipDateChanged: "출하일 변경 안내",
  shipped: "발송 안내",
  /** To a recipient who is not the orderer (설정 발송 안내 받는 분에게도); labelled by recipientNoticeLabel. */
  shippedRecipient: "발송 안내 (받는 분)",
  expired: "주문 취소 안내",
  /** For Tony, not the customer: a deposit was taken back by the bank. */
  depositReversed: "입금 취소 알림 (토니에게)",
  /** For Tony: a customer asked to cancel a late shipment; he confirms by setting 진행상태 to 취소. */
  cancelRequest: "취소 요청 알림 (토니에게)",
} as const;

/** The label of one recipient's shipping notice: it names them, as the messages page lists it. */
export const recipientNoticeLabel = (recipientName: string): string =>
  `${MESSAGE_LABEL.shipped} (받는 분 ${recipientName}님)`;

export const ACTOR_LABEL = {
  tony: "토니",
  tutu: "투투",
  script: "스크립트",
  customer: "고객",
  /** Messages sent by the SMS provider (issue 24). */
  sms: "문자",
} as const;
