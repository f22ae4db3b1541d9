/**
 * Deposits from the bank's export matched to unpaid orders. A deposit pays an order on its own
 * only when exactly one order is the best candidate: the amount equals what the order still
 * owes and the depositor is the orderer (by name, or by the order code's digits). Anything
 * doubtful is returned with its candidates for Tony to choose; nothing here is ever applied
 * twice, because each bank line has a fingerprint and the fingerprints already applied are given.
 */

/** One line of a bank export, read. `amount` is signed: deposits are positive. */
export interface BankLine {
  /** 1-based row of the source (file or pasted text), for Tony to find it. */
  line: number;
  at: Date;
  amount: number;
  /** The depositor as the bank shows it (`홍길동5678`). */
  name: string;
  memo: string;
  balance: number | null;
}

/** An order as matching sees it: one per order code, amounts summed over its rows. */
export interface OpenOrder {
  code: string;
  ordererName: string;
  total: number;
  /** Already received from earlier bank lines (a partial payment). */
  received: number;
  /** Paid (ticked by Tony or by an earlier import): never matched again. */
  paid: boolean;
}

export type DoubtReason = "several" | "partial" | "over" | "coversSeveral" | "none";
export type IgnoreReason = "withdrawal" | "alreadyApplied";

export type Verdict =
  | { kind: "matched"; line: BankLine; fingerprint: string; orderCode: string }
  | { kind: "doubtful"; line: BankLine; fingerprint: string; reason: DoubtReason; candidates: string[] }
  | { kind: "ignored"; line: BankLine; fingerprint: string; reason: IgnoreReason };

/** The four digits the payment instructions ask a depositor to add to the name. */
export const codeTail = (code: string): string => code.replace(/\D/g, "").slice(-4);

/** The depositor name the payment instructions suggest: `이름+주문번호 뒤 4자리` (홍길동0551). */
export const depositorName = (ordererName: string, code: string): string =>
  `${ordererName.replace(/\s+/g, "")}${codeTail(code)}`;

/** What is left to pay on an order. */
export const dueOf = (order: OpenOrder): number => Math.max(0, order.total - order.received);

function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * Each line's fingerprint: its time, amount, name and balance, plus the how-many-th such line it
 * is in the export (two identical lines without a balance are still two deposits). The same
 * line in an overlapping export gets the same fingerprint.
 */
