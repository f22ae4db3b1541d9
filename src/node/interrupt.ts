/**
 * Ctrl-C during `import`, `sync` or `import-payments` (issue 23): the command stops within a
 * second, exits 130 and says in one Korean line whether the workbook changed. A long pass runs
 * synchronously, so a JavaScript SIGINT handler could wait seconds for it; instead
 * bin/peach-orders.js runs such a command in a child process and, on Ctrl-C, ends that child at
 * once (SIGKILL). Nothing is half-written: a save writes a temporary file and renames it over
 * the workbook (local/xlsx.ts), so the workbook is either as it was or wholly saved. What the
 * child leaves (its temporary file, its lock) is removed here, only when the child held the lock.
 */
import { readFileSync, rmSync, rmdirSync, statSync } from "node:fs";
import { lockPathOf } from "../local/lock";
import { removeLeftoverTemporaries } from "../local/xlsx";

/** The commands that stop this way (cli.ts interruptible): they change the workbook and may take long. */
export const INTERRUPTIBLE: ReadonlySet<string> = new Set(["import", "sync", "import-payments"]);

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells give it. */
export const INTERRUPTED = 130;

/** What tells whether a file changed: its inode, size and time ("" when there is none). */
export function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return "";
  }
}

/**
 * After the child was ended: its temporary file and its lock are removed (when it held the lock:
 * a command waiting for another's lock touched nothing), and the line to print.
 */
export function afterInterrupt(path: string, before: string, pid: number): string {
  const lock = lockPathOf(path);
  let owner: { pid?: number } | null;
  try {
    owner = JSON.parse(readFileSync(`${lock}-owner.json`, "utf8")) as { pid?: number };
  } catch {
    owner = null;
  }
  if (owner?.pid === pid) {
    removeLeftoverTemporaries(path);
    rmSync(`${lock}-owner.json`, { force: true });
    try {
      rmdirSync(lock);
    } catch {
      // Already gone.
    }
  }
  return fileStamp(path) === before
    ? "중단했습니다: 파일은 바뀌지 않았습니다"
    : "중단했습니다: 멈추기 전에 저장을 마쳐 파일에는 이번 작업이 모두 들어 있습니다";
}
