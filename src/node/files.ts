/**
 * The CLI's work on a workbook file: open it, run the application layer with a fixed or real
 * clock, save it atomically. Every write goes through `withWorkbook`, under the workbook lock,
 * on a copy read after the lock was taken: two commands at once never save over each other.
 */
import { parcelsOfRows } from "../domain/season/shipments";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Host, KeyValueCache } from "../app/port";
import { indexLookups, isLookupCounter } from "../app/lookups";
import { MemoryCache } from "../local/memoryWorkbook";
import type { SyncResult } from "../app/sync";
import { sync } from "../app/sync";
import { seoulDateOf } from "../domain/clock";
import { statusLabel } from "../domain/status";
import { RECONCILE, localHost, playDemoSeason, type LocalHost } from "../local/demo";
import { lockWorkbook } from "../local/lock";
import { WorkbookFileError, XlsxWorkbook, assertWritable, removeLeftoverTemporaries } from "../local/xlsx";
import { tab } from "../templates";

export type FileHost = LocalHost<XlsxWorkbook>;

export async function openFile(path: string, now: Date, cache?: KeyValueCache): Promise<FileHost> {
  return localHost(await XlsxWorkbook.open(path), now, cache);
}

/** A new workbook from the templates, optionally with the demo season played into it. */
export async function initFile(path: string, demo: boolean, now: Date): Promise<FileHost> {
  const host = localHost(await XlsxWorkbook.create(path, seoulDateOf(now)), now);
  if (demo) playDemoSeason(host);
  else sync(host, RECONCILE);
  await host.workbook.save();
  return host;
}

export interface WorkbookOptions {
  /** A missing file is made from the templates (not saved until the work saves it). */
  create?: boolean;
  /** A missing file is made from the templates and the demo season, and saved. */
  createDemo?: Date;
}

/**
 * Runs `work` on the workbook under its lock: waits for another command to finish, removes a
 * temporary file a killed save left, reads the file as it is now, refuses a workbook with no
 * 주문 tab (Tony's own Excel file is imported, never changed in place). `work` saves.
 */
export async function withWorkbook<T>(
  path: string,
  command: string,
  now: Date,
  work: (host: FileHost) => Promise<T>,
  options: WorkbookOptions = {},
): Promise<T> {
  if (existsSync(path)) assertWritable(path);
  else if (options.create || options.createDemo) mkdirSync(dirname(path) || ".", { recursive: true });
  const lock = await lockWorkbook(path, `peach-orders ${command}`);
  try {
    removeLeftoverTemporaries(path);
    let host: FileHost;
    if (existsSync(path)) {
      host = await openFile(path, now);
    } else if (options.createDemo) {
      await initFile(path, true, options.createDemo);
      host = await openFile(path, now);
    } else if (options.create) {
      host = localHost(await XlsxWorkbook.create(path, seoulDateOf(now)), now);
    } else {
      throw new WorkbookFileError(`파일이 없습니다: ${path}`);
    }
    if (!host.workbook.sheet(tab("orders").name))
      throw new WorkbookFileError(
        `${path}에는 '${tab("orders").name}' 탭이 없습니다. 토니의 엑셀 파일이라면 npx peach-orders import ${path} --into 주문.xlsx 로 가져오세요`,
      );
    host.workbook.beforeReplace = () => lock.assertHeld();
    return await work(host);
  } finally {
    await lock.release();
  }
}

/** The same reconcile as the Apps Script timer, then the file saved. */
export async function syncFile(host: FileHost, todayTabDate?: string): Promise<SyncResult | null> {
  const result = sync(host, { ...RECONCILE, todayTabDate });
  await host.workbook.save();
  return result;
}

/**
 * A server's cache for one load of the workbook: views and misses start afresh with each load
 * (the file may have changed anything), while the lock-out counters live in the server process
 * for as long as it runs, shared by every load. In the process rather than in a file beside the
 * workbook: only a running server counts failed lookups, a file would be one more thing to lock
 * and to leave behind, and Tony restarting the server is his own decision, not an attacker's.
 */
class LoadCache implements KeyValueCache {
  private readonly own = new MemoryCache();
  constructor(private readonly counters: KeyValueCache) {}
  private of(key: string): KeyValueCache {
    return isLookupCounter(key) ? this.counters : this.own;
  }
  get(key: string): string | null {
    return this.of(key).get(key);
  }
  put(key: string, value: string, ttlSeconds?: number): void {
    this.of(key).put(key, value, ttlSeconds);
  }
  putAll(entries: Record<string, string>, ttlSeconds?: number): void {
    for (const [key, value] of Object.entries(entries)) this.put(key, value, ttlSeconds);
  }
  remove(key: string): void {
    this.of(key).remove(key);
  }
}

