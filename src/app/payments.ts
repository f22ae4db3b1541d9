/**
 * Payments from the bank's export, over the Workbook port: read 주문 and 이력 once, match with
 * the domain, and (when asked) write 입금상태 and 입금일시 in one batched write with one 이력 line
 * per bank line applied. The ordinary sync pass then does the rest (status, allocation, views).
 * What 주문 and 이력 say is read in paymentsRead.ts; the paste page's answers are paymentsPage.ts.
 */
import { seoulDateTimeOf } from "../domain/clock";
import {
  describeLine,
  dueOf,
  matchDeposits,
  matchReversal,
  shareDeposit,
  type AppliedDeposit,
  type DoubtReason,
  type IgnoreReason,
  type Verdict,
} from "../domain/deposits";
import { bankTimeNote, EVENT } from "../domain/events";
import { formatWon } from "../domain/pricing";
import type { Actor } from "../domain/schemas";
import { statusLabel } from "../domain/status";
import { type BankExport } from "./bankImport";
import { Journal } from "./journal";
import { PAYMENT_LABEL } from "./orderCells";
import type { Host } from "./port";
import { refreshCachedViews } from "./views";
import { sync } from "./sync";
import { candidate, openPayments, type OrderRows } from "./paymentsRead";

export interface PaymentCandidate {
  orderCode: string;
  ordererName: string;
  total: number;
  due: number;
}

export interface PaymentLine {
  line: number;
  /** `YYYY-MM-DD HH:mm`, Seoul. */
  at: string;
  amount: number;
  name: string;
  memo: string;
  /** `reversal`: a 입금취소 line that takes back the applied deposit named in reasonText. */
  kind: "matched" | "doubtful" | "ignored" | "reversal";
  reason?: DoubtReason | IgnoreReason | "reversalUnmatched";
  /** The reason in Korean, for the page and the CLI ("" for a matched line). */
  reasonText: string;
  /** The order a matched line pays (a reversal: the first order it takes the deposit back from). */
  orderCode?: string;
  /** A matched line that restores an order cancelled for non-payment (its deposit was in time). */
  restores?: true;
  candidates: PaymentCandidate[];
}

export interface PaymentPlan {
  bank: string;
  headerRow: number;
  lines: PaymentLine[];
  skipped: { line: number; text: string }[];
}

export interface AppliedPayment {
  line: number;
  orderCode: string;
  /** Won credited; negative for a reversal. */
  amount: number;
  /** The order was cancelled for non-payment and is restored by this deposit. */
  restored?: true;
  /** The order is fully paid now (otherwise a part of it is). */
  paid: boolean;
  due: number;
}

export interface PaymentReport {
  plan: PaymentPlan;
  applied: AppliedPayment[];
  /** Choices that could not be taken, with why (Korean). */
  refused: { line: number; error: string }[];
}

/** Tony's choice for a doubtful line: the 1-based source line and the order(s) it pays. */
export type PaymentChoices = ReadonlyMap<number, readonly string[]>;

/** Korean words for the reasons, in one place for the CLI and the page. */
export const REASON_TEXT: Record<DoubtReason | IgnoreReason | "reversalUnmatched", string> = {
  several: "같은 이름·금액의 주문이 여럿",
  partial: "금액이 모자람 (부분 입금)",
  over: "금액이 많음 (초과 입금)",
  coversSeveral: "한 번에 여러 주문을 입금한 것 같음",
  none: "맞는 주문이 없음",
  withdrawal: "출금",
  alreadyApplied: "이미 반영됨",
  reversal: "입금취소",
  reversalUnmatched: "입금취소: 되돌릴 입금을 찾지 못했습니다 (은행에 확인해 주세요)",
};

/** Why a choice for an ignored line is refused, as a sentence. */
const REFUSED_TEXT: Record<IgnoreReason, string> = {
  alreadyApplied: "이미 반영됨 (같은 입금은 두 번 반영하지 않습니다)",
  withdrawal: "출금이라 반영하지 않았습니다",
  reversal: "입금취소 줄은 주문을 고를 수 없습니다 (되돌릴 입금은 저절로 찾습니다)",
};

/** The deposits this export applies (its matched lines), as a reversal later in it may find them. */
const pendingDeposits = (verdicts: readonly Verdict[]): AppliedDeposit[] =>
  verdicts.flatMap((v) =>
    v.kind === "matched"
      ? [
          {
            fingerprint: v.fingerprint,
            at: v.line.at,
            amount: v.line.amount,
            name: v.line.name,
            shares: [{ code: v.orderCode, amount: v.line.amount }],
            reversed: false,
          },
        ]
      : [],
  );

