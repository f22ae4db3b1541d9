/**
 * Payments from the bank's export, over the Workbook port: read 주문 and 이력 once, match with
 * the domain, and (when asked) write 입금상태 and 입금일시 in one batched write with one 이력 line
 * per bank line applied. The ordinary sync pass then does the rest (status, allocation, views).
 */
import { seoulDateTimeOf } from "../domain/clock";
import {
  describeLine,
  dueOf,
  loggedLine,
  matchDeposits,
  matchReversal,
  shareDeposit,
  type AppliedDeposit,
  type DoubtReason,
  type IgnoreReason,
  type OpenOrder,
  type Verdict,
} from "../domain/deposits";
import { bankTimeNote, EVENT } from "../domain/events";
import { formatWon } from "../domain/pricing";
import type { Actor, Settings } from "../domain/schemas";
import { statusLabel } from "../domain/status";
import { paymentDeadline } from "../domain/webOrder";
import { tab, WEB_SOURCE } from "../templates";
import { loadSmallTabs } from "./smallTabs";
import { readBankExport, type BankExport } from "./bankImport";
import { parsePasted, pastedProblem } from "./csv";
import { Journal, readEvents, receivedByOrder, type LoggedEvent } from "./journal";
import { isPaid, PAYMENT_LABEL, statusOf } from "./orderCells";
import type { Host } from "./port";
import { refreshCachedViews } from "./views";
import { sync } from "./sync";
import { Table } from "./table";
import type { Answer } from "./tools";

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

/**
 * What earlier imports did, from 이력: the fingerprints applied (as today's identities, so a
 * deposit logged in one layout is recognised in another) and the deposits applied, with what
 * each paid and whether a reversal took it back.
 */
function appliedLines(events: readonly LoggedEvent[]) {
  const byIdentity = new Map<string, Set<string>>();
  const deposits = new Map<string, AppliedDeposit>();
  const undone = new Set<string>();
  for (const e of events) {
    if (e.event !== EVENT.bankDeposit && e.event !== EVENT.bankReversal) continue;
    const line = loggedLine(e.detail);
    if (!line) continue;
    byIdentity.set(line.identity, (byIdentity.get(line.identity) ?? new Set()).add(line.print));
    if (e.event === EVENT.bankReversal) {
      if (line.undoes) undone.add(line.undoes);
      continue;
    }
    const deposit = deposits.get(line.print) ?? {
      fingerprint: line.print,
      at: line.at,
      amount: line.amount,
      name: line.name,
      shares: [],
      reversed: false,
    };
    deposit.shares.push({ code: e.orderCode, amount: Number(e.to) || 0 });
    deposits.set(line.print, deposit);
  }
  const applied = new Set<string>();
  for (const [identity, prints] of byIdentity)
    for (let k = 1; k <= prints.size; k++) applied.add(`${identity}.${k}`);
  for (const d of deposits.values()) d.reversed = undone.has(d.fingerprint);
  return { applied, deposits: [...deposits.values()] };
}

interface OrderRows {
  order: OpenOrder;
  rows: number[];
  firstRowId: string;
}

/**
 * Whether an order's rows were cancelled for non-payment (and by nothing since): the last
 * status line of its first row is the deadline's.
 */
function cancelledForNonPayment(events: readonly LoggedEvent[], rowId: string): boolean {
  let last: LoggedEvent | null = null;
  for (const e of events) if (e.rowId === rowId && e.event === EVENT.status) last = e;
  return !!last && last.to === statusLabel("cancelled") && last.detail === EVENT.expired;
}

/**
 * Orders by code, with what earlier bank lines already paid, and the fingerprints applied.
 * An order cancelled for non-payment is still a candidate for a deposit made by its deadline.
 */
function readOrders(orders: Table, events: readonly LoggedEvent[], settings: Settings | null) {
  const received = receivedByOrder(events);
  const { applied, deposits } = appliedLines(events);
  const byCode = new Map<string, OrderRows>();
  for (let r = 0; r < orders.rowCount; r++) {
    const code = orders.text(r, "orderCode");
    if (!code) continue;
    let payableUntil: Date | undefined;
    if (statusOf(orders, r) === "cancelled") {
      const orderedAt = orders.get(r, "orderedAt");
      const deadline =
        settings && orderedAt instanceof Date ? paymentDeadline(orderedAt, settings.webExpiryDays) : null;
      const restorable =
        deadline !== null &&
        orders.text(r, "source") === WEB_SOURCE &&
        cancelledForNonPayment(events, orders.text(r, "rowId"));
      if (!restorable) continue;
      payableUntil = deadline;
    }
    const total = orders.get(r, "total");
    let entry = byCode.get(code);
    if (!entry) {
      entry = {
        order: {
          code,
          ordererName: orders.text(r, "ordererName"),
          total: 0,
          received: received.get(code) ?? 0,
          paid: false,
          ...(payableUntil ? { payableUntil } : {}),
        },
        rows: [],
        firstRowId: orders.text(r, "rowId"),
      };
      byCode.set(code, entry);
    }
    entry.rows.push(r);
    // A row whose amount is unknown (a problem row) makes the order's total unknown: never matched.
    entry.order.total += typeof total === "number" ? total : Number.NaN;
    if (isPaid(orders, r)) entry.order.paid = true;
  }
  for (const entry of byCode.values()) if (Number.isNaN(entry.order.total)) entry.order.paid = true;
  return { byCode, applied, deposits };
}

