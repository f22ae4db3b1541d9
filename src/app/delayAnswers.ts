/**
 * The customer's answer to a late shipment (기다릴게요 / 취소할게요), from the public status page.
 * Who answers is checked exactly as a lookup checks who looks (order number + last four digits,
 * or the link's token, with the same lock-outs), and only a card the server itself offered the
 * buttons on can be answered: the rows answered are the server's, never the page's.
 *
 * An answer is kept first (script properties on Sheets, a file beside the workbook here), then
 * written under the lock into 주문's 지연 응답 and 이력 (actor 고객): at once when the lock is
 * free, else by the next pass. The page shows the answer at once either way.
 */
import {
  answerDetail,
  answeredText,
  delayAnswerLabel,
  isAnswerable,
  refundOf,
  parseDelayAnswer,
  type DelayAnswer,
} from "../domain/delayAnswer";
import { EVENT } from "../domain/events";
import { parseRecorded, rowFingerprint } from "../domain/season/state";
import { headerOf, tab } from "../templates";
import { Journal } from "./journal";
import { lookupOrder, lookupOrderByToken, type LookupResult } from "./lookups";
import { isPaid, statusOf } from "./orderCells";
import type { Host } from "./port";
import { loadSmallTabs } from "./smallTabs";
import { Table } from "./table";
import { cacheValue, VIEW_TTL_SECONDS, viewKey } from "./viewCache";
import { refreshCachedViews } from "./views";

export interface PendingAnswer {
  code: string;
  /** The answered card's rows, as the server's stored view lists them. */
  rowIds: string[];
  answer: DelayAnswer;
  /** Epoch milliseconds: when the customer answered (이력's time). */
  at: number;
}

export interface AnswerStore {
  list(): PendingAnswer[];
  /** Replaces an earlier answer of the same card (the customer changed their mind). */
  add(answer: PendingAnswer): void;
  remove(keys: readonly string[]): void;
}

/** Whether a stored value has the shape this code writes (a store may hold anything). */
function isPendingAnswer(value: unknown): value is PendingAnswer {
  const a = value as Partial<PendingAnswer> | null;
  return (
    !!a &&
    typeof a === "object" &&
    typeof a.code === "string" &&
    Array.isArray(a.rowIds) &&
    a.rowIds.length > 0 &&
    a.rowIds.every((id) => typeof id === "string") &&
    parseDelayAnswer(a.answer) !== null &&
    typeof a.at === "number" &&
    Number.isFinite(a.at)
  );
}

/** One pending answer per card: a later answer to it replaces the earlier. */
export const answerKey = (a: Pick<PendingAnswer, "code" | "rowIds">): string =>
  `${a.code}.${a.rowIds[0] ?? ""}`;

export const BAD_ANSWER = "답을 다시 골라 주세요";
export const NOT_ASKED = "이 배송은 지금 답을 받지 않습니다. 화면을 새로 고쳐 주세요";

/** How many cards an order may show; an index past it is refused unread. */
const MAX_CARDS = 200;

/**
 * The answer from the page: `{orderCode, last4, card, answer}` or `{token, card, answer}`.
 * Hostile input gets a Korean refusal and changes nothing; a wrong code or digits count as a
 * failed lookup (the same lock-out).
 */
