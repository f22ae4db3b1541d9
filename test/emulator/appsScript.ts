/**
 * The Apps Script runtime around dist/Code.js: each execution loads the bundle into a fresh vm
 * context (as Apps Script does), with emulated services over one shared store, a clock the test
 * controls, round-trip counting and a document lock that executions contend for.
 */
import { createHmac, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { COST_MODEL, QUOTAS, type CostModel } from "./costModel";
import { countTrip, EmuSpreadsheet, EmuValidationBuilder, type Cell, type Counter } from "./spreadsheet";

export type ExecutionKind = "menu" | "trigger" | "webapp";

/**
 * What `getActiveSpreadsheet()` returns in a web-app execution. Google's bound-scripts guide says
 * it is unavailable there (null); practice reports differ (the container). The suite runs under
 * both: PEACH_WEBAPP_ACTIVE=container switches the default.
 */
export type WebAppActive = "null" | "container";
const DEFAULT_WEBAPP_ACTIVE: WebAppActive =
  process.env.PEACH_WEBAPP_ACTIVE === "container" ? "container" : "null";

/**
 * How often a web-app execution asked getActiveSpreadsheet() or getActive() of an emulator left at
 * the default: the only place the default is read. A test file that never makes it count runs the
 * same path under either value, so only the files that do run again under
 * PEACH_WEBAPP_ACTIVE=container (jest.config.js, test/gas/webAppActiveGuard.ts).
 */
export const defaultWebAppActiveReads = { count: 0 };

export interface TriggerRecord {
  id: string;
  handler: string;
  type: "ON_EDIT" | "CLOCK";
  detail: string;
  /** Who installed it: it runs as them, and only they see it in getProjectTriggers(). */
  owner: string;
}

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === "[object Date]";

/**
 * google.script.run passes back primitives, arrays and plain objects only: "If you attempt to
 * pass a Date, Function, DOM element besides a form, or other prohibited type … the request
 * fails" (HTML service guide, communication). The emulator fails it the same way.
 */
export function assertTransferable(value: unknown, path = "value"): void {
  if (value === null || value === undefined) return;
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean") return;
  if (t === "function" || isDate(value))
    throw new Error(`google.script.run cannot return ${isDate(value) ? "a Date" : "a function"} (${path})`);
  if (Array.isArray(value)) return value.forEach((v, i) => assertTransferable(v, `${path}[${i}]`));
  for (const [k, v] of Object.entries(value as object)) assertTransferable(v, `${path}.${k}`);
}

/**
 * Node reaches a vm context's globals through interceptors, about forty times slower than Apps
 * Script's V8 reaches its own: a loop calling Math.imul or String per cell spent seconds there,
 * charged as the script's JavaScript time. Binding the standard built-ins as script-scope
 * constants first (the emulator's Date already in place) makes them plain lookups; the script
 * sees the same objects. Same line as the bundle's first, so line numbers stay; the bundle's own
 * "use strict" is kept in force by the prelude's.
 */
const BUILTINS_AS_LOCALS =
  '"use strict";const {' +
  [
    "Object",
    "Array",
    "String",
    "Number",
    "Boolean",
    "Math",
    "JSON",
    "Date",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "RegExp",
    "Error",
    "TypeError",
    "RangeError",
    "Symbol",
    "Promise",
    "Intl",
    "Reflect",
    "parseInt",
    "parseFloat",
    "isNaN",
    "isFinite",
    "encodeURIComponent",
    "decodeURIComponent",
  ].join(",") +
  "}=globalThis;";

/**
 * Code.js compiled once and run afresh in each execution's new context: every execution still
 * runs the bundle's top level (charged as JavaScript time), but compiling it is Apps Script's
 * start (COST_MODEL.startMs), which compiling it again in every execution charged a second time.
 * It was also a fifth of test/gas's CPU time: V8 finds the 300 KB text in its cache only after
 * hashing it whole, and loses the top-level code to bytecode flushing between executions.
 */
const scripts = new Map<string, vm.Script>();
function compiled(code: string): vm.Script {
  let script = scripts.get(code);
  if (!script)
    scripts.set(code, (script = new vm.Script(BUILTINS_AS_LOCALS + code, { filename: "Code.js" })));
  return script;
}

/**
 * Script properties, with the consumer limits of the quotas page: 9 KB a value, 500 KB for the
 * whole store (keys and values, as UTF-8). Past either, the write throws and changes nothing.
 */
class Store {
  private data = new Map<string, string>();
  get(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.setAll({ [key]: value });
  }
  /** Several at once (setProperties): all of them or, past a limit, none. */
  setAll(values: Record<string, string>, deleteAllOthers = false): void {
    const next = new Map(deleteAllOthers ? [] : this.data);
    for (const [k, v] of Object.entries(values)) {
      if (Buffer.byteLength(String(v)) > QUOTAS.propertyValueBytes)
        throw new Error("Argument too large: value");
      next.set(k, String(v));
    }
    let bytes = 0;
    for (const [k, v] of next) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
    if (bytes > QUOTAS.propertyStoreBytes)
      throw new Error(
        "You have exceeded the property storage quota. Please remove some properties and try again.",
      );
    this.data = next;
  }
  delete(key: string): void {
    this.data.delete(key);
  }
  all(): Record<string, string> {
    return Object.fromEntries(this.data);
  }
}

/**
 * CacheService's store: entries expire, at most 1,000 are kept and, past that, only the 900
 * farthest from expiration survive (Cache reference, put). Limits throw as Google's do.
 */
export class CacheStore {
  private data = new Map<string, { value: string; expiresAt: number }>();
  /** The most items the cache held at once, and every key evicted to make room. */
  itemsMax = 0;
  readonly evicted: string[] = [];

  constructor(private readonly now: () => number) {}

  get(key: string): string | null {
    const entry = this.data.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.data.delete(key);
      return null;
    }
    return entry.value;
  }
  /** Stores without Google's checks (a test setting the scene). */
  set(key: string, value: string, ttlSeconds: number = QUOTAS.cacheMaxExpirySeconds): void {
    this.data.delete(key); // re-inserted: the newest write of equal expiry is kept first
    this.data.set(key, { value: String(value), expiresAt: this.now() + ttlSeconds * 1000 });
  }
  delete(key: string): void {
    this.data.delete(key);
  }
  size(): number {
    this.expire();
    return this.data.size;
  }
  all(): Record<string, string> {
    this.expire();
    return Object.fromEntries([...this.data].map(([k, e]) => [k, e.value]));
  }

  /** CacheService put/putAll: checks every pair first, then stores them and applies the cap. */
  putAll(values: Record<string, string>, ttlSeconds: number = QUOTAS.cacheDefaultExpirySeconds): void {
    if (ttlSeconds > QUOTAS.cacheMaxExpirySeconds)
      throw new Error(`expirationInSeconds must be at most ${QUOTAS.cacheMaxExpirySeconds}`);
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== "string") throw new Error("Cache values must be strings");
      if (key.length > QUOTAS.cacheKeyChars) throw new Error("Argument too large: key");
      if (Buffer.byteLength(value) > QUOTAS.cacheValueBytes) throw new Error("Argument too large: value");
    }
    for (const [key, value] of Object.entries(values)) this.set(key, value, ttlSeconds);
    // Expired entries are not held: they count neither toward the cap nor in the high-water mark.
    this.expire();
    this.itemsMax = Math.max(this.itemsMax, this.data.size);
    if (this.data.size <= QUOTAS.cacheItemCap) return;
    // Farthest from expiration first; among equals the later write (Map order is write order).
    const ranked = [...this.data].map(([k, e], order) => ({ k, at: e.expiresAt, order }));
    ranked.sort((a, b) => b.at - a.at || b.order - a.order);
    for (const { k } of ranked.slice(QUOTAS.cacheItemsKept)) {
      this.data.delete(k);
      this.evicted.push(k);
    }
  }

  private expire(): void {
    const now = this.now();
    for (const [k, e] of this.data) if (e.expiresAt <= now) this.data.delete(k);
  }
}

