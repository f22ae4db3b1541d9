/**
 * The workbook lock: every command that writes an .xlsx takes it, so two commands at once never
 * save over each other's work. `proper-lockfile` makes `<file>.lock` (a directory: mkdir is
 * atomic) and refreshes its time while held; a lock nobody refreshes for 10 s is stale and taken
 * over. Beside it, `<file>.lock-owner.json` says who holds it (for the message), and lets a lock
 * of a dead process on this computer be recovered at once. A holder that finds its lock taken
 * over (it was stuck for longer than the stale time) refuses to save instead of overwriting.
 */
import lockfile from "proper-lockfile";
import { readFileSync, realpathSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, resolve } from "node:path";
import { seoulDateTimeOf } from "../domain/clock";
import { UserError } from "./userError";

const STALE_MS = 10_000;
const UPDATE_MS = 2_000;

/**
 * How long a second command waits for the lock; `PEACH_LOCK_WAIT_MS` changes it. A minute: the
 * order page's server takes the lock for each save while orders keep arriving, and a command
 * Tony started should wait its turn (saying so) rather than give up.
 */
export function lockWaitMs(): number {
  const fromEnv = Number(process.env.PEACH_LOCK_WAIT_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : 60_000;
}

/** A wait this long is worth a line; then one line every PROGRESS_EVERY_MS. */
const PROGRESS_AFTER_MS = 2_000;
const PROGRESS_EVERY_MS = 10_000;

export interface LockOwner {
  pid: number;
  host: string;
  /** What holds it: `peach-orders import`, `peach-orders tools (보냄)`. */
  command: string;
  since: number;
}

export interface WorkbookLock {
  /** Throws when another process took the lock over meanwhile: the work must not be saved. */
  assertHeld(): void;
  release(): Promise<void>;
}

/** The workbook's one name: a symbolic link or a relative path gives the file's real path. */
export function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path); // not there yet
  }
}

/** Beside the file itself: two names of one workbook (a symbolic link) share one lock. */
export const lockPathOf = (path: string): string => `${realPathOf(path)}.lock`;
const ownerPathOf = (path: string): string => `${lockPathOf(path)}-owner.json`;

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(ownerPathOf(path), "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock of a process of this computer that has ended, and that nobody has refreshed since. */
function heldByTheDead(path: string, owner: LockOwner | null): boolean {
  if (!owner || owner.host !== hostname() || alive(owner.pid)) return false;
  try {
    return Date.now() - statSync(lockPathOf(path)).mtimeMs > 2 * UPDATE_MS;
  } catch {
    return false;
  }
}

function busyMessage(path: string, owner: LockOwner | null): string {
  const who = owner
    ? ` (${owner.command}, 프로세스 ${owner.pid}${owner.host === hostname() ? "" : ` · ${owner.host}`}, ${seoulDateTimeOf(new Date(owner.since))}부터)`
    : "";
  return `${basename(path)} 파일을 다른 작업이 쓰고 있습니다${who}. 그 작업이 끝난 뒤 다시 실행하세요`;
}

function waitingMessage(path: string, owner: LockOwner | null, waitedMs: number, waitMs: number): string {
  const who = owner ? ` (${owner.command})` : "";
  return `${basename(path)} 파일을 다른 작업${who}이 쓰고 있어 기다립니다: ${Math.round(waitedMs / 1000)}초 지남, ${Math.round(waitMs / 1000)}초까지 기다립니다`;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits up to `waitMs` for the lock of the workbook at `path` (which may not exist yet). */
export async function lockWorkbook(
  path: string,
  command: string,
  waitMs = lockWaitMs(),
  onWait: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): Promise<WorkbookLock> {
  const started = Date.now();
  const deadline = started + waitMs;
  let toldAt = 0;
  let compromised = false;
  for (;;) {
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(path, {
        realpath: false,
        lockfilePath: lockPathOf(path),
        stale: STALE_MS,
        update: UPDATE_MS,
        onCompromised: () => {
          compromised = true;
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ELOCKED") {
        throw new UserError(
          `${basename(path)} 옆에 잠금을 만들 수 없습니다 (${code ?? "알 수 없는 오류"}). 폴더에 쓸 수 있는지 확인하세요`,
        );
      }
      const owner = readOwner(path);
      if (heldByTheDead(path, owner)) {
        rmSync(ownerPathOf(path), { force: true });
        try {
          rmdirSync(lockPathOf(path));
        } catch {
          // Another waiter recovered it first.
        }
        continue;
      }
      if (Date.now() >= deadline) throw new UserError(busyMessage(path, owner));
      const waited = Date.now() - started;
      if (waited >= PROGRESS_AFTER_MS && (toldAt === 0 || Date.now() - toldAt >= PROGRESS_EVERY_MS)) {
        toldAt = Date.now();
        onWait(waitingMessage(path, owner, waited, waitMs));
      }
      await sleep(100 + Math.random() * 150);
      continue;
    }
    const owner: LockOwner = { pid: process.pid, host: hostname(), command, since: Date.now() };
    writeFileSync(ownerPathOf(path), JSON.stringify(owner));
    return {
      assertHeld: () => {
        if (compromised)
          throw new UserError(
            `${basename(path)} 파일의 잠금을 다른 작업이 가져갔습니다. 저장하지 않았습니다. 다시 실행하세요`,
          );
      },
      release: async () => {
        if (compromised) return;
        rmSync(ownerPathOf(path), { force: true });
        await release().catch(() => undefined);
      },
    };
  }
}