function planOf(
  exp: BankExport,
  byCode: Map<string, OrderRows>,
  applied: ReadonlySet<string>,
  deposits: readonly AppliedDeposit[],
) {
  const verdicts = matchDeposits(
    exp.lines,
    [...byCode.values()].map((e) => e.order),
    applied,
  );
  const known = [...deposits.map((d) => ({ ...d })), ...pendingDeposits(verdicts)];
  const reversalOf = (v: Verdict): AppliedDeposit | null => {
    if (v.kind !== "ignored" || v.reason !== "reversal") return null;
    const d = matchReversal(v.line, known);
    if (d) d.reversed = true;
    return d;
  };
  const plan: PaymentPlan = {
    bank: exp.bank,
    headerRow: exp.headerRow,
    skipped: exp.skipped,
    lines: verdicts.map((v): PaymentLine => {
      const base = {
        line: v.line.line,
        at: seoulDateTimeOf(v.line.at),
        amount: v.line.amount,
        name: v.line.name,
        memo: v.line.memo,
      };
      const undoes = reversalOf(v);
      if (v.kind === "ignored" && v.reason === "reversal")
        return undoes
          ? {
              ...base,
              kind: "reversal",
              orderCode: undoes.shares[0]?.code ?? "",
              reasonText: `입금취소: ${seoulDateTimeOf(undoes.at)} ${undoes.name} ${formatWon(undoes.amount)} 입금을 되돌림 (${undoes.shares.map((s) => s.code).join(", ")} 미입금으로)`,
              candidates: undoes.shares.flatMap((s) => candidate(byCode.get(s.code))),
            }
          : {
              ...base,
              kind: "ignored",
              reason: "reversalUnmatched",
              reasonText: REASON_TEXT.reversalUnmatched,
              candidates: [],
            };
      if (v.kind === "matched")
        return {
          ...base,
          kind: "matched",
          orderCode: v.orderCode,
          ...(byCode.get(v.orderCode)?.order.payableUntil ? { restores: true as const } : {}),
          reasonText: byCode.get(v.orderCode)?.order.payableUntil
            ? "입금 기한 안의 입금: 취소한 주문을 되살림"
            : "",
          candidates: candidate(byCode.get(v.orderCode)),
        };
      return {
        ...base,
        kind: v.kind,
        reason: v.reason,
        reasonText: REASON_TEXT[v.reason],
        candidates: v.kind === "doubtful" ? v.candidates.flatMap((c) => candidate(byCode.get(c))) : [],
      };
    }),
  };
  return { plan, verdicts };
}

/** What an import would do: read only. */
export function planPayments(host: Host, exp: BankExport): PaymentPlan {
  const { byCode, applied, deposits } = openPayments(host);
  return planOf(exp, byCode, applied, deposits).plan;
}

/**
 * Applies the matched lines and Tony's choices for doubtful ones, under the caller's lock: one
 * batched write of 주문, one append to 이력, then the sync pass. A line already applied, a
 * withdrawal or an order already paid is refused, never applied twice.
 */
