/** Limits of the spreadsheets Tony uses. */

/** Excel keeps at most 32,767 characters in a cell; a longer one is cut or the file refused. */
export const MAX_CELL_CHARS = 32_767;

/** CacheService keeps a value of at most 100 KB (Cache reference); a larger put fails its whole call. */
export function fitsCache(value: string): boolean {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a surrogate pair counts 3 + 3 ≥ its 4 bytes
  }
  return bytes <= 100 * 1024;
}

const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ",");
const CUT_NOTE = /… \(엑셀 한 칸 한도 [\d,]+자를 넘어 잘렸습니다: 원래 ([\d,]+)자\)$/;

/**
 * Text as one Excel cell keeps it: a longer text (a chat log pasted into 메모) is cut so that it
 * ends, within the limit, with a note of its first length. Nothing else of the row is lost, and
 * the note is how the pass knows to ask Tony about it (cutLength).
 */
export function cutToCell(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const note = `… (엑셀 한 칸 한도 ${thousands(MAX_CELL_CHARS)}자를 넘어 잘렸습니다: 원래 ${thousands(text.length)}자)`;
  let head = text.slice(0, MAX_CELL_CHARS - note.length);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1); // never half a surrogate pair
  return head + note;
}

/** The first length of a cell cutToCell cut, or null for any other cell. */
export function cutLength(cell: unknown): number | null {
  if (typeof cell !== "string" || cell.length < 60) return null;
  const found = CUT_NOTE.exec(cell);
  return found ? Number(found[1]!.replace(/,/g, "")) : null;
}

/** The 확인 필요 text of a cut cell, naming its column (`메모`). */
export function cutMessage(header: string, length: number): string {
  return `${header}: 엑셀 한 칸 한도(${thousands(MAX_CELL_CHARS)}자)를 넘어 ${thousands(length)}자 중 앞부분만 남겼습니다. 원본에서 확인하고 칸을 고치면 이 표시가 사라집니다`;
}
