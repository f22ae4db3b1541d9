/**
 * A bank's transaction export, as rows of cells (from an .xlsx, a CSV or pasted text), read into
 * bank lines. The header row is found wherever it sits (titles, account numbers and notices
 * above it are skipped) by the synonyms in sheets-templates/bank-layouts.json: the one place to
 * add a bank.
 */
import layouts from "../../sheets-templates/bank-layouts.json";
import { seoulDateOf, seoulInstant, seoulTimeOfDay, serialToSeoulInstant } from "../domain/clock";
import type { BankLine } from "../domain/deposits";
import type { Cell } from "./port";

export type BankField = keyof typeof layouts.fields;

const FIELDS = layouts.fields as Record<BankField, string[]>;
/** How many rows from the top may hold titles and notices before the header. */
const HEADER_SEARCH_ROWS = 40;

/** Headers compared without spaces, brackets, punctuation and a trailing (원). */
const norm = (text: unknown): string =>
  String(text ?? "")
    .replace(/[([]원[)\]]/g, "")
    .replace(/[\s()[\]{}:;,./_\-·]/g, "")
    .toLowerCase();

const SYNONYM_OF = new Map<string, BankField>();
for (const [field, names] of Object.entries(FIELDS) as [BankField, string[]][])
  for (const name of names) if (!SYNONYM_OF.has(norm(name))) SYNONYM_OF.set(norm(name), field);

const WITHDRAWAL = new Set(layouts.withdrawalWords.map(norm));
const DEPOSIT = new Set(layouts.depositWords.map(norm));
const REVERSAL = layouts.reversalWords.map(norm);
/** Whether a cell's text says the line takes a deposit back (입금취소, 정정). */
const saysReversal = (cell: Cell): boolean => {
  const text = norm(cell);
  return text !== "" && REVERSAL.some((w) => text.includes(w));
};

export interface BankLayout {
  /** The bank whose headers these are, or "" for another table. */
  bank: string;
  /** 0-based row of the header. */
  headerRow: number;
  columns: Partial<Record<BankField, number>>;
}

export interface SkippedLine {
  line: number;
  text: string;
}

export interface BankExport {
  bank: string;
  /** 1-based row of the header. */
  headerRow: number;
  lines: BankLine[];
  /** Rows below the header that are not a transaction (a total, a footer note). */
  skipped: SkippedLine[];
}

/** The first row, from the top, with a date, an amount (or 입금/출금) and a name or memo column. */
export function findBankLayout(rows: readonly (readonly Cell[])[]): BankLayout | null {
  for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS); r++) {
    const columns: Partial<Record<BankField, number>> = {};
    (rows[r] ?? []).forEach((cell, c) => {
      const field = SYNONYM_OF.get(norm(cell));
      if (field && columns[field] === undefined) columns[field] = c;
    });
    const money = columns.amount !== undefined || columns.deposit !== undefined;
    const who = columns.name !== undefined || columns.memo !== undefined;
    if (columns.dateTime === undefined || !money || !who) continue;
    const present = new Set((rows[r] ?? []).map(norm));
    const bank = layouts.banks.find((b) => b.headers.every((h) => present.has(norm(h))))?.name ?? "";
    return { bank, headerRow: r, columns };
  }
  return null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since midnight of a time cell (`14:03:22`, a spreadsheet time, a fraction). */