export function applyPayments(
  host: Host,
  exp: BankExport,
  choices: PaymentChoices,
  actor: Actor = "tony",
): PaymentReport {
  const { sheet, orders, byCode, applied, deposits } = openPayments(host);
  const { plan, verdicts } = planOf(exp, byCode, applied, deposits);
  const journal = new Journal();
  const done: AppliedPayment[] = [];
  const refused: { line: number; error: string }[] = [];
  const known = new Set(exp.lines.map((l) => l.line));
  for (const line of choices.keys())
    if (!known.has(line)) refused.push({ line, error: `${line}번째 줄은 거래내역에 없습니다` });
  const history = deposits.map((d) => ({ ...d }));
  /** Orders paid here, with the bank's time of the deposit that paid them: the pass logs it. */
  const bankTimes = new Map<string, Date>();

  const setPaid = (entry: OrderRows, at: Date | null) => {
    for (const r of entry.rows) {
      orders.set(r, "payment", at ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid);
      orders.set(r, "paidAt", at ?? "");
    }
  };

  // Matched lines, choices and reversals, earliest first, so an order's 입금일시 is the deposit
  // that completed it and a reversal finds the deposit it takes back.
  const work = verdicts
    .map((v) => ({
      v,
      codes: choices.get(v.line.line) ?? (v.kind === "matched" ? [v.orderCode] : []),
      reversal: v.kind === "ignored" && v.reason === "reversal",
    }))
    .filter((w) => w.codes.length > 0 || w.reversal)
    .sort((a, b) => a.v.line.at.getTime() - b.v.line.at.getTime());
  for (const { v, codes, reversal } of work) {
    const line = v.line.line;
    if (reversal && !choices.has(line)) {
      const undoes = matchReversal(v.line, history);
      if (!undoes) continue; // listed for Tony in the plan; nothing to take back
      undoes.reversed = true;
      for (const share of undoes.shares) {
        const entry = byCode.get(share.code);
        if (!entry) continue;
        entry.order.received -= share.amount;
        const wasPaid = entry.order.paid;
        if (wasPaid && dueOf(entry.order) > 0) {
          entry.order.paid = false;
          setPaid(entry, null);
        }
        journal.log({
          actor,
          orderCode: share.code,
          rowId: entry.firstRowId,
          event: EVENT.bankReversal,
          from: wasPaid ? PAYMENT_LABEL.paid : PAYMENT_LABEL.unpaid,
          to: String(share.amount),
          detail: describeLine(exp.bank, v.line, v.fingerprint, undoes.fingerprint),
        });
        done.push({
          line,
          orderCode: share.code,
          amount: -share.amount,
          paid: entry.order.paid,
          due: dueOf(entry.order),
        });
      }
      continue;
    }
    if (v.kind === "ignored") {
      refused.push({ line, error: `${line}번째 줄: ${REFUSED_TEXT[v.reason]}` });
      continue;
    }
    const chosen = codes.map((c) => byCode.get(c.trim()));
    const missing = codes.filter((_, k) => !chosen[k]);
    if (missing.length > 0) {
      refused.push({ line, error: `${line}번째 줄: 없는 주문번호입니다: ${missing.join(", ")}` });
      continue;
    }
    const entries = chosen as OrderRows[];
    const paidAlready = entries.filter((e) => e.order.paid || dueOf(e.order) === 0);
    if (paidAlready.length > 0) {
      refused.push({
        line,
        error: `${line}번째 줄: 이미 입금완료인 주문입니다: ${paidAlready.map((e) => e.order.code).join(", ")}`,
      });
      continue;
    }
    // An order cancelled for non-payment comes back only for a deposit made in time that pays it whole.
    const shares = shareDeposit(
      v.line.amount,
      entries.map((e) => e.order),
    );
    const late = entries.filter(
      (e, k) =>
        e.order.payableUntil &&
        (v.line.at.getTime() > e.order.payableUntil.getTime() || shares[k]!.amount < dueOf(e.order)),
    );
    if (late.length > 0) {
      refused.push({
        line,
        error: `${line}번째 줄: 입금 기한이 지나 취소된 주문입니다 (기한 안에 전액 입금된 주문만 되살립니다): ${late.map((e) => e.order.code).join(", ")}`,
      });
      continue;
    }
    const paidShares: { code: string; amount: number }[] = [];
    for (const share of shares) {
      const entry = byCode.get(share.code)!;
      entry.order.received += share.amount;
      const paid = dueOf(entry.order) === 0;
      const restored = !!entry.order.payableUntil && paid;
      if (paid) {
        entry.order.paid = true;
        setPaid(entry, v.line.at);
        bankTimes.set(share.code, v.line.at);
      }
      journal.log({
        actor,
        orderCode: share.code,
        rowId: entry.firstRowId,
        event: EVENT.bankDeposit,
        from: "",
        to: String(share.amount),
        detail: describeLine(exp.bank, v.line, v.fingerprint),
      });
      if (restored) {
        // Back to 접수: the pass then takes the payment (입금, a date by its payment time).
        for (const r of entry.rows) orders.set(r, "status", statusLabel("received"));
        delete entry.order.payableUntil;
        journal.log({
          actor: "script",
          orderCode: share.code,
          rowId: entry.firstRowId,
          event: EVENT.restored,
          from: statusLabel("cancelled"),
          to: statusLabel("received"),
          detail: `입금 기한 안의 입금 (${bankTimeNote(v.line.at)}): 입금 기한 지남 취소를 되돌림`,
        });
      }
      paidShares.push(share);
      done.push({
        line,
        orderCode: share.code,
        amount: share.amount,
        paid,
        due: dueOf(entry.order),
        ...(restored ? { restored: true as const } : {}),
      });
    }
    history.push({
      fingerprint: v.fingerprint,
      at: v.line.at,
      amount: v.line.amount,
      name: v.line.name,
      shares: paidShares,
      reversed: false,
    });
  }
  if (done.length === 0) return { plan, applied: done, refused };
  orders.flush(sheet);
  const logged = [...journal.events];
  journal.flush(host.workbook, host.now());
  const result = sync(host, { kind: "edit", tab: "orders", actor, bankTimes });
  // The pass refreshed the views of the orders now paid; a partial payment reaches them here.
  if (result)
    refreshCachedViews(
      host,
      result.table,
      result.settings,
      new Set(done.map((d) => d.orderCode)),
      logged,
      host.now(),
    );
  return { plan, applied: done, refused };
}

/** `3=660-551` or `3=660-551,660-552`, as the CLI and the page give choices. */
export function parseChoice(text: string): { line: number; codes: string[] } | null {
  const m = /^\s*(\d+)\s*=\s*([\d\-\s,+]+)$/.exec(text);
  if (!m) return null;
  const codes = m[2]!
    .split(/[,+]/)
    .map((c) => c.trim())
    .filter(Boolean);
  return codes.length > 0 ? { line: Number(m[1]), codes } : null;
}
