/**
 * Which rows of 주문 are one order: a row without an order number joins the row just above it
 * when both name the same orderer (name and phone), else starts an order of its own. A row
 * without an orderer is always its own order: merged, one stranger's payment would pay for
 * another's boxes.
 */

export interface CodeRow {
  /** The row's order number, or "" when it has none yet. */
  code: string;
  orderer: string;
  ordererPhone: string;
  /** The row's index in the table: only a row directly below another can join it. */
  r: number;
}

/** Each row's order number: its own, the row above's, or a new one from `newCode`. */
export function orderCodesOf(rows: readonly CodeRow[], newCode: () => string): string[] {
  const codes: string[] = [];
  let previous: { key: string; code: string; r: number } | null = null;
  for (const row of rows) {
    const key = `${row.orderer}|${row.ordererPhone}`;
    const code: string =
      row.code ||
      (row.orderer !== "" && previous && previous.key === key && previous.r === row.r - 1
        ? previous.code
        : newCode());
    codes.push(code);
    previous = { key, code, r: row.r };
  }
  return codes;
}