/** A trigger Google did not run: the day's trigger runtime is spent (the user's action stands). */
export class TriggerRefused extends Error {
  constructor() {
    super("Service using too much computer time for one day");
  }
}

/** What one execution cost: modelled time, its parts, and what it asked of each service. */
export interface ExecutionRecord {
  id: number;
  fn: string;
  kind: ExecutionKind;
  /** The emulator's clock when it started (epoch ms). */
  startedAt: number;
  /** Modelled total: start + services + JavaScript. */
  modelledMs: number;
  serviceMs: number;
  jsMs: number;
  cellsRead: number;
  cellsWritten: number;
  roundTrips: number;
  /** Calls of every service by "Service.method" (SpreadsheetApp calls by method name). */
  calls: Record<string, number>;
  /** Set when Google would have stopped it (a quota or limit). */
  error?: string;
  /** Handle calls (getRange, the event's range, getName…): no round trip, charged handleMs each. */
  handleCalls: number;
  /** Milliseconds spent waiting for the script lock (charged: Google bills the wait as runtime). */
  lockWaitMs: number;
  /** Writes were still pending when the run ended: Apps Script's own flush, charged flushMs. */
  endFlush: boolean;
  /** A fault injected here (emu.faults): the service call that threw. */
  injectedFault?: string;
  /** What started it: the tag of the agenda act it ran in (emu.schedule), if any. */
  tag?: string;
  /** Charges so far (service calls, handles): where a parked execution asked for the lock. */
  charges: number;
}

/**
 * An execution waiting for the lock that an execution beneath it on the JavaScript stack holds
 * (the agenda on, docs/emulator.md "Concurrency"): unwound, and run again when the lock frees.
 */
interface ParkedExecution {
  fn: string;
  args: unknown[];
  kind: ExecutionKind;
  runningAs: string | null;
  record: ExecutionRecord;
  /** The charges up to and including its lock call: replayed for free when it runs again. */
  charges: number;
  /** When it asked, on the clock, and how long it would wait. */
  askedAt: number;
  timeoutMs: number;
  /**
   * What wakes it: the holder's release, or the moment it asked (an execution beneath it was
   * behind it on the clock and might have asked first).
   */
  wake: "release" | "scheduled" | "woken";
  /** What the person typed into its prompts before it parked, in order. */
  prompted: string[];
  /** Its JavaScript time before it parked, and what a fault left to count. */
  jsMs: number;
  faultAt: number;
  then?: (value: unknown) => void;
}

/** Unwinds a parked execution; every call it makes after parking throws it again. */
class Parked extends Error {
  constructor() {
    super("parked: waiting for the script lock");
  }
}

/** Google's answer when a service fails for no reason of the script's (a transient server error). */
export const SERVER_ERROR = "We're sorry, a server error occurred. Please wait a bit and try again.";

/** Faults to inject (issue 22): a share of trigger runs throw at a random service call. */
export interface Faults {
  /** The share of trigger executions that throw at one of their service calls (0.01: 1 %). */
  triggerRunFailureRate: number;
  /** The next this-many `create()` calls of a trigger builder throw. */
  failTriggerCreates: number;
  /** The random source (seeded by the caller for a repeatable day). */
  random: () => number;
}

/** The options of UrlFetchApp.fetch the script uses (UrlFetchApp reference, "Advanced parameters"). */
export interface UrlFetchParams {
  method?: string;
  contentType?: string;
  headers?: Record<string, string>;
  payload?: string;
  muteHttpExceptions?: boolean;
}

export class AppsScriptEmulator {
  readonly counter: Counter = { roundTrips: 0, calls: new Map() };
  readonly spreadsheet = new EmuSpreadsheet("sheet-0001", this.counter);
  readonly scriptProperties = new Store();
  readonly cache = new CacheStore(() => this.now.getTime());
  /** Every execution's cost, in order (the cost model; docs/emulator.md). */
  readonly executionLog: ExecutionRecord[] = [];
  /** Modelled trigger runtime inside the current 24-hour quota window, and when it began. */
  triggerRuntime = { windowStart: Number.NEGATIVE_INFINITY, usedMs: 0 };
  /** Trigger executions Google refused because the daily trigger runtime was spent. */
  readonly refusedTriggers: { fn: string; at: number }[] = [];
  /** Executions running at this moment (nested when a test interleaves one into another). */
  private running: ExecutionRecord[] = [];
  /**
   * Executions overlap on the emulator's clock (issue 22; off by default, where each execution
   * is one a person starts after the last ended). On: an execution started at `now` while an
   * earlier one's modelled span [start, start + modelledMs] is still open runs beside it: it
   * counts toward the 30 simultaneous executions, and when it asks for the script lock that the
   * other holds on the clock it waits (charged) until the release, or until its timeout passes.
   * Executions run one at a time in the order they start (a time-ordered scheduler), so the lock
   * goes to them first come, first served.
   */
  overlap = false;
  /** When the script lock is next free on the emulator's clock (the last holder's release). */
  private lockFreeAt = Number.NEGATIVE_INFINITY;
  /** Ends of the executions that finished, on the clock (those still open count as running). */
  private spans: number[] = [];
  /** The most executions running at once on the clock (overlap on), this one included. */
  peakConcurrent = 0;
  /** Every wait for the lock: who, when, how long, and whether it got the lock. */
  readonly lockWaits: {
    id: number;
    fn: string;
    kind: ExecutionKind;
    at: number;
    waitedMs: number;
    got: boolean;
  }[] = [];
  /** Faults to inject; none by default. */
  faults: Faults = { triggerRunFailureRate: 0, failTriggerCreates: 0, random: Math.random };
  /** Every fault injected: the execution, when, and the call that threw. */
  readonly injectedFaults: { fn: string; at: number; call: string }[] = [];
  private chosenCosts: CostModel = { ...COST_MODEL };
  /** The cost figures charged: the floor (COST_MODEL) unless set to COST_MODEL_WORST. */
  get costs(): CostModel {
    return this.chosenCosts;
  }
  set costs(costs: CostModel) {
    this.chosenCosts = { ...costs };
    this.counter.costs = this.chosenCosts;
  }
  /**
   * Google's per-execution and daily limits apply (the default). A test setting its scene (a
   * season written straight into the sheet, as an import leaves it) may lift them for that step.
   */
  enforceLimits = true;
  /** Calls of services other than SpreadsheetApp since the emulator started, by "Service.method". */
  readonly serviceCalls = new Map<string, number>();
  readonly triggers: TriggerRecord[] = [];
  readonly menus: { title: string; items: [string, string][] }[] = [];
  readonly logs: string[] = [];
  /** Locks released while writes were still batched (each a possible stale read elsewhere). */
  readonly unflushedReleases: string[] = [];
  /** The outside world UrlFetchApp reaches (a test's fake provider); null: no network. */
  urlFetch: ((url: string, params: UrlFetchParams) => { status: number; body: string } | null) | null = null;
  /** Every UrlFetchApp.fetch made, in order (the payload included, for the tests' checks). */
  readonly fetches: { url: string; params: UrlFetchParams }[] = [];
  /** What the person types into the next Ui.prompt dialogs, in order. */
  readonly promptAnswers: string[] = [];
  /** Sidebars, dialogs and alerts shown, newest last. */
  readonly shown: { kind: "sidebar" | "dialog" | "alert"; title: string; content: string }[] = [];
  /** The cell the user has selected (for menu items that act on it). */
  selection = { sheet: "주문", row: 1 };
  /** The web app's URL once deployed; null before. */
  webAppUrl: string | null = "https://script.google.com/macros/s/EMULATED/exec";
  now = new Date("2026-07-12T09:00:00+09:00");
  /** What getActiveSpreadsheet() gives a web-app execution (see WebAppActive); null: the default. */
  private chosenWebAppActive: WebAppActive | null = null;
  get webAppActive(): WebAppActive {
    return this.chosenWebAppActive ?? DEFAULT_WEBAPP_ACTIVE;
  }
  set webAppActive(active: WebAppActive) {
    this.chosenWebAppActive = active;
  }
  /** The account that deployed the web app and owns the script (the web app runs as it). */
  owner = "tony@example.com";
  /** The person at the keyboard for menu and sidebar executions (an editor of the sheet). */
  user = "tony@example.com";
  /** Date.now() in a script follows its execution's modelled clock (off: frozen at its start). */
  scriptClockRuns = false;
  /** What an edit event's `user` says: often blank (Google shows it only within one domain). */
  eventUser = "";
  /** The installer a trigger execution runs as. */
  private runningAs: string | null = null;
  private code: string;
  private lockHolder: number | null = null;
  private executions = 0;
  /** Set by a test: runs once inside the current execution after N round trips. */
  private interleaved: { after: number; run: () => void } | null = null;

