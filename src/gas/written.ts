/**
 * Whether this execution has written to the spreadsheet since it took the lock: its release then
 * gives the sheet a new version (host.ts SHEET_VERSION), which a reconcile that read 주문 before
 * the lock checks (main.ts readAhead). Every write goes through here: GasSheet's, tab repairs'.
 */
let wrote = false;

export function sheetWritten(): void {
  wrote = true;
}

export const hasWrittenSheet = (): boolean => wrote;

/** Forgotten at the release that renewed the version. */
export function writtenReleased(): void {
  wrote = false;
}
