import type { EditedCells } from "../domain/tickNotes";

/** A1 notation, shared by the Sheets host and the local workbook: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return letters;
}

/** 1-based column of A1 letters: A → 1, AA → 27. */
export function columnNumber(letters: string): number {
  let column = 0;
  for (const ch of letters) column = column * 26 + (ch.charCodeAt(0) - 64);
  return column;
}

/**
 * The cells of a bounded A1 range ("B5" or "B5:D7", without its tab), as an edit event's range
 * gives them: null for anything else (a whole column "B:B", a whole row "5:5").
 */
export function boundedCells(a1: string): EditedCells | null {
  const m = /^\$?([A-Z]{1,3})\$?([1-9]\d{0,7})(?::\$?([A-Z]{1,3})\$?([1-9]\d{0,7}))?$/.exec(a1);
  if (!m) return null;
  const [c1, r1] = [columnNumber(m[1]!), Number(m[2])];
  const [c2, r2] = m[3] ? [columnNumber(m[3]), Number(m[4])] : [c1, r1];
  const [first, last] = [Math.min(r1, r2), Math.max(r1, r2)];
  const [column, lastColumn] = [Math.min(c1, c2), Math.max(c1, c2)];
  return { first, count: last - first + 1, column, columns: lastColumn - column + 1 };
}
