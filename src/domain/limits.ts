/** Limits of the spreadsheets Tony uses. */

/** Excel keeps at most 32,767 characters in a cell; a longer one is cut or the file refused. */
export const MAX_CELL_CHARS = 32_767;
