/**
 * The customer's answer to a late shipment on Apps Script (a public customer function). Kept in
 * script properties first, one property per card, so concurrent answers never overwrite each
 * other; written into 주문 at once when the script lock is free within a few seconds, else by
 * the next reconcile (which reads every property anyway: no extra call).
 */
import {
  answerDelay as answerDelayIn,
  answerKey,
  applyPendingAnswers,
  type AnswerStore,
  type PendingAnswer,
} from "../app/delayAnswers";
import type { LookupResult } from "../app/lookups";
import type { Host } from "../app/port";
import { release, scriptLock } from "./host";
import { webHost } from "./orderPage";
import { propertyJournal } from "./pending";

const PENDING_PREFIX = "peach:pending-answer:";
/** A customer waits this long for a running pass; then the answer waits for the next one. */
const ANSWER_LOCK_WAIT_MS = 5_000;

/** One script property per card; `stored`: the reconcile's one read of them. */
export const answersInProperties = (stored?: Record<string, string>): AnswerStore =>
  propertyJournal<PendingAnswer>(PENDING_PREFIX, answerKey, stored);

export function answerDelay(request: unknown): LookupResult {
  try {
    const host = webHost();
    return answerDelayIn(host, request, answersInProperties(), (apply) => {
      const lock = scriptLock();
      if (!lock || !lock.tryLock(ANSWER_LOCK_WAIT_MS)) return;
      try {
        apply(host);
      } finally {
        release(lock);
      }
      // Tony's edits noted meanwhile: left to the next holder (see orderPage.ts's desk).
    });
  } catch (error) {
    console.error(error);
    return { ok: false, error: "지금은 답을 받을 수 없습니다. 잠시 후 다시 시도해 주세요" };
  }
}

/** The reconcile's step (under its lock): answers left pending go into 주문. */
export function applyPendingDelayAnswers(host: Host, stored: Record<string, string>): void {
  try {
    applyPendingAnswers(host, answersInProperties(stored));
  } catch (error) {
    console.error("applyPendingDelayAnswers", error); // they stay pending; the reconcile goes on
  }
}