  /** The manifest's scopes: a service whose scope is missing fails as it does in Apps Script. */
  private scopes: string[];

  /** The project's HTML files (clasp pushes dist/*.html beside Code.js), by name without ".html". */
  private htmlFiles = new Map<string, string>();

  constructor(distDir = process.env.PEACH_DIST ?? join(__dirname, "..", "..", "dist")) {
    this.code = readFileSync(join(distDir, "Code.js"), "utf8");
    for (const file of readdirSync(distDir).filter((f) => f.endsWith(".html")))
      this.htmlFiles.set(file.slice(0, -".html".length), readFileSync(join(distDir, file), "utf8"));
    const manifest = JSON.parse(readFileSync(join(distDir, "appsscript.json"), "utf8")) as {
      oauthScopes?: string[];
    };
    this.scopes = manifest.oauthScopes ?? [];
    this.counter.costs = this.chosenCosts;
  }

  /**
   * Runs an entry point as a new execution and reports its round trips. `then` gets its value
   * when it ends: at once, or, for an execution parked on the lock (the agenda on), when it runs
   * again (`parked` is then true and `value` undefined).
   */
  run(
    fn: string,
    args: unknown[] = [],
    kind: ExecutionKind = "menu",
    then?: (value: unknown) => void,
  ): { value: unknown; roundTrips: number; parked?: boolean } {
    return this.execute(fn, args, kind, null, then);
  }