export function fingerprints(lines: readonly BankLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const base = fnv([l.at.toISOString(), l.amount, l.name.trim(), l.balance ?? ""].join("|"));
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}.${n}`;
  });
}

/** A name without spaces and without the digits a depositor appends (`홍 길동 5678` → `홍길동`). */
export function baseName(name: string): string {
  return name
    .replace(/\s+/g, "")
    .replace(/[\d\-_.()]+$/, "")
    .toLowerCase();
}

const codeDigits = (code: string): string => code.replace(/\D/g, "");

/**
 * How well a deposit names an order: 2 when it carries the order code's digits (all of them, or
 * the last four after the orderer's name, as the payment instructions ask), 1 when the name is
 * the orderer's, 0 otherwise.
 */
export function nameScore(line: Pick<BankLine, "name" | "memo">, order: OpenOrder): 0 | 1 | 2 {
  const digits = codeDigits(order.code);
  const text = `${line.name} ${line.memo}`.replace(/\s+/g, "");
  const sameName = baseName(line.name) !== "" && baseName(line.name) === baseName(order.ordererName);
  if (digits.length >= 4) {
    if (text.replace(/-/g, "").replace(/\D+/g, " ").split(" ").includes(digits)) return 2;
    const trailing = /(\d+)\D*$/.exec(line.name.replace(/\s+/g, ""))?.[1] ?? "";
    if (sameName && trailing === codeTail(order.code)) return 2;
  }
  return sameName ? 1 : 0;
}

/** Subsets of up to `limit` orders whose dues add up exactly to the amount. */
function exactCover(orders: readonly OpenOrder[], amount: number, limit = 4): OpenOrder[] | null {
  const pick = orders.slice(0, 12);
  let found: OpenOrder[] | null = null;
  const walk = (start: number, sum: number, chosen: OpenOrder[]) => {
    if (found) return;
    if (sum === amount && chosen.length >= 2) {
      found = [...chosen];
      return;
    }
    if (sum >= amount || chosen.length >= limit) return;
    for (let i = start; i < pick.length; i++) walk(i + 1, sum + dueOf(pick[i]!), [...chosen, pick[i]!]);
  };
  walk(0, 0, []);
  return found;
}

/**
 * The verdict on every line, in the lines' order. Deposits are considered by time (then by
 * fingerprint), so when two deposits could pay the same order the earlier one does, and the
 * result does not depend on how the export was sorted.
 */
export function matchDeposits(
  lines: readonly BankLine[],
  orders: readonly OpenOrder[],
  applied: ReadonlySet<string>,
): Verdict[] {
  const prints = fingerprints(lines);
  const verdicts = new Array<Verdict>(lines.length);
  const taken = new Set<string>();
  const order = lines
    .map((line, i) => ({ line, i, print: prints[i]! }))
    .sort((a, b) => a.line.at.getTime() - b.line.at.getTime() || (a.print < b.print ? -1 : 1));
  const judge = (line: BankLine, print: string): Verdict => {
    if (line.amount <= 0) return { kind: "ignored", line, fingerprint: print, reason: "withdrawal" };
    if (applied.has(print)) return { kind: "ignored", line, fingerprint: print, reason: "alreadyApplied" };
    const open = orders.filter((o) => !o.paid && !taken.has(o.code) && dueOf(o) > 0);
    const scored = open.map((o) => ({ o, score: nameScore(line, o) })).filter((s) => s.score > 0);
    const exact = scored.filter((s) => dueOf(s.o) === line.amount);
    const best = Math.max(0, ...exact.map((s) => s.score));
    const top = exact.filter((s) => s.score === best);
    const doubt = (reason: DoubtReason, candidates: OpenOrder[]): Verdict => ({
      kind: "doubtful",
      line,
      fingerprint: print,
      reason,
      candidates: candidates.map((o) => o.code),
    });
    if (top.length === 1) return { kind: "matched", line, fingerprint: print, orderCode: top[0]!.o.code };
    if (top.length > 1)
      return doubt(
        "several",
        top.map((s) => s.o),
      );
    if (scored.length > 0) {
      const named = scored.map((s) => s.o);
      const cover = exactCover(named, line.amount);
      if (cover) return doubt("coversSeveral", cover);
      return doubt(line.amount < Math.max(...named.map(dueOf)) ? "partial" : "over", named);
    }
    return doubt(
      "none",
      open.filter((o) => dueOf(o) === line.amount),
    );
  };
  // Repeated until nothing changes: a deposit that names one order by its code can settle a tie
  // another deposit had, and importing the same lines again must then find nothing new to do.
  for (let changed = true; changed;) {
    changed = false;
    for (const { line, i, print } of order) {
      if (verdicts[i]?.kind === "matched" || verdicts[i]?.kind === "ignored") continue;
      verdicts[i] = judge(line, print);
      const verdict = verdicts[i]!;
      if (verdict.kind === "matched") {
        taken.add(verdict.orderCode);
        changed = true;
      }
    }
  }
  return verdicts;
}

/**
 * Shares one deposit among the orders Tony chose for it, in his order: each gets up to what it
 * still owes; what is left over stays with the last one (an over-payment, noted).
 */
export function shareDeposit(
  amount: number,
  chosen: readonly OpenOrder[],
): { code: string; amount: number }[] {
  let left = amount;
  return chosen.map((o, k) => {
    const part = k === chosen.length - 1 ? left : Math.min(left, dueOf(o));
    left -= part;
    return { code: o.code, amount: part };
  });
}