function timeOfDay(cell: Cell): number | null {
  if (cell instanceof Date) return seoulTimeOfDay(cell);
  if (typeof cell === "number") return cell >= 0 && cell < 1 ? Math.round(cell * DAY_MS) : null;
  const m = /(오전|오후)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(String(cell));
  if (!m) return null;
  let hours = Number(m[2]);
  if (m[1] === "오후" && hours < 12) hours += 12;
  if (m[1] === "오전" && hours === 12) hours = 0;
  return ((hours * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
}

/** The instant of a bank's date-time (Seoul wall clock), with the time from its own cell if separate. */
export function bankTime(dateCell: Cell, timeCell: Cell = ""): Date | null {
  let instant: Date;
  if (dateCell instanceof Date) {
    if (Number.isNaN(dateCell.getTime())) return null;
    instant = dateCell;
  } else if (typeof dateCell === "number" && dateCell > 18264 && dateCell < 73051) {
    instant = serialToSeoulInstant(dateCell);
  } else {
    const m = /(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})/.exec(String(dateCell));
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
    const date = `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    instant = seoulInstant(date, timeOfDay(String(dateCell).slice(m.index + m[0].length)) ?? 0);
  }
  const extra = timeCell === "" ? null : timeOfDay(timeCell);
  return extra === null ? instant : seoulInstant(seoulDateOf(instant), extra);
}

/** `1,234,000`, `-30,000원`, `+30000`, a number: integer won, or null. */
export function wonOf(cell: Cell): number | null {
  if (typeof cell === "number") return Number.isInteger(cell) ? cell : null;
  const text = String(cell ?? "").replace(/[\s,원₩]/g, "");
  if (!/^[+-]?\d+$/.test(text)) return null;
  return Number(text);
}

const textOf = (cell: Cell | undefined): string => (cell instanceof Date ? "" : String(cell ?? "").trim());

/**
 * Every transaction below the header; rows that are not one are kept as skipped, never dropped
 * silently. `sourceLines`: the line of the text each row starts on (CSV or pasted text, where a
 * quoted cell may hold line breaks); without it a row's line is its position.
 */
export function readBankExport(
  rows: readonly (readonly Cell[])[],
  sourceLines?: readonly number[],
): BankExport | null {
  const layout = findBankLayout(rows);
  if (!layout) return null;
  const { columns } = layout;
  const at = (row: readonly Cell[], field: BankField): Cell =>
    columns[field] === undefined ? "" : (row[columns[field]!] ?? "");
  const lineOf = (r: number) => sourceLines?.[r] ?? r + 1;
  const lines: BankLine[] = [];
  const skipped: SkippedLine[] = [];
  for (let r = layout.headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (!row.some((c) => textOf(c) !== "" || c instanceof Date)) continue;
    const when = bankTime(at(row, "dateTime"), at(row, "time"));
    let amount: number | null;
    // 입금취소 / 정정 in the kind, direction or memo, or a negative amount in the deposit column
    // (or signed negative beside 입금): the line takes back an earlier deposit.
    let reversal = (["direction", "kind", "memo"] as const).some((f) => saysReversal(at(row, f)));
    if (columns.deposit !== undefined || columns.withdrawal !== undefined) {
      const deposit = wonOf(at(row, "deposit")) ?? 0;
      const withdrawal = wonOf(at(row, "withdrawal")) ?? 0;
      if (deposit < 0) reversal = true;
      amount =
        deposit > 0
          ? deposit
          : deposit < 0
            ? deposit
            : withdrawal > 0
              ? -withdrawal
              : columns.amount !== undefined
                ? wonOf(at(row, "amount"))
                : 0;
    } else {
      amount = wonOf(at(row, "amount"));
      const direction = norm(at(row, "direction")) || norm(at(row, "kind"));
      if (amount !== null && amount > 0 && WITHDRAWAL.has(direction) && !DEPOSIT.has(direction))
        amount = -amount;
      if (amount !== null && amount < 0 && DEPOSIT.has(norm(at(row, "direction")))) reversal = true;
    }
    if (reversal && amount !== null) amount = -Math.abs(amount);
    if (!when || amount === null) {
      skipped.push({
        line: lineOf(r),
        text: row
          .map(textOf)
          .filter((t) => t)
          .join(" "),
      });
      continue;
    }
    lines.push({
      line: lineOf(r),
      at: when,
      amount,
      // A table with only a memo column: the memo is who paid.
      name: textOf(at(row, "name")) || textOf(at(row, "memo")),
      memo: textOf(at(row, "name")) ? textOf(at(row, "memo")) : "",
      balance: wonOf(at(row, "balance")),
      ...(reversal && amount !== 0 ? { reversal: true } : {}),
    });
  }
  return { bank: layout.bank, headerRow: lineOf(layout.headerRow), lines, skipped };
}