  private execute(
    fn: string,
    args: unknown[],
    kind: ExecutionKind,
    resume: ParkedExecution | null,
    then?: (value: unknown) => void,
  ): { value: unknown; roundTrips: number; parked?: boolean } {
    const id = resume ? resume.record.id : ++this.executions;
    if (!resume && kind === "trigger" && this.enforceLimits) this.admitTrigger(fn);
    const startedAt = resume ? resume.record.startedAt : this.now.getTime();
    if (this.overlap) this.spans = this.spans.filter((end) => end > startedAt);
    if (!resume) {
      const alongside = this.running.length + this.parked.length + (this.overlap ? this.spans.length : 0);
      if (alongside >= QUOTAS.simultaneousExecutions) throw new Error("There are too many scripts running.");
      this.peakConcurrent = Math.max(this.peakConcurrent, alongside + 1);
    }
    const record: ExecutionRecord = resume?.record ?? {
      id,
      fn,
      kind,
      startedAt,
      modelledMs: this.costs.startMs,
      serviceMs: 0,
      jsMs: 0,
      cellsRead: 0,
      cellsWritten: 0,
      roundTrips: 0,
      calls: {},
      handleCalls: 0,
      lockWaitMs: 0,
      endFlush: false,
      charges: 0,
      ...(this.tags.length > 0 ? { tag: this.tags[this.tags.length - 1] } : {}),
    };
    // A fault for this run: it throws at its n-th service call (1 to 8; a run with fewer survives).
    const doomed = resume
      ? resume.faultAt
      : kind === "trigger" && this.faults.triggerRunFailureRate > 0
        ? this.faults.random() < this.faults.triggerRunFailureRate
          ? 1 + Math.floor(this.faults.random() * 8)
          : 0
        : 0;
    this.faultAt.set(id, doomed);
    // Run again after parking: its calls up to its lock request are replayed, not charged again.
    if (resume)
      // Every call until it asks for the lock again is free: the first run paid for them (the
      // path may differ when run again: a cache entry since expired or filled).
      this.replaying.set(id, {
        skip: Number.POSITIVE_INFINITY,
        parked: { ...resume, prompted: [...resume.prompted] },
      });
    this.running.push(record);
    if (process.env.PEACH_TRACE_CALLS)
      console.error(`execution ${id} ${fn} at ${new Date(record.startedAt).toISOString()}`);
    this.beforeExecution?.(record);
    const outerCharge = this.counter.charge;
    // The script's time is the CPU this process spent, not the wall clock: on a machine shared
    // with other work the wall clock counts their time too (five times over on a loaded 2-core
    // machine), and Google would not charge that.
    const started = process.cpuUsage();
    const googleSideBefore = this.counter.googleSideMs ?? 0;
    const nestedBefore = this.nestedJsMs;
    const elapsedMs = () => {
      const used = process.cpuUsage(started);
      // What the emulator did for Google (a TextFinder's search) is charged by the cost model;
      // executions run inside this one (the agenda) are charged to themselves.
      return (
        (used.user + used.system) / 1000 -
        ((this.counter.googleSideMs ?? 0) - googleSideBefore) -
        (this.nestedJsMs - nestedBefore)
      );
    };
    this.counter.charge = (ms, read, written) => {
      if (written > 0 && (this.replaying.get(id)?.skip ?? 0) > 0)
        throw this.violation(`${fn} wrote to the sheet before its lock, so it cannot be run again`);
      if (!this.chargeService(record, ms, elapsedMs, "SpreadsheetApp")) return false;
      record.cellsRead += read;
      record.cellsWritten += written;
      return true;
    };
    const outerHandle = this.counter.handle;
    this.counter.handle = (method) => {
      if (!this.chargeService(record, this.costs.handleMs, elapsedMs)) return;
      if (process.env.PEACH_TRACE_CALLS) console.error(`  handle ${method}`);
      record.handleCalls++;
    };
    const outerRealm = this.counter.toScript; // an execution interleaved into another hands its realm back
    const before = this.counter.roundTrips;
    const callsBefore = new Map(this.counter.calls);
    const outerPending = this.counter.pendingWrites ?? 0;
    this.pendingBeneath.push(outerPending);
    this.elapsedOf.set(id, elapsedMs);
    this.counter.pendingWrites = 0;
    let parked = false;
    let value: unknown;
    try {
      const context = this.context(id, kind, record, elapsedMs);
      compiled(this.code).runInContext(context);
      const target = context[fn];
      if (typeof target !== "function") throw new Error(`${fn} is not a top-level function of Code.js`);
      value = (target as (...a: unknown[]) => unknown)(...args.map((a) => this.toContext(context, a)));
      parked = this.parked.some((p) => p.record === record);
      if (parked) return { value: undefined, roundTrips: this.counter.roundTrips - before, parked };
      // A web-app call other than doGet comes from the page through google.script.run.
      if (kind === "webapp" && fn !== "doGet") assertTransferable(value);
      if (record.error) throw new Error(record.error); // caught by the script, still fatal
      return { value, roundTrips: this.counter.roundTrips - before };
    } catch (error) {
      parked = this.parked.some((p) => p.record === record);
      if (parked) return { value: undefined, roundTrips: this.counter.roundTrips - before, parked };
      record.error ??= (error as Error).message;
      throw error;
    } finally {
      // Run again, it ended without asking for the lock: its first run's path is not this one.
      if (resume && this.replaying.has(id) && !parked)
        this.violation(`${fn} ended without asking for the lock when run again after waiting for it`);
      this.replaying.delete(id);
      if (!parked) this.prompted.delete(id);
      const heldLock = this.lockHolder === id;
      if (heldLock) this.lockHolder = null; // Apps Script releases locks when a run ends
      // The end of an execution applies its batched writes: Apps Script's own flush, charged.
      if (!parked && (this.counter.pendingWrites ?? 0) > 0) {
        record.endFlush = true;
        record.serviceMs += this.costs.flushMs;
        record.modelledMs += this.costs.flushMs;
      }
      this.counter.toScript = outerRealm;
      this.counter.pendingWrites = outerPending;
      this.pendingBeneath.pop();
      this.elapsedOf.delete(id);
      this.counter.charge = outerCharge;
      this.counter.handle = outerHandle;
      const faultsLeft = this.faultAt.get(id) ?? 0;
      this.faultAt.delete(id);
      this.running.pop();
      record.roundTrips += this.counter.roundTrips - before;
      for (const [method, n] of this.counter.calls) {
        const delta = n - (callsBefore.get(method) ?? 0);
        if (delta > 0) record.calls[method] = (record.calls[method] ?? 0) + delta;
      }
      // JavaScript time is the run's CPU less nested executions' (charged to them).
      const js = Math.max(0, elapsedMs());
      this.nestedJsMs += js;
      if (parked) {
        const entry = this.parked.find((p) => p.record === record)!;
        entry.args = args;
        entry.jsMs += js;
        entry.faultAt = faultsLeft;
        entry.then = then;
        if (entry.wake === "scheduled") this.wake(entry, entry.askedAt);
      } else {
        record.jsMs = js + (resume?.jsMs ?? 0);
        record.modelledMs += record.jsMs;
        this.executionLog.push(record);
        if (this.overlap) {
          this.spans.push(record.startedAt + record.modelledMs);
          if (heldLock) {
            this.lockFreeAt = Math.max(this.lockFreeAt, record.startedAt + record.modelledMs);
            this.wakeParked();
          }
        }
        if (kind === "trigger" && this.enforceLimits) this.triggerRuntime.usedMs += record.modelledMs;
        this.afterExecution?.(record);
        if (then && !record.error) then(value);
      }
    }
  }