export function answerDelay(
  host: Host,
  request: unknown,
  store: AnswerStore,
  writeNow?: (apply: (host: Host) => void) => void,
): LookupResult {
  if (!request || typeof request !== "object" || Array.isArray(request))
    return { ok: false, error: BAD_ANSWER };
  const fields = request as Record<string, unknown>;
  const answer = parseDelayAnswer(fields.answer);
  const card = fields.card;
  if (!answer || typeof card !== "number" || !Number.isInteger(card) || card < 0 || card >= MAX_CARDS)
    return { ok: false, error: BAD_ANSWER };
  const found =
    typeof fields.token === "string" && fields.token !== ""
      ? lookupOrderByToken(host, fields.token)
      : lookupOrder(host, fields.orderCode, fields.last4);
  if (!found.ok) return found;
  const order = found.order;
  const shown = order.view.recipients[card];
  const rowIds = order.cards?.[card];
  if (!shown?.ask || !rowIds || rowIds.length === 0) return { ok: false, error: NOT_ASKED };
  store.add({ code: order.view.orderCode, rowIds: [...rowIds], answer, at: host.now().getTime() });
  const answered = {
    ...order,
    view: {
      ...order.view,
      recipients: order.view.recipients.map((c, i) =>
        i === card ? { ...c, ask: false, answer: answeredText(answer) } : c,
      ),
    },
  };
  // The page shows the answer at once; writing it in (now or at the next pass) renders it again.
  const value = cacheValue(answered);
  if (value) host.cache.put(viewKey(answered.view.orderCode), value, VIEW_TTL_SECONDS);
  try {
    writeNow?.((h) => applyPendingAnswers(h, store));
  } catch (error) {
    console.error(error); // it stays pending: the next pass writes it
  }
  return { ok: true, view: answered.view };
}

/**
 * The pending answers into 주문 and 이력 (under the caller's lock), then the views of their
 * orders. An answer to a card that has since left (harvested, cancelled) or whose rows are gone
 * is dropped: there is nothing left to answer. Returns how many were written.
 */
export function applyPendingAnswers(host: Host, store: AnswerStore): number {
  const stored = store.list();
  if (stored.length === 0) return 0;
  // What is not an answer this code wrote (a property typed by hand, an old shape) is passed
  // over, so it can never stop the pass that runs after this step.
  const list = stored.filter(isPendingAnswer);
  if (list.length === 0) return 0;
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) return 0;
  // An older sheet without the column keeps its answers until setup adds it (one header read,
  // not the whole tab under the lock).
  if (!sheet.readRow(tab("orders").headerRow).map(String).includes(headerOf("orders", "delayAnswer")))
    return 0;
  const orders = Table.read(tab("orders"), sheet);
  if (!orders.has("delayAnswer")) return 0;
  const rowOfId = new Map<string, number>();
  for (let r = 0; r < orders.rowCount; r++) rowOfId.set(orders.text(r, "rowId"), r);
  const journal = new Journal();
  const touched = new Set<string>();
  for (const pending of [...list].sort((a, b) => a.at - b.at)) {
    const rows = pending.rowIds
      .map((id) => rowOfId.get(id))
      .filter((r): r is number => r !== undefined && orders.text(r, "orderCode") === pending.code);
    const open = rows.filter((r) => isAnswerable(statusOf(orders, r), orders.get(r, "delayAnswer")));
    if (open.length === 0) continue;
    const refund = refundOf(
      isPaid(orders, open[0]!),
      open.map((r) => orders.get(r, "total")),
    );
    for (const r of open) {
      // Keep the row known to the reconcile only when nothing else changed it since the pass.
      const recorded = parseRecorded(orders.text(r, "recorded"));
      const untouched = !!recorded?.h && recorded.h === rowFingerprint(orders, r);
      const before = orders.text(r, "delayAnswer");
      orders.set(r, "delayAnswer", delayAnswerLabel(pending.answer));
      if (untouched && recorded) {
        recorded.h = rowFingerprint(orders, r);
        orders.set(r, "recorded", JSON.stringify(recorded));
      }
      journal.log({
        actor: "customer",
        orderCode: pending.code,
        rowId: orders.text(r, "rowId"),
        event: EVENT.delayAnswer,
        from: before,
        to: delayAnswerLabel(pending.answer),
        detail: answerDetail(pending.answer, refund),
        at: new Date(pending.at),
      });
    }
    touched.add(pending.code);
  }
  orders.flush(sheet);
  const events = [...journal.events];
  journal.flush(host.workbook, host.now());
  store.remove(list.map(answerKey));
  if (touched.size > 0) {
    const settings = loadSmallTabs(host, false).settings;
    if (settings.ok) refreshCachedViews(host, orders, settings.value, touched, events, host.now());
  }
  return touched.size;
}