function candidate(entry: OrderRows | undefined): PaymentCandidate[] {
  if (!entry) return [];
  const { order } = entry;
  return [{ orderCode: order.code, ordererName: order.ordererName, total: order.total, due: dueOf(order) }];
}

function open(host: Host) {
  const sheet = host.workbook.sheet(tab("orders").name);
  if (!sheet) throw new Error(`'${tab("orders").name}' 탭이 없습니다`);
  const orders = Table.read(tab("orders"), sheet);
  const settings = loadSmallTabs(host, false).settings;
  return {
    sheet,
    orders,
    ...readOrders(orders, readEvents(host.workbook, host.now()), settings.ok ? settings.value : null),
  };
}

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
  const { byCode, applied, deposits } = open(host);
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
  const { sheet, orders, byCode, applied, deposits } = open(host);
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

// ---- answers for the paste page (the Sheets dialog, or the local tools server) ---------------

/** Larger than a season of bank lines; anything bigger is not a paste. */
const MAX_PASTE_CHARS = 500_000;
const MAX_CHOICES = 2_000;
const MAX_CODES_PER_CHOICE = 10;

function pastedExport(text: unknown): BankExport | string {
  if (typeof text !== "string" || !text.trim()) return "은행 거래내역을 머리글째 복사해 붙여 넣어 주세요";
  if (text.length > MAX_PASTE_CHARS) return "붙여 넣은 내용이 너무 깁니다. 기간을 나눠 붙여 넣어 주세요";
  const parsed = parsePasted(text);
  if (!parsed.ok) return pastedProblem(parsed);
  const found = readBankExport(parsed.rows, parsed.lines);
  return (
    found ??
    "거래내역의 머리글(거래일시, 거래금액 또는 입금/출금, 내용)을 찾지 못했습니다. 머리글 줄까지 복사해 주세요"
  );
}

/** Choices from a page: `[{ line, codes }]`, checked as if a stranger sent them. */
function choicesFrom(raw: unknown): Map<number, string[]> | string {
  const choices = new Map<number, string[]>();
  if (raw === undefined || raw === null) return choices;
  if (!Array.isArray(raw) || raw.length > MAX_CHOICES) return "고른 내용을 읽을 수 없습니다";
  for (const item of raw as unknown[]) {
    const { line, codes } = (item ?? {}) as { line?: unknown; codes?: unknown };
    if (typeof line !== "number" || !Number.isInteger(line) || line < 1)
      return "고른 내용을 읽을 수 없습니다";
    if (!Array.isArray(codes) || codes.length > MAX_CODES_PER_CHOICE) return "고른 내용을 읽을 수 없습니다";
    const clean = (codes as unknown[]).map((c) => String(c ?? "").trim()).filter(Boolean);
    if (clean.some((c) => !/^\d{3}-?\d{3}$/.test(c))) return "주문번호는 123-456처럼 적어 주세요";
    choices.set(line, clean);
  }
  return choices;
}

/** What the pasted lines would do; reads only. */
export function paymentsPreviewAnswer(host: Host, text: unknown): Answer<{ plan: PaymentPlan }> {
  const exp = pastedExport(text);
  if (typeof exp === "string") return { ok: false, error: exp };
  return { ok: true, plan: planPayments(host, exp) };
}

/** Applies the pasted lines with Tony's choices (an empty list skips a line); under the caller's lock. */
export function paymentsApplyAnswer(
  host: Host,
  text: unknown,
  rawChoices: unknown,
): Answer<{ report: PaymentReport }> {
  const exp = pastedExport(text);
  if (typeof exp === "string") return { ok: false, error: exp };
  const choices = choicesFrom(rawChoices);
  if (typeof choices === "string") return { ok: false, error: choices };
  return { ok: true, report: applyPayments(host, exp, choices) };
}