  /**
   * The agenda (overlap on): acts at moments of the clock, run in time order. An act falls due
   * inside a running execution when that execution's clock (its start plus what it has cost)
   * passes the act's moment: it runs there, beside it, as Google would start it while the other
   * runs. `tag` names who acted (each execution the act starts carries it).
   */
  schedule(at: number, act: () => void, tag?: string): void {
    const entry = { at, seq: this.agendaSeq++, act, ...(tag !== undefined ? { tag } : {}) };
    let lo = 0;
    let hi = this.agenda.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.agenda[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.agenda.splice(lo, 0, entry);
  }

  /** Lives the agenda to its end; what Google stops (6 minutes, too many executions) is kept. */
  runAgenda(): void {
    this.agendaOn = true;
    try {
      while (this.agenda.length > 0) this.runNext();
      // The script's own catch may have swallowed one: the day's picture is wrong, say so.
      if (this.violations.length > 0) throw new Error(`emulator: ${this.violations.join("; ")}`);
      if (this.parked.length > 0)
        throw new Error(`emulator: ${this.parked.length} executions still wait for a lock no one holds`);
    } finally {
      this.agendaOn = false;
    }
  }

  /** Where the emulator could not model Google faithfully (runAgenda throws with them). */
  readonly violations: string[] = [];
  private violation(message: string): Error {
    this.violations.push(message);
    return new Error(`emulator: ${message}`);
  }

  /** Errors that ended an act of the agenda (Google stopped it), by message, in order. */
  readonly agendaErrors: string[] = [];
  /** Called as every execution starts (and starts again after parking) and after it ends. */
  beforeExecution?: (record: ExecutionRecord) => void;
  afterExecution?: (record: ExecutionRecord) => void;
  /**
   * Called after every charged call, with the moment the calling execution has reached on its
   * own clock (`at`) and the latest moment any running execution has reached.
   */
  afterCall?: (record: ExecutionRecord, at: number, latest: number) => void;

  private agenda: { at: number; seq: number; act: () => void; tag?: string }[] = [];
  private agendaSeq = 0;
  private agendaOn = false;
  private tags: string[] = [];
  private nestedJsMs = 0;
  /** Executions waiting on the lock an execution beneath them holds, in the order they asked. */
  private parked: ParkedExecution[] = [];
  /** Executions running again after parking: the calls still to replay without charge. */
  private replaying = new Map<number, { skip: number; parked: ParkedExecution }>();
  /** Prompt answers each running execution took (given back to it when it runs again). */
  private prompted = new Map<number, string[]>();

  private runNext(): void {
    const entry = this.agenda.shift()!;
    if (process.env.PEACH_TRACE_CALLS)
      console.error(
        `agenda ${new Date(entry.at).toISOString()} ${entry.tag ?? ""} (running ${this.running.map((r) => r.id).join(",")})`,
      );
    const outerNow = this.now;
    this.now = new Date(entry.at);
    if (entry.tag !== undefined) this.tags.push(entry.tag);
    try {
      entry.act();
    } catch (error) {
      this.agendaErrors.push((error as Error).message);
    } finally {
      if (entry.tag !== undefined) this.tags.pop();
      // Back inside the execution it ran in, the clock is that execution's again.
      if (this.running.length > 0) this.now = outerNow;
    }
  }

  /** Runs the acts due by `clock` inside the execution that reached it. */
  private runDue(clock: number): void {
    while (this.agenda.length > 0 && this.agenda[0]!.at <= clock) this.runNext();
  }

  /** The lock's holder ended: those parked on it run again, in order, when it freed. */
  private wakeParked(): void {
    for (const p of this.parked)
      if (p.wake === "release") this.wake(p, Math.min(this.lockFreeAt, p.askedAt + p.timeoutMs));
  }

  /** Runs a parked execution again at `at` on the agenda. */
  private wake(p: ParkedExecution, at: number): void {
    p.wake = "woken";
    this.schedule(
      at,
      () => {
        this.parked = this.parked.filter((q) => q !== p);
        const outer = this.runningAs;
        this.runningAs = p.runningAs;
        try {
          this.execute(p.fn, p.args, p.kind, p, p.then);
        } finally {
          this.runningAs = outer;
        }
      },
      p.record.tag,
    );
  }

  /**
   * The clock of the slowest execution running beneath `above` (or of all running): the moment
   * the day has surely reached, since each of them still runs from there.
   */
  private clockBeneath(above?: ExecutionRecord): number {
    let min = Number.POSITIVE_INFINITY;
    for (const r of this.running) {
      if (r === above) break;
      min = Math.min(min, this.clockOf(r));
    }
    return min;
  }

  /** Where a running execution is on the clock: its start, what it was charged, its JavaScript. */
  private clockOf(r: ExecutionRecord): number {
    return r.startedAt + r.modelledMs + (this.elapsedOf.get(r.id)?.() ?? 0);
  }

  /** The running executions' JavaScript time so far, by id. */
  private elapsedOf = new Map<number, () => number>();
  /** The writes pending in each execution beneath the running one (each has its own batch). */
  private pendingBeneath: number[] = [];

  /** Whether any running execution has writes not yet applied (no read or flush since). */
  writesPending(): boolean {
    return (this.counter.pendingWrites ?? 0) > 0 || this.pendingBeneath.some((n) => n > 0);
  }

  /**
   * Google refuses a trigger execution once the day's trigger runtime is spent ("Service using
   * too much computer time for one day"); the quota resets 24 hours after its first use.
   */
  private admitTrigger(fn: string): void {
    const now = this.now.getTime();
    if (now - this.triggerRuntime.windowStart >= 24 * 3600 * 1000)
      this.triggerRuntime = { windowStart: now, usedMs: 0 };
    if (this.triggerRuntime.usedMs >= QUOTAS.triggerRuntimeMsPerDay) {
      this.refusedTriggers.push({ fn, at: now });
      throw new TriggerRefused();
    }
  }

  /** Per running execution: the service call at which an injected fault throws (0: none). */
  private faultAt = new Map<number, number>();

  /**
   * Charges a service call and stops the execution past 6 minutes, as Google does. `service`
   * names a service call (not a handle or a lock wait): an injected fault may throw there,
   * before the call has any effect.
   */
  private chargeService(
    record: ExecutionRecord,
    ms: number,
    elapsedMs: () => number,
    service?: string,
  ): boolean {
    // A parked execution is being unwound: whatever its own catch tries next does nothing.
    if (this.parked.some((p) => p.record === record)) throw new Parked();
    const replay = this.replaying.get(record.id);
    if (replay && replay.skip > 0) {
      replay.skip--; // charged when it first ran, before it parked
      return false;
    }
    record.charges++;
    if (service && service !== "SpreadsheetApp" && process.env.PEACH_TRACE_CALLS)
      console.error(`  call ${service} ${ms} ms`);
    const doomed = this.faultAt.get(record.id) ?? 0;
    if (service && doomed > 0 && this.faultAt.set(record.id, doomed - 1) && doomed === 1) {
      record.injectedFault = service;
      this.injectedFaults.push({ fn: record.fn, at: record.startedAt, call: service });
      throw new Error(SERVER_ERROR);
    }
    record.serviceMs += ms;
    record.modelledMs += ms;
    if (service && process.env.PEACH_TRACE_CALLS) {
      // Where the call ends on the clock, and whose it is (executions interleave in the trace).
      const end = new Date(record.startedAt + record.modelledMs + elapsedMs()).toISOString().slice(11, 23);
      console.error(`    = #${record.id} ${end}`);
    }
    if (this.enforceLimits && record.modelledMs + elapsedMs() > QUOTAS.executionMs) {
      // Google ends the execution: a script's own catch cannot keep it going.
      record.error = "Exceeded maximum execution time";
      throw new Error(record.error);
    }
    if (this.afterCall) {
      // The latest moment any running execution has reached (this one with its JavaScript).
      const at = record.startedAt + record.modelledMs + elapsedMs();
      let latest = at;
      for (const r of this.running) latest = Math.max(latest, this.clockOf(r));
      this.afterCall(record, at, latest);
    }
    // Acts of the agenda that fall due while this runs start beside it: due once every running
    // execution has passed their moment.
    if (this.agendaOn) this.runDue(this.clockBeneath());
    return true;
  }

  /**
   * Every function google.script.run could name: the top-level functions of Code.js, found by
   * loading it into an empty global scope (what Apps Script exposes, whatever the source says).
   */
  topLevelFunctions(): string[] {
    const context = vm.createContext({});
    const before = new Set(Object.getOwnPropertyNames(context));
    vm.runInContext(this.code, context, { filename: "Code.js" });
    return Object.getOwnPropertyNames(context).filter(
      (n) => !before.has(n) && typeof (context as Record<string, unknown>)[n] === "function",
    );
  }

  /**
   * An editor opens a sidebar or dialog from the menu; returns a caller for the functions that
   * page may run, each call carrying the key the page was given (as window.peachRun adds it).
   */
  openPage(menuItem: string): (fn: string, ...args: unknown[]) => unknown {
    this.run(menuItem, [], "menu");
    const shown = this.shown[this.shown.length - 1];
    const key = /window\.peachRun = [\s\S]*?\}\)\("([0-9a-f]{64})"\);/.exec(shown?.content ?? "")?.[1];
    if (!key) throw new Error(`${menuItem} opened no page with a key`);
    return (fn, ...args) => {
      const { value } = this.run(fn, [key, ...args], "menu");
      assertTransferable(value);
      return value;
    };
  }

  /** Runs a function of some other script (a baseline for the benchmarks) as a new execution. */
  runSource(source: string, fn: string, args: unknown[] = []): { value: unknown; roundTrips: number } {
    const context = this.context(++this.executions, "menu");
    vm.runInContext(source, context, { filename: "baseline.js" });
    const before = this.counter.roundTrips;
    const value = (context[fn] as (...a: unknown[]) => unknown)(...args);
    return { value, roundTrips: this.counter.roundTrips - before };
  }

  /** Runs `run` once, inside the next execution, after it made `after` round trips. */
  interleave(after: number, run: () => void): void {
    this.interleaved = { after, run };
    let seen = 0;
    this.counter.onRoundTrip = () => {
      if (!this.interleaved || ++seen < after) return;
      const { run: body } = this.interleaved;
      this.interleaved = null;
      this.counter.onRoundTrip = undefined;
      body();
    };
  }

  /**
   * A person types or pastes into the sheet: values land as Sheets converts typed input, then
   * installable on-edit triggers run with the event object Google sends (`value` and `oldValue`
   * only for a single cell).
   */
  edit(sheetName: string, row: number, column: number, values: unknown[][]): { roundTrips: number } {
    const sheet = this.spreadsheet.tab(sheetName);
    const single = values.length === 1 && values[0]!.length === 1;
    const oldValue = single ? sheet.get(row, column) : undefined;
    values.forEach((r, i) => r.forEach((v, j) => sheet.put(row + i, column + j, v)));
    let roundTrips = 0;
    const editor = this.eventUser; // the event names who edited, whenever the trigger runs
    for (const trigger of this.triggers.filter((t) => t.type === "ON_EDIT")) {
      // The person's range, not a call of whichever execution is running as they type: charged to
      // none (before session 30 it was charged to that one, and let the agenda's next acts start
      // inside it first, so that edits made a second apart ran last-first).
      const handle = this.counter.handle;
      this.counter.handle = undefined;
      let range: ReturnType<typeof sheet.getRange>;
      try {
        range = sheet.getRange(row, column, values.length, values[0]!.length);
      } finally {
        this.counter.handle = handle;
      }
      const event: Record<string, unknown> = {
        range,
        source: this.spreadsheet,
        authMode: "FULL",
        triggerUid: trigger.id,
        user: { getEmail: () => editor },
      };
      if (single) {
        event.value = values[0]![0] === "" ? undefined : String(values[0]![0]);
        if (oldValue !== "" && oldValue !== undefined) event.oldValue = String(oldValue);
      }
      roundTrips += this.asInstaller(trigger, () => this.runTrigger(trigger.handler, [event]));
    }
    return { roundTrips };
  }

  /** Runs every time-driven trigger with this handler, as the clock would. */
  fireTimer(handler: string): number {
    const trigger = this.triggers.find((t) => t.type === "CLOCK" && t.handler === handler);
    if (!trigger) throw new Error(`no time-driven trigger for ${handler}`);
    return this.asInstaller(trigger, () => this.runTrigger(handler, [{ triggerUid: trigger.id }]));
  }

  /** A trigger execution; one Google refuses for quota runs nothing and costs nothing. */
  private runTrigger(handler: string, args: unknown[]): number {
    try {
      return this.run(handler, args, "trigger").roundTrips;
    } catch (error) {
      if (error instanceof TriggerRefused) return 0;
      throw error;
    }
  }

  private asInstaller<T>(trigger: TriggerRecord, body: () => T): T {
    const outer = this.runningAs;
    this.runningAs = trigger.owner;
    try {
      return body();
    } finally {
      this.runningAs = outer;
    }
  }

  /** The cells of a tab as getValues() would return them (no round trip). */
  values(sheetName: string): Cell[][] {
    const sheet = this.spreadsheet.tab(sheetName);
    const rows = sheet.lastRow();
    const cols = sheet.lastColumn();
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => sheet.get(r + 1, c + 1)),
    );
  }

  /** The rows of a tab below its header as objects keyed by header. */
  records(sheetName: string, headerRow = 1): Record<string, Cell>[] {
    const all = this.values(sheetName);
    const header = (all[headerRow - 1] ?? []).map(String);
    return all.slice(headerRow).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
  }

  private toContext(context: vm.Context, value: unknown): unknown {
    return isDate(value) ? (context.__makeDate as (ms: number) => Date)(value.getTime()) : value;
  }

  private context(
    id: number,
    kind: ExecutionKind,
    execution?: ExecutionRecord,
    elapsedMs: () => number = () => 0,
  ): vm.Context {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the services close over the emulator
    const emu = this;
    /** Counts a call of a service other than SpreadsheetApp and charges its modelled time. */
    const bill = (name: string, ms: number) => {
      if (execution && !emu.chargeService(execution, ms, elapsedMs, name)) return; // replayed
      emu.serviceCalls.set(name, (emu.serviceCalls.get(name) ?? 0) + 1);
      if (execution) execution.calls[name] = (execution.calls[name] ?? 0) + 1;
    };
    /** A handle-like call of a service (getUi, Session, HtmlService): no data, handleMs. */
    const handle = () => {
      if (!execution || !emu.chargeService(execution, emu.costs.handleMs, elapsedMs)) return;
      if (process.env.PEACH_TRACE_CALLS) console.error(`  handle (service)`);
      execution.handleCalls++;
    };
    const unwinding = () => emu.parked.some((p) => p.record === execution);
    /** Where this execution is on the emulator's clock now (its start plus what it has cost). */
    const clock = () =>
      execution ? execution.startedAt + execution.modelledMs + elapsedMs() : emu.now.getTime();
    /**
     * Taking the script lock. Nested (interleaved) holder: the lock stays busy past any wait. On
     * the clock (overlap): busy until the last holder's release; a wait within the timeout is
     * charged and the lock taken, a longer one charges the timeout and fails.
     */
    const acquire = (timeoutMs: number): boolean => {
      if (emu.lockHolder === id) return true;
      const replay = emu.replaying.get(id);
      // Run again after parking: it asked at its first run's moment, and waited from then.
      const askedAt = replay ? replay.parked.askedAt : clock();
      if (replay) {
        emu.replaying.delete(id);
      }
      if (emu.agendaOn && emu.overlap && execution) {
        const park = (wake: ParkedExecution["wake"]) => {
          emu.parked.push({
            fn: execution.fn,
            args: [], // set by execute as it unwinds
            kind,
            runningAs: emu.runningAs,
            record: execution,
            charges: execution.charges,
            askedAt,
            timeoutMs,
            jsMs: 0,
            faultAt: 0,
            prompted: emu.prompted.get(id) ?? [],
            wake,
          });
          throw new Parked();
        };
        // The holder still runs beneath this one on the JavaScript stack: this one waits for its
        // release, so it is unwound now and run again then (wakeParked).
        if (emu.running.some((r) => r.id === emu.lockHolder)) {
          if (timeoutMs > 0) park("release");
        } else if (emu.lockHolder === null && emu.clockBeneath(execution) < askedAt) {
          // An execution beneath has not reached this moment yet and may still ask first: this one
          // asks again when every one beneath has (the agenda runs it then).
          park("scheduled");
        }
      }
      const nested = emu.lockHolder !== null;
      if (!emu.overlap) {
        if (nested) return false; // the other run holds it past our wait
        emu.lockHolder = id;
        return true;
      }
      const wait = nested ? Number.POSITIVE_INFINITY : Math.max(0, emu.lockFreeAt - askedAt);
      const waited = Math.min(wait, Math.max(0, timeoutMs));
      if (waited > 0 && execution) {
        execution.lockWaitMs += waited;
        emu.chargeService(execution, waited, elapsedMs);
      }
      // A tryLock(0) that finds the lock held did not wait: it is no wait to report.
      if (wait > 0 && timeoutMs > 0)
        emu.lockWaits.push({
          id,
          fn: execution?.fn ?? "?",
          kind,
          at: execution?.startedAt ?? emu.now.getTime(),
          waitedMs: waited,
          got: wait <= timeoutMs,
        });
      if (wait > timeoutMs) return false;
      emu.lockHolder = id;
      return true;
    };
    const context: Record<string, unknown> = {
      // A parked execution's own catch may log its unwinding: not the script's output.
      console: {
        log: (...a: unknown[]) => void (unwinding() || emu.logs.push(a.join(" "))),
        error: (...a: unknown[]) => void (unwinding() || emu.logs.push(a.join(" "))),
      },
    };
    vm.createContext(context);
    // The execution's clock is the emulator's; dates handed to the script belong to its realm.
    // Opt-in (scriptClockRuns): Date.now() inside an execution moves with its modelled clock, as
    // Google's does; off, it stays at the execution's start.
    context.__now = () => (emu.scriptClockRuns && execution ? Math.round(clock()) : emu.now.getTime());
    vm.runInContext(
      `(() => { const RealDate = Date;
        class ScriptDate extends RealDate {
          constructor(...a) { if (a.length === 0) super(__now()); else super(...a); }
          static now() { return __now(); }
        }
        globalThis.Date = ScriptDate;
        globalThis.__makeDate = (ms) => new ScriptDate(ms);
      })();`,
      context,
    );
    const makeDate = context.__makeDate as (ms: number) => Date;
    this.counter.toScript = (v: Cell) => (isDate(v) ? makeDate(v.getTime()) : v);

    const ss = this.spreadsheet;
    const active = () => {
      if (kind !== "webapp") return ss;
      if (emu.chosenWebAppActive === null) defaultWebAppActiveReads.count++;
      return emu.webAppActive === "null" ? null : ss;
    };
    context.SpreadsheetApp = {
      getActiveSpreadsheet: active,
      getActive: active,
      openById: (sid: string) => {
        countTrip(emu.counter, "openById");
        if (sid !== ss.getId())
          throw new Error(
            "Unexpected error while getting the method or property openById on object SpreadsheetApp.",
          );
        return ss;
      },
      getUi: () => {
        handle();
        if (kind !== "menu") throw new Error("Cannot call SpreadsheetApp.getUi() from this context.");
        return {
          createMenu: (title: string) => {
            const menu = { title, items: [] as [string, string][] };
            const builder = {
              addItem: (label: string, fn: string) => (menu.items.push([label, fn]), builder),
              addSeparator: () => builder,
              addToUi: () => void emu.menus.push(menu),
            };
            return builder;
          },
          alert: (title: string, message?: string) =>
            void emu.shown.push({ kind: "alert", title, content: message ?? title }),
          // Ui.prompt: what the person types comes from `emu.promptAnswers` (none: Cancel).
          prompt: (title: string, message?: string) => {
            // Run again after parking, it gets what the person typed the first time.
            const replay = emu.replaying.get(id);
            if (replay && replay.skip > 0) {
              const again = replay.parked.prompted.shift();
              return {
                getSelectedButton: () => (again === undefined ? "CANCEL" : "OK"),
                getResponseText: () => again ?? "",
              };
            }
            emu.shown.push({ kind: "dialog", title, content: message ?? title });
            const answer = emu.promptAnswers.shift();
            if (answer !== undefined && execution)
              emu.prompted.set(id, [...(emu.prompted.get(id) ?? []), answer]);
            return {
              getSelectedButton: () => (answer === undefined ? "CANCEL" : "OK"),
              getResponseText: () => answer ?? "",
            };
          },
          Button: { OK: "OK", CANCEL: "CANCEL" },
          showSidebar: (output: { getContent(): string; getTitle(): string }) =>
            void emu.shown.push({ kind: "sidebar", title: output.getTitle(), content: output.getContent() }),
          showModalDialog: (output: { getContent(): string }, title: string) =>
            void emu.shown.push({ kind: "dialog", title, content: output.getContent() }),
          ButtonSet: { OK: "OK", OK_CANCEL: "OK_CANCEL" },
        };
      },
      getActiveSheet: () => {
        if (kind === "webapp") throw new Error("Cannot call getActiveSheet from a web app");
        const sheet = ss.tab(emu.selection.sheet);
        return Object.assign(Object.create(sheet), {
          getActiveRange: () => sheet.getRange(emu.selection.row, 1),
        });
      },
      newDataValidation: () => new EmuValidationBuilder(),
      flush: () => {
        if ((emu.counter.pendingWrites ?? 0) > 0) countTrip(emu.counter, "flush");
      },
    };
    // One lock per script project: the document lock and the script lock are the same here
    // (one sheet per project); the document lock is null outside a document (web apps).
    const lock = {
      tryLock: (ms: number) => {
        bill("LockService.tryLock", emu.costs.lockMs);
        return acquire(ms);
      },
      waitLock: (ms: number) => {
        bill("LockService.waitLock", emu.costs.lockMs);
        if (!acquire(ms)) throw new Error("Lock timeout: another process was holding the lock for too long.");
      },
      hasLock: () => (bill("LockService.hasLock", emu.costs.lockMs), emu.lockHolder === id),
      releaseLock: () => {
        bill("LockService.releaseLock", emu.costs.lockMs);
        if (emu.lockHolder !== id) return;
        if ((emu.counter.pendingWrites ?? 0) > 0)
          emu.unflushedReleases.push(`execution ${id}: ${emu.counter.pendingWrites} writes not flushed`);
        emu.lockHolder = null;
        if (emu.overlap) {
          emu.lockFreeAt = Math.max(emu.lockFreeAt, clock());
          emu.wakeParked();
        }
      },
    };
    context.LockService = {
      getDocumentLock: () => (kind === "webapp" ? null : lock),
      getScriptLock: () => lock,
    };
    const propertiesOf = (store: Store) => ({
      getProperty: (k: string) => (
        bill("PropertiesService.getProperty", emu.costs.propertiesGetMs),
        store.get(k)
      ),
      setProperty: (k: string, v: string) => {
        bill("PropertiesService.setProperty", emu.costs.propertiesSetMs);
        store.set(k, v);
      },
      setProperties: (values: Record<string, string>, deleteAllOthers?: boolean) => {
        bill("PropertiesService.setProperties", emu.costs.propertiesSetMs);
        store.setAll(values, deleteAllOthers === true);
      },
      deleteProperty: (k: string) => {
        bill("PropertiesService.deleteProperty", emu.costs.propertiesSetMs);
        store.delete(k);
      },
      getProperties: () => (bill("PropertiesService.getProperties", emu.costs.propertiesGetMs), store.all()),
    });
    context.PropertiesService = { getScriptProperties: () => propertiesOf(emu.scriptProperties) };
    const cache = {
      get: (k: string) => (bill("CacheService.get", emu.costs.cacheGetMs), emu.cache.get(k)),
      getAll: (keys: string[]) => {
        bill("CacheService.getAll", emu.costs.cacheGetAllMs);
        const found: Record<string, string> = {};
        for (const k of keys) {
          const v = emu.cache.get(k);
          if (v !== null) found[k] = v;
        }
        return found;
      },
      put: (k: string, v: string, ttl?: number) => {
        bill("CacheService.put", emu.costs.cachePutMs);
        emu.cache.putAll({ [k]: v }, ttl);
      },
      putAll: (values: Record<string, string>, ttl?: number) => {
        bill("CacheService.putAll", emu.costs.cachePutAllMs);
        emu.cache.putAll(values, ttl);
      },
      remove: (k: string) => (bill("CacheService.remove", emu.costs.cacheRemoveMs), emu.cache.delete(k)),
      removeAll: (keys: string[]) => {
        bill("CacheService.removeAll", emu.costs.cacheRemoveMs);
        for (const k of keys) emu.cache.delete(k);
      },
    };
    context.CacheService = { getScriptCache: () => cache, getDocumentCache: () => cache };
    context.Utilities = {
      getUuid: () => (bill("Utilities.getUuid", emu.costs.utilitiesMs), randomUUID()),
      // Utilities reference: "computeHmacSha256Signature(value, key) … Byte[]" (signed bytes).
      computeHmacSha256Signature: (value: string, key: string) => {
        bill("Utilities.computeHmacSha256Signature", emu.costs.utilitiesMs);
        const digest = createHmac("sha256", String(key)).update(String(value), "utf8").digest();
        return Array.from(digest, (b) => (b > 127 ? b - 256 : b));
      },
    };
    // UrlFetchApp (issue 24): needs the script.external_request scope; answers come from
    // `emu.urlFetch` (a test's provider) and are charged emu.costs.urlFetchMs each.
    context.UrlFetchApp = {
      fetch: (url: string, params: UrlFetchParams = {}) => {
        if (!emu.scopes.includes("https://www.googleapis.com/auth/script.external_request"))
          throw new Error(
            "You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request",
          );
        bill("UrlFetchApp.fetch", emu.costs.urlFetchMs);
        emu.fetches.push({ url: String(url), params });
        const answer = emu.urlFetch?.(String(url), params);
        if (!answer) throw new Error(`Exception: Address unavailable: ${String(url)}`);
        if (answer.status >= 400 && params.muteHttpExceptions !== true)
          throw new Error(`Exception: Request failed for ${String(url)} returned code ${answer.status}`);
        return {
          getResponseCode: () => answer.status,
          getContentText: () => answer.body,
        };
      },
    };
    const htmlOutput = (html: string) => {
      const output = {
        content: String(html),
        title: "",
        meta: {} as Record<string, string>,
        getContent: () => output.content,
        setTitle: (t: string) => ((output.title = t), output),
        getTitle: () => output.title,
        addMetaTag: (name: string, content: string) => {
          if (name !== "viewport" && !name.startsWith("apple-mobile") && name !== "mobile-web-app-capable") {
            throw new Error(`Meta tag ${name} is not allowed`);
          }
          output.meta[name] = content;
          return output;
        },
        setXFrameOptionsMode: () => output,
        setWidth: () => output,
        setHeight: () => output,
      };
      return output;
    };
    context.HtmlService = {
      // "Creates a new HtmlOutput object from a file in the code editor"; a name with no such
      // file throws (HtmlService reference, createHtmlOutputFromFile(filename)).
      createHtmlOutputFromFile: (name: string) => {
        bill("HtmlService.createHtmlOutputFromFile", emu.costs.htmlFileMs);
        const html = emu.htmlFiles.get(String(name));
        if (html === undefined) throw new Error(`Exception: No HTML file named ${String(name)} was found.`);
        handle();
        return htmlOutput(html);
      },
      createHtmlOutput: (html: string) => {
        bill("HtmlService.createHtmlOutput", emu.costs.htmlServiceMs);
        handle();
        return htmlOutput(html);
      },
    };
    // A web app executing as its owner has no active user for an anonymous visitor (blank
    // email); a menu item or sidebar runs under the authority of the person who clicked it.
    const installer = emu.runningAs ?? emu.owner;
    const activeEmail = kind === "webapp" ? "" : kind === "trigger" ? installer : emu.user;
    const effectiveEmail = kind === "menu" ? emu.user : kind === "trigger" ? installer : emu.owner;
    // Session's user methods need the userinfo.email scope (Session reference, "Authorization").
    const userScope = () => {
      if (!emu.scopes.includes("https://www.googleapis.com/auth/userinfo.email"))
        throw new Error(
          "You do not have permission to call Session.getActiveUser. Required permissions: https://www.googleapis.com/auth/userinfo.email",
        );
    };
    context.Session = {
      getScriptTimeZone: () => (handle(), "Asia/Seoul"),
      getActiveUser: () => (handle(), userScope(), { getEmail: () => activeEmail }),
      getEffectiveUser: () => (handle(), userScope(), { getEmail: () => effectiveEmail }),
    };
    context.ScriptApp = {
      getService: () => (
        bill("ScriptApp.getService", emu.costs.scriptAppMs),
        { getUrl: () => emu.webAppUrl }
      ),
      getProjectTriggers: () =>
        (bill("ScriptApp.getProjectTriggers", emu.costs.scriptAppMs), emu.triggers)
          .filter((t) => t.owner === effectiveEmail)
          .map((t) => ({
            getHandlerFunction: () => t.handler,
            getUniqueId: () => t.id,
            getEventType: () => t.type,
          })),
      deleteTrigger: (t: { getUniqueId(): string }) => {
        bill("ScriptApp.deleteTrigger", emu.costs.scriptAppMs);
        const i = emu.triggers.findIndex((x) => x.id === t.getUniqueId());
        if (i >= 0) emu.triggers.splice(i, 1);
      },
      newTrigger: (handler: string) => {
        const record: TriggerRecord = {
          id: randomUUID(),
          handler,
          type: "CLOCK",
          detail: "",
          owner: effectiveEmail,
        };
        const create = () => {
          bill("ScriptApp.newTrigger", emu.costs.scriptAppMs);
          if (emu.faults.failTriggerCreates > 0) {
            emu.faults.failTriggerCreates--; // issue 22: Google fails a create() now and then
            emu.injectedFaults.push({
              fn: execution?.fn ?? "?",
              at: emu.now.getTime(),
              call: "ScriptApp.newTrigger.create",
            });
            throw new Error(SERVER_ERROR);
          }
          emu.triggers.push(record);
          return { getUniqueId: () => record.id };
        };
        const clock = {
          everyMinutes: (n: number) => {
            if (![1, 5, 10, 15, 30].includes(n))
              throw new Error("The number of minutes must be 1, 5, 10, 15 or 30.");
            record.detail = `every ${n} minutes`;
            return clock;
          },
          everyHours: (n: number) => {
            if (!Number.isInteger(n) || n < 1)
              throw new Error("The number of hours must be a positive integer.");
            record.detail = `every ${n} hours`;
            return clock;
          },
          atHour: (h: number) => ((record.detail += `at ${h}h `), clock),
          nearMinute: (m: number) => ((record.detail += `near :${m} `), clock),
          everyDays: (d: number) => ((record.detail += `every ${d} days `), clock),
          inTimezone: (tz: string) => ((record.detail += tz), clock),
          create,
        };
        return {
          forSpreadsheet: () => ({
            onEdit: () => ((record.type = "ON_EDIT"), { create }),
          }),
          timeBased: () => clock,
        };
      },
    };
    return context;
  }
}
