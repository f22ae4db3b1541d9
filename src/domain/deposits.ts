/**
 * Deposits from the bank's export matched to unpaid orders. A deposit pays an order on its own
 * only when exactly one order is the best candidate: the amount equals what the order still
 * owes and the depositor is the orderer (by name, or by the order code's digits). Anything
 * doubtful is returned with its candidates for Tony to choose; nothing here is ever applied
 * twice, because each bank line has a fingerprint and the fingerprints already applied are given.
 * A reversal (입금취소) takes back the applied deposit it names (matchReversal).
 */
import { seoulDateTimeOf, seoulInstant } from "./clock";
import { fnv1a } from "./fingerprint";
import { formatWon } from "./pricing";

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
  /**
   * A line taking back an earlier deposit (입금취소, 정정, a negative amount in the deposit
   * column): `amount` is then negative. Set by the export's reader; absent means false.
   */
  reversal?: boolean;
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
  /**
   * Set for an order cancelled for non-payment (웹 주문 입금 기한): only a deposit made by this
   * instant (the deadline, by the bank's time) may pay it, and paying it restores the order.
   */
  payableUntil?: Date;
}

export type DoubtReason = "several" | "partial" | "over" | "coversSeveral" | "none";
export type IgnoreReason = "withdrawal" | "alreadyApplied" | "reversal";

export type Verdict =
  | { kind: "matched"; line: BankLine; fingerprint: string; orderCode: string }
  | { kind: "doubtful"; line: BankLine; fingerprint: string; reason: DoubtReason; candidates: string[] }
  | { kind: "ignored"; line: BankLine; fingerprint: string; reason: IgnoreReason };

/** The four digits the payment instructions ask a depositor to add to the name. */
export const codeTail = (code: string): string => code.replace(/\D/g, "").slice(-4);

/**
 * The one depositor name every surface asks for (the payment request, the order page's
 * confirmation, the status page): `이름+주문번호 뒤 4자리` (홍길동0551). Matching always accepts
 * it as naming that order (nameScore 2).
 */
export const depositorName = (ordererName: string, code: string): string =>
  `${ordererName.normalize("NFC").replace(/\s+/g, "")}${codeTail(code)}`;

/** What is left to pay on an order. */
export const dueOf = (order: OpenOrder): number => Math.max(0, order.total - order.received);

const fnv = fnv1a;

/** A depositor as two layouts of one bank may show it: NFC, no spaces, no case. */
export const depositorKey = (name: string): string => name.normalize("NFC").replace(/\s+/g, "").toLowerCase();

/** `YYYY-MM-DD HH:mm` of an instant, Seoul: the minute a deposit is known by. */
const minuteOf = (at: Date): string => seoulDateTimeOf(at);

/**
 * What one deposit is, whatever the export's layout: its minute (Seoul; some layouts have no
 * seconds), amount and depositor. No balance, no column order, no seconds: the same deposit in
 * another layout of the bank, or in another export covering the day, has the same identity.
 */
export const depositIdentity = (at: Date, amount: number, name: string): string =>
  fnv([minuteOf(at), amount, depositorKey(name)].join("|"));

/**
 * Each line's fingerprint: its identity (depositIdentity) plus the how-many-th line of that
 * identity it is in the export, so two deposits of one amount by one person in one minute are
 * still two (`abc123.1`, `abc123.2`). The same line in an overlapping export, or in another
 * layout, gets the same fingerprint.
 */
export function fingerprints(lines: readonly BankLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    // A reversal's identity is marked with R (base 36 is lower case: never part of a hash).
    const base = `${depositIdentity(l.at, l.amount, l.name)}${l.reversal ? "R" : ""}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}.${n}`;
  });
}

// ---- a bank line as 이력 tells it -----------------------------------------------------------

/**
 * How a bank line is told in 이력's 내용 (은행 입금, 입금 취소): bank, minute, name, amount,
 * balance, the deposit a reversal takes back (↩), and the fingerprint last. loggedLine reads it
 * back (what earlier imports applied, and the deposit's time on the customer's timeline): keep
 * the two in step.
 */
