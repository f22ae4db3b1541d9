/**
 * The paste page's answers (the Sheets dialog 입금 내역 붙여넣기, or the local tools server): the
 * pasted text and Tony's choices checked as if a stranger sent them, then the same plan and apply
 * as the CLI's import-payments.
 */
import { readBankExport, type BankExport } from "./bankImport";
import { parsePasted, pastedProblem } from "./csv";
import type { Host } from "./port";
import type { Answer } from "./tools";
import { applyPayments, planPayments, type PaymentPlan, type PaymentReport } from "./payments";

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
