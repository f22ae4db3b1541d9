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
   * trip plus the provider's work). 진단 D15 times one call on the live sheet (docs/emulator.md).
   */
  urlFetchMs: 400,
  htmlServiceMs: 0,
  /**
   * HtmlService.createHtmlOutputFromFile: reads one of the project's stored files (the pages
   * ship as files of their own, src/gas/pageFiles.ts). Google publishes no figure; charged like
   * a property read (30 ms), a stored value fetched by the runtime, rather than as free compute.
   */
  htmlFileMs: 30,
  /**
   * A handle call that reaches no data: `getRange`, `Spreadsheet.getRange(a1)`, the event's
   * `e.range.getA1Notation/getRow/getColumn/getNumRows/getNumColumns/getSheet`, `Sheet.getName`, `getUi`,
   * `Session.*`, `HtmlService.createHtmlOutput` (issue 22). Google publishes no figure; 10 ms is
   * the assumption, in line with Tanaike's measurements of the event object's range
   * ("Benchmark: Event Objects for Google Apps Script", tanaikech.github.io), which show that
   * asking the event's range for its coordinates costs measurable milliseconds.
   */
  handleMs: 10,
};

/** The set of figures an emulator charges: the floor above or the worst published below. */
export type CostModel = { -readonly [K in keyof typeof COST_MODEL]: number };

/**
 * The worst published figures (issue 22): the season day runs under both. Script start 1.0 s and
 * a spreadsheet call 0.25 s are the issue's worst figures (Google publishes none; Poehnelt's
 * "Storage Wars" benchmark, justin.poehnelt.com, measured a SpreadsheetApp write and read at
 * ~800 ms together); a cache put 93 ms is the average of 100 runs in Peralta's "Google Apps
 * Script APIs performance" (ziritione.org: put min 73 / avg 93 / max 281 ms; setProperty avg 62,
 * getProperty avg 30), where issue 12's floor took the low end of 56–93 ms.
 */
export const COST_MODEL_WORST: CostModel = {
  ...COST_MODEL,
  startMs: 1000,
  spreadsheetCallMs: 250,
  cachePutMs: 93,
  cachePutAllMs: 93,
  cacheRemoveMs: 93,
  propertiesSetMs: 62,
};

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
  costs: CostModel = COST_MODEL,
): number {
  if (method === "flush") return costs.flushMs;
  return (
    costs.spreadsheetCallMs +
    (cellsScanned / 100_000) * costs.searchMsPer100kCells +
    (cellsRead / 100_000) * costs.readMsPer100kCells +
    (cellsWritten / 100_000) * costs.writeMsPer100kCells
  );
}