export function describeLine(bank: string, line: BankLine, fingerprint: string, undoes?: string): string {
  const balance = line.balance === null ? "" : ` · 잔액 ${formatWon(line.balance)}`;
  const name = line.name.replace(/\s+/g, " ").trim();
  return `${(bank || "은행").replace(/\s+/g, "")} ${seoulDateTimeOf(line.at)} ${name} ${formatWon(line.amount)}${balance}${undoes ? ` ↩${undoes}` : ""} #${fingerprint}`;
}

const LOGGED_LINE =
  /^.*? (\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}) (.*?) ?(-?[\d,]+)원(?: · 잔액 -?[\d,]+원)?(?: ↩([0-9a-z]+\.\d+))? #([0-9a-z]+R?)\.(\d+)$/;

export interface LoggedLine {
  /** The bank's time, to the minute. */
  at: Date;
  name: string;
  amount: number;
  /** Its fingerprint as logged. */
  print: string;
  /** Its identity now (depositIdentity): a line logged before issue 23 kept its balance and seconds. */
  identity: string;
  undoes: string | null;
}

/** A bank line read back from its 내용 (describeLine), or null for another text. */
export function loggedLine(detail: string): LoggedLine | null {
  const m = LOGGED_LINE.exec(detail);
  if (!m) return null;
  const at = seoulInstant(m[1]!, (Number(m[2]) * 60 + Number(m[3])) * 60_000);
  const amount = Number(m[5]!.replace(/,/g, ""));
  const reversal = m[7]!.endsWith("R");
  return {
    at,
    name: m[4]!,
    amount,
    print: `${m[7]}.${m[8]}`,
    identity: `${depositIdentity(at, amount, m[4]!)}${reversal ? "R" : ""}`,
    undoes: m[6] ?? null,
  };
}

/**
 * Whether a line's fingerprint was applied before: when k lines of one identity were applied
 * (in any export, any layout), the first k of that identity in this export were.
 */
