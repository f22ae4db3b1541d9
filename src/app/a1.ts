/** A1 notation, shared by the Sheets host and the local workbook: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return letters;
}
