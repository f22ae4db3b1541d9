/**
 * Payments from the bank's export, over the Workbook port: read 주문 and 이력 once, match with
 * the domain, and (when asked) write 입금상태 and 입금일시 in one batched write with one 이력 line
 * per bank line applied. The ordinary sync pass then does the rest (status, allocation, views).
 */
import { seoulDateTimeOf } from "../domain/clock";
import {
  dueOf,
  matchDeposits,
  shareDeposit,
  type BankLine,
  type DoubtReason,
  type IgnoreReason,
  type OpenOrder,
} from "../domain/deposits";
import { EVENT } from "../domain/events";
import { formatWon } from "../domain/pricing";
import type { Actor } from "../domain/schemas";
import { tab } from "../templates";
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
  kind: "matched" | "doubtful" | "ignored";
  reason?: DoubtReason | IgnoreReason;
  /** The reason in Korean, for the page and the CLI ("" for a matched line). */
  reasonText: string;
  /** The order a matched line pays. */
  orderCode?: string;
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
  amount: number;
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
export const REASON_TEXT: Record<DoubtReason | IgnoreReason, string> = {
  several: "같은 이름·금액의 주문이 여럿",
  partial: "금액이 모자람 (부분 입금)",
  over: "금액이 많음 (초과 입금)",
  coversSeveral: "한 번에 여러 주문을 입금한 것 같음",
  none: "맞는 주문이 없음",
  withdrawal: "출금",
  alreadyApplied: "이미 반영한 입금",
};

const FINGERPRINT = /#([0-9a-z]+\.\d+)$/;

interface OrderRows {
  order: OpenOrder;
  rows: number[];
  firstRowId: string;
}

/** Orders by code, with what earlier bank lines already paid, and the fingerprints applied. */
function readOrders(orders: Table, events: readonly LoggedEvent[]) {
  const received = receivedByOrder(events);
  const applied = new Set<string>();
  for (const e of events) {
    const print = e.event === EVENT.bankDeposit ? FINGERPRINT.exec(e.detail)?.[1] : undefined;
    if (print) applied.add(print);
  }
  const byCode = new Map<string, OrderRows>();
  for (let r = 0; r < orders.rowCount; r++) {
    const code = orders.text(r, "orderCode");
    if (!code || statusOf(orders, r) === "cancelled") continue;
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
  return { byCode, applied };
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
  return { sheet, orders, ...readOrders(orders, readEvents(host.workbook)) };
}

function planOf(exp: BankExport, byCode: Map<string, OrderRows>, applied: ReadonlySet<string>) {
  const verdicts = matchDeposits(
    exp.lines,
    [...byCode.values()].map((e) => e.order),
    applied,
  );
  const plan: PaymentPlan = {
    bank: exp.bank,
    headerRow: exp.headerRow,
    skipped: exp.skipped,
    lines: verdicts.map((v) => ({
      line: v.line.line,
      at: seoulDateTimeOf(v.line.at),
      amount: v.line.amount,
      name: v.line.name,
      memo: v.line.memo,
      kind: v.kind,
      ...(v.kind === "matched" ? { orderCode: v.orderCode } : { reason: v.reason }),
      reasonText: v.kind === "matched" ? "" : REASON_TEXT[v.reason],
      candidates:
        v.kind === "matched"
          ? candidate(byCode.get(v.orderCode))
          : v.kind === "doubtful"
            ? v.candidates.flatMap((c) => candidate(byCode.get(c)))
            : [],
    })),
  };
  return { plan, verdicts };
}

/** What an import would do: read only. */
export function planPayments(host: Host, exp: BankExport): PaymentPlan {
  const { byCode, applied } = open(host);
  return planOf(exp, byCode, applied).plan;
}

/** How a bank line is told in 이력, ending with its fingerprint. */
function describe(bank: string, line: BankLine, fingerprint: string): string {
  const balance = line.balance === null ? "" : ` · 잔액 ${formatWon(line.balance)}`;
  return `${bank || "은행"} ${seoulDateTimeOf(line.at)} ${line.name} ${formatWon(line.amount)}${balance} #${fingerprint}`;
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
  const { sheet, orders, byCode, applied } = open(host);
  const { plan, verdicts } = planOf(exp, byCode, applied);
  const journal = new Journal();
  const done: AppliedPayment[] = [];
  const refused: { line: number; error: string }[] = [];
  const known = new Set(exp.lines.map((l) => l.line));
  for (const line of choices.keys())
    if (!known.has(line)) refused.push({ line, error: `${line}번째 줄은 거래내역에 없습니다` });

  // Matched lines and choices, earliest deposit first, so an order's 입금일시 is the deposit that completed it.
  const work = verdicts
    .map((v) => ({ v, codes: choices.get(v.line.line) ?? (v.kind === "matched" ? [v.orderCode] : []) }))
    .filter((w) => w.codes.length > 0)
    .sort((a, b) => a.v.line.at.getTime() - b.v.line.at.getTime());
  for (const { v, codes } of work) {
    const line = v.line.line;
    if (v.kind === "ignored") {
      refused.push({ line, error: `${line}번째 줄: ${REASON_TEXT[v.reason]}이라 반영하지 않았습니다` });
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
    for (const share of shareDeposit(
      v.line.amount,
      entries.map((e) => e.order),
    )) {
      const entry = byCode.get(share.code)!;
      entry.order.received += share.amount;
      const paid = dueOf(entry.order) === 0;
      if (paid) {
        entry.order.paid = true;
        for (const r of entry.rows) {
          orders.set(r, "payment", PAYMENT_LABEL.paid);
          orders.set(r, "paidAt", v.line.at);
        }
      }
      journal.log({
        actor,
        orderCode: share.code,
        rowId: entry.firstRowId,
        event: EVENT.bankDeposit,
        from: "",
        to: String(share.amount),
        detail: describe(exp.bank, v.line, v.fingerprint),
      });
      done.push({ line, orderCode: share.code, amount: share.amount, paid, due: dueOf(entry.order) });
    }
  }
  if (done.length === 0) return { plan, applied: done, refused };
  orders.flush(sheet);
  const logged = [...journal.events];
  journal.flush(host.workbook, host.now());
  const result = sync(host, { kind: "edit", tab: "orders", actor });
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