export function appliedBefore(applied: ReadonlySet<string>): (print: string) => boolean {
  const count = new Map<string, number>();
  for (const p of applied) {
    const dot = p.lastIndexOf(".");
    const base = dot < 0 ? p : p.slice(0, dot);
    count.set(base, (count.get(base) ?? 0) + 1);
  }
  return (print) => {
    const dot = print.lastIndexOf(".");
    return Number(print.slice(dot + 1)) <= (count.get(print.slice(0, dot)) ?? 0);
  };
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
  // What the customer was told to write is always the order's own (whatever the name holds).
  if (depositorKey(line.name) === depositorKey(depositorName(order.ordererName, order.code))) return 2;
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
  const wasApplied = appliedBefore(applied);
  const verdicts = new Array<Verdict>(lines.length);
  const taken = new Set<string>();
  const order = lines
    .map((line, i) => ({ line, i, print: prints[i]! }))
    .sort((a, b) => a.line.at.getTime() - b.line.at.getTime() || (a.print < b.print ? -1 : 1));
  // Indexes, so each deposit looks only at the orders its amount or its name can reach: the
  // import stays linear in the export and the orders (issue 23), however many there are.
  const position = new Map(orders.map((o, i) => [o, i]));
  const index = (keyOf: (o: OpenOrder) => string | number) => {
    const map = new Map<string | number, OpenOrder[]>();
    for (const o of orders) map.set(keyOf(o), [...(map.get(keyOf(o)) ?? []), o]);
    return map;
  };
  const byDue = index(dueOf);
  const byName = index((o) => baseName(o.ordererName));
  const byDigits = index((o) => codeDigits(o.code));
  const byDepositor = index((o) => depositorKey(depositorName(o.ordererName, o.code)));
  const isOpen = (line: BankLine) => (o: OpenOrder) =>
    !o.paid &&
    !taken.has(o.code) &&
    dueOf(o) > 0 &&
    (!o.payableUntil || line.at.getTime() <= o.payableUntil.getTime());
  /** Every order nameScore could give more than 0, in the orders' order. */
  const named = (line: BankLine): OpenOrder[] => {
    const text = `${line.name} ${line.memo}`.replace(/\s+/g, "").replace(/-/g, "").replace(/\D+/g, " ");
    const found = new Set<OpenOrder>([
      ...(baseName(line.name) ? (byName.get(baseName(line.name)) ?? []) : []),
      ...(byDepositor.get(depositorKey(line.name)) ?? []),
      ...text
        .split(" ")
        .filter((d) => d.length >= 4)
        .flatMap((d) => byDigits.get(d) ?? []),
    ]);
    return [...found].sort((a, b) => position.get(a)! - position.get(b)!);
  };
  const judge = (line: BankLine, print: string): Verdict => {
    if (wasApplied(print)) return { kind: "ignored", line, fingerprint: print, reason: "alreadyApplied" };
    if (line.reversal) return { kind: "ignored", line, fingerprint: print, reason: "reversal" };
    if (line.amount <= 0) return { kind: "ignored", line, fingerprint: print, reason: "withdrawal" };
    const scored = named(line)
      .filter(isOpen(line))
      .map((o) => ({ o, score: nameScore(line, o) }))
      .filter((s) => s.score > 0);
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
    return doubt("none", (byDue.get(line.amount) ?? []).filter(isOpen(line)));
  };
  // Repeated until nothing changes: a deposit that names one order by its code can settle a tie
  // another deposit had, and importing the same lines again must then find nothing new to do.
  // After the first round only the lines that could see an order just taken are judged again.
  const watching = new Map<OpenOrder, Set<number>>();
  const watch = (i: number, line: BankLine) => {
    for (const o of [...named(line), ...(byDue.get(line.amount) ?? [])])
      watching.set(o, (watching.get(o) ?? new Set()).add(i));
  };
  const byCode = index((o) => o.code);
  let pending = order;
  while (pending.length > 0) {
    const dirty = new Set<number>();
    for (const { line, i, print } of pending) {
      if (verdicts[i]?.kind === "matched" || verdicts[i]?.kind === "ignored") continue;
      const first = verdicts[i] === undefined;
      verdicts[i] = judge(line, print);
      const verdict = verdicts[i]!;
      if (verdict.kind === "doubtful" && first) watch(i, line);
      if (verdict.kind === "matched") {
        taken.add(verdict.orderCode);
        for (const o of byCode.get(verdict.orderCode) ?? [])
          for (const k of watching.get(o) ?? []) dirty.add(k);
      }
    }
    pending = order.filter((p) => dirty.has(p.i) && verdicts[p.i]?.kind === "doubtful");
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

/** A deposit applied earlier, as 이력 tells it: what it paid to which orders. */
export interface AppliedDeposit {
  fingerprint: string;
  at: Date;
  amount: number;
  name: string;
  /** The won it credited to each order. */
  shares: { code: string; amount: number }[];
  /** Taken back already by an earlier reversal. */
  reversed: boolean;
}

/**
 * The applied deposit a reversal line takes back: the latest one not already taken back, made
 * at or before the reversal, of the same amount, by the same depositor (or, when the reversal
 * names nobody, of that amount alone when only one fits). Null when none fits: Tony is told.
 */
export function matchReversal(line: BankLine, deposits: readonly AppliedDeposit[]): AppliedDeposit | null {
  const amount = Math.abs(line.amount);
  const fits = deposits.filter(
    (d) => !d.reversed && d.amount === amount && d.at.getTime() <= line.at.getTime(),
  );
  const named = depositorKey(line.name);
  const base = baseName(line.name);
  const same = fits.filter(
    (d) => (named !== "" && depositorKey(d.name) === named) || (base !== "" && baseName(d.name) === base),
  );
  const pool = same.length > 0 ? same : fits.length === 1 ? fits : [];
  return pool.reduce<AppliedDeposit | null>((latest, d) => (!latest || d.at >= latest.at ? d : latest), null);
}
