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
