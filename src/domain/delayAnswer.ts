/**
 * A shipment late against the first date the customer was told: past 설정 `지연 안내 기준(일)` its
 * card on the status page asks 기다릴게요 / 취소할게요. The answer is the customer's word, kept in
 * 주문's 지연 응답 and 이력; a cancel request is Tony's to confirm (he sets 진행상태 to 취소),
 * never a cancellation by itself.
 */
import { LISTS } from "../templates";
import { daysBetween, koreanDate, type SeoulDate } from "./clock";
import { formatWon } from "./pricing";
import type { Status } from "./schemas";
import { isInProgress } from "./status";

export const DELAY_ANSWERS = ["wait", "cancel"] as const;
export type DelayAnswer = (typeof DELAY_ANSWERS)[number];

/** The word 주문's 지연 응답 holds (the button's own text). */
export const delayAnswerLabel = (answer: DelayAnswer): string =>
  LISTS.delayAnswer[DELAY_ANSWERS.indexOf(answer)] as string;

/** The answer a 지연 응답 cell holds, or null (blank, or words Tony typed over it). */
export function delayAnswerOf(cell: unknown): DelayAnswer | null {
  const index = LISTS.delayAnswer.indexOf(String(cell ?? "").trim());
  return index >= 0 ? DELAY_ANSWERS[index]! : null;
}

/** An answer as a hostile page may send it: only the two exact words count. */
export const parseDelayAnswer = (value: unknown): DelayAnswer | null =>
  value === "wait" || value === "cancel" ? value : null;

export interface Lateness {
  /** Days past the first date (null: the date was taken back and the shipment waits). */
  days: number | null;
  /** What the card says: `처음 안내한 7월 20일보다 5일 늦어졌습니다`. */
  text: string;
  /** Past 지연 안내 기준: the customer may answer. */
  ask: boolean;
}

/**
 * How late a shipment is. `first`: the first ship date the customer was given (the history's);
 * null when it never had one or has not left that date. Only a shipment still waiting to be
 * harvested is late in this sense: once Tutu has picked it, or it was cancelled, there is nothing
 * to answer.
 */
export function latenessOf(
  first: SeoulDate | undefined,
  status: Status | undefined,
  shipDate: SeoulDate | null,
  noticeDays: number,
): Lateness | null {
  if (!first) return null;
  if (status === "waitlisted")
    return {
      days: null,
      text: `처음 안내한 ${koreanDate(first)}에 보내지 못해 출하일을 다시 정하는 중입니다`,
      ask: true,
    };
  if (status !== "scheduled" || !shipDate) return null;
  const days = daysBetween(first, shipDate);
  if (days <= 0) return null;
  return {
    days,
    text: `처음 안내한 ${koreanDate(first)}보다 ${days}일 늦어졌습니다`,
    ask: days > noticeDays,
  };
}

/**
 * Whether an answer may be written on a row: it has not been cancelled or picked yet, and its
 * 지연 응답 holds nothing or one of the two answers (words Tony typed there are his, kept).
 */
export function isAnswerable(status: Status | undefined, cell: unknown): boolean {
  if (status === undefined || status === "cancelled" || isInProgress(status)) return false;
  return String(cell ?? "").trim() === "" || delayAnswerOf(cell) !== null;
}

/** What a cancelled shipment pays back: its rows' totals once the order is paid, else nothing. */
export const refundOf = (paid: boolean, totals: readonly unknown[]): number =>
  paid ? totals.reduce<number>((sum, t) => sum + (Number(t) || 0), 0) : 0;

/** What the card says once answered. */
export function answeredText(answer: DelayAnswer): string {
  return answer === "wait"
    ? "기다리겠다고 답해 주셨습니다. 감사합니다"
    : "취소를 요청하셨습니다. 판매자가 확인한 뒤 취소하고 환불해 드립니다";
}

/** 이력's 내용 for an answer: what Tony needs (the amount to refund on a cancel request). */
export function answerDetail(answer: DelayAnswer, refund: number): string {
  return answer === "wait"
    ? "출하 지연: 기다리겠다고 답함"
    : `출하 지연: 취소 요청 (환불할 금액 ${formatWon(refund)})`;
}
