/**
 * What Google charges an execution, in modelled milliseconds, and the quotas it enforces on a
 * consumer (gmail.com) account. docs/emulator.md names the source of each figure or marks it an
 * assumption; the benchmark prints this object as `costModel`.
 */
export const COST_MODEL = {
  /** Starting an execution: loading the project and its services (assumption, issue 12). */
  startMs: 500,
  /** One spreadsheet call, whatever it carries (assumption, issue 12). */
  spreadsheetCallMs: 150,
  /** Payload of a read, per 100,000 cells (assumption, issue 12). */
  readMsPer100kCells: 1000,
  /** Payload of a write, per 100,000 cells (assumption, issue 12). */
  writeMsPer100kCells: 2000,
  /**
   * TextFinder.findAll searching on Google's side, per 100,000 cells searched (assumption: a
   * tenth of reading them, since nothing but the matches travels back; the call and the matched
   * cells are charged as any read).
   */
  searchMsPer100kCells: 100,
  /** SpreadsheetApp.flush() with writes pending (assumption, issue 12). */
  flushMs: 600,
  /** CacheService (published put latencies are 56–93 ms; issue 12 takes the low end). */
  cacheGetMs: 10,
  cachePutMs: 60,
  cacheGetAllMs: 60,
  cachePutAllMs: 60,
  cacheRemoveMs: 60,
  /** PropertiesService (assumption, issue 12). */
  propertiesGetMs: 30,
  propertiesSetMs: 60,
  /** LockService: taking, testing or releasing the lock (assumption, issue 12). */
  lockMs: 10,
  /** ScriptApp trigger management and service lookups (assumption: like a property write). */
  scriptAppMs: 60,
  /** Utilities and HtmlService compute in the execution (assumption: script time only). */
  utilitiesMs: 0,
  /**
   * One UrlFetchApp.fetch to an outside API (issue 24): Google publishes no latency, so this is
   * an assumption (a Seoul API answering from Google's US data centres: about 150 ms of round
   * trip plus the provider's work). No 진단 check measures it yet (docs/sms.md, "left").
   */
  urlFetchMs: 400,
  htmlServiceMs: 0,
} as const;

/** Quotas and limits for a consumer account (Apps Script quotas page; CacheService reference). */
export const QUOTAS = {
  /** "Triggers total runtime: 90 min / day"; the window resets 24 hours after the first use. */
  triggerRuntimeMsPerDay: 90 * 60 * 1000,
  /** "Script runtime: 6 min / execution". */
  executionMs: 6 * 60 * 1000,
  /** "Simultaneous executions per user: 30". */
  simultaneousExecutions: 30,
  /** "The cap for cached items is 1,000 … the cache stores the 900 items farthest from expiration". */
  cacheItemCap: 1000,
  cacheItemsKept: 900,
  cacheKeyChars: 250,
  cacheValueBytes: 100 * 1024,
  cacheMaxExpirySeconds: 21600,
  cacheDefaultExpirySeconds: 600,
  /** "Properties value size: 9 KB / val"; "Properties total storage: 500 KB / property store". */
  propertyValueBytes: 9 * 1024,
  propertyStoreBytes: 500 * 1024,
} as const;

/** Modelled milliseconds of one spreadsheet call carrying these cells. */
export function spreadsheetCallMs(
  method: string,
  cellsRead: number,
  cellsWritten: number,
  cellsScanned = 0,
): number {
  if (method === "flush") return COST_MODEL.flushMs;
  return (
    COST_MODEL.spreadsheetCallMs +
    (cellsScanned / 100_000) * COST_MODEL.searchMsPer100kCells +
    (cellsRead / 100_000) * COST_MODEL.readMsPer100kCells +
    (cellsWritten / 100_000) * COST_MODEL.writeMsPer100kCells
  );
}