/**
 * A workbook a server follows: read again when the file changed (another command saved it), and
 * written only under the lock, on a fresh read, so a page's "보냄" never undoes a command's work.
 * Each load is reconciled and indexed for lookups once.
 */
export class FollowedFile {
  private seen = 0;
  private readonly counters = new MemoryCache();

  private constructor(
    readonly path: string,
    private readonly now: () => Date,
    private current: FileHost,
  ) {
    this.seen = statSync(path).mtimeMs;
  }

  static async open(path: string, now: () => Date): Promise<FollowedFile> {
    const file = new FollowedFile(path, now, await openFile(path, now()));
    file.adopt(file.current);
    return file;
  }

  /** A fresh load of the file: the server's counters, reconciled, indexed, then shown. */
  private adopt(host: FileHost, synced = false): void {
    host.cache = new LoadCache(this.counters);
    if (!synced) sync(host, RECONCILE);
    indexLookups(host);
    this.current = host;
  }

  get host(): FileHost {
    return this.current;
  }

  /** Reads the file again if it changed since it was last read. */
  async refresh(): Promise<void> {
    const mtime = statSync(this.path).mtimeMs;
    if (mtime === this.seen) return;
    this.seen = mtime;
    this.adopt(await openFile(this.path, this.now()));
  }

  /** Changes waiting for the lock; the ones that came in together are written in one save. */
  private pending: Pending[] = [];
  private draining = false;

  /**
   * `change` on the file as it is now, under the lock, saved; the server then shows the result.
   * Writes of this server are serialised: clicks that arrive while a save runs wait, then are
   * applied together, each once, on one fresh read and saved once.
   */
  write<T>(command: string, change: (host: Host) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ change, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain(command);
    });
  }

  private async drain(command: string): Promise<void> {
    this.draining = true;
    try {
      let first = true;
      while (this.pending.length > 0) {
        // Between two saves the lock is free a moment, so a command Tony started (which retries
        // every 100–250 ms) gets its turn while orders keep arriving.
        if (!first) await new Promise((done) => setTimeout(done, BETWEEN_SAVES_MS));
        first = false;
        const batch = this.pending.splice(0);
        let outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
        try {
          outcomes = await withWorkbook(this.path, command, this.now(), async (host) => {
            sync(host, RECONCILE);
            const done = batch.map((job) => {
              try {
                return { ok: true as const, value: job.change(host) };
              } catch (error) {
                return { ok: false as const, error };
              }
            });
            await host.workbook.save();
            this.adopt(host, true);
            this.seen = statSync(this.path).mtimeMs;
            return done;
          });
        } catch (error) {
          outcomes = batch.map(() => ({ ok: false, error }));
        }
        batch.forEach((job, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) job.resolve(outcome.value);
          else job.reject(outcome.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }
}

const BETWEEN_SAVES_MS = 300;

interface Pending {
  change: (host: Host) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** `sync --json`: a documented interface (README, docs/cli.md). */
/** `stopped`: why the pass returned null (`whyStopped`), listed as its one problem. */
export function syncJson(
  result: SyncResult | null,
  stopped: { field: string; message: string } | null,
): unknown {
  if (!result) {
    return {
      shipments: [],
      days: [],
      problems: [{ row: null, field: stopped?.field ?? "", message: stopped?.message ?? "" }],
    };
  }
  // Which parcel of its place each row travels in (1, 2, … when its items ripen apart).
  const parcelOf = new Map<number, number>();
  const readable = result.rows.filter((s) => s.fields && s.status !== "cancelled").map((s) => s.r);
  for (const p of parcelsOfRows(result.table, readable, result.settings))
    for (const r of p.members) parcelOf.set(r, p.parcel);
  return {
    shipments: result.rows.map((s) => ({
      rowId: s.rowId,
      orderCode: s.orderCode,
      recipient: result.table.text(s.r, "recipientName"),
      item: s.fields?.item ?? result.table.text(s.r, "item"),
      parcel: parcelOf.get(s.r) ?? 1,
      boxes: s.boxes,
      goods: s.amounts?.goods ?? null,
      shippingFee: s.amounts?.shippingFee ?? null,
      total: s.amounts?.total ?? null,
      payment: s.paid ? "paid" : "unpaid",
      status: s.status,
      statusLabel: statusLabel(s.status),
      shipDate: s.shipDate,
    })),
    days: result.days.map((d) => ({
      date: d.date,
      capacity: d.capacity,
      assigned: d.assigned,
      items: d.items ?? {},
    })),
    problems: [
      ...result.rows.flatMap((s) =>
        s.problems.map((p) => ({
          rowId: s.rowId,
          row: result.table.sheetRow(s.r),
          field: p.field,
          message: p.message,
        })),
      ),
      ...result.capacityProblems.map((p) => ({
        rowId: null,
        row: null,
        date: p.date,
        field: "출하량(상자)",
        message: p.message,
      })),
    ],
  };
}
