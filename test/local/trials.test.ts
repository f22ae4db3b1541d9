/**
 * Issue 15's "done when", as real processes of the built CLI (`node scripts/build.mjs` first, as
 * `npm test` does), 20 trials each: kill -9 at varied moments of a save, and two writers at once.
 * After every trial the workbook opens, nothing in it is lost, and an import is all in or all out.
 */
import ExcelJS from "exceljs";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockPathOf } from "../../src/local/lock";
import { main } from "../../src/node/cli";

const BIN = join(__dirname, "..", "..", "bin", "peach-orders.js");
const NOW = ["--now", "2026-07-13T09:00:00+09:00"];
const TRIALS = 20;

/** The built CLI as a child process. */
function cli(...args: string[]) {
  // PEACH_ORDERS_CHILD: the command runs in this very process (no Ctrl-C child), so kill -9 lands on it.
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, PEACH_LOCK_WAIT_MS: "120000", PEACH_ORDERS_CHILD: "1" },
  });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const ended = new Promise<{ code: number | null; signal: string | null; err: string }>((done) =>
    child.on("close", (code, signal) => done({ code, signal, err })),
  );
  return { child, ended };
}

/** `count` orders whose phones start with 010-{batch}-, so a trial can count its own rows. */
function batchCsv(folder: string, batch: number, count: number): string {
  const path = join(folder, `batch${batch}.csv`);
  const rows = ["주문자,주문자연락처,받는분,받는분연락처,우편번호,주소,품목,상자수"];
  for (let i = 0; i < count; i++) {
    const name = `시${String.fromCharCode(0xac00 + batch * 97 + i * 28)}험`;
    const phone = `010-${batch}-${String(1000 + i)}`;
    rows.push(`${name},${phone},${name},${phone},04524,서울특별시 중구 세종대로 ${i + 1},백도 4.5kg,1`);
  }
  writeFileSync(path, rows.join("\n"));
  return path;
}

/** The workbook read by plain ExcelJS (it throws on a broken file): 주문's phones. */
async function ordererPhones(file: string): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet("주문")!;
  const column = (sheet.getRow(1).values as unknown[]).indexOf("주문자 연락처");
  const phones: string[] = [];
  sheet.eachRow((row, r) => {
    if (r > 1) phones.push(String(row.getCell(column).value ?? ""));
  });
  return phones;
}

/**
 * The lock a killed command left, as old as it is once the next command may recover it: a dead
 * process's lock nobody refreshed for 4 s (src/local/lock.ts). The clock moved, not the test's
 * wall time: twenty real waits were most of this file's minutes, and lock.test.ts waits one out.
 */
function ageLock(file: string): void {
  if (!existsSync(lockPathOf(file))) return;
  const past = new Date(Date.now() - 5_000);
  utimesSync(lockPathOf(file), past, past);
}

const ofBatch = (phones: string[], batch: number) =>
  phones.filter((p) => p.startsWith(`010-${batch}-`)).length;
const leftovers = (folder: string) =>
  readdirSync(folder).filter((f) => f.endsWith(".tmp") || f.includes(".lock"));

let base: string;

beforeAll(async () => {
  if (!existsSync(join(__dirname, "..", "..", "build", "cli.cjs")))
    throw new Error("build/cli.cjs is missing: run `node scripts/build.mjs` first");
  base = join(mkdtempSync(join(tmpdir(), "peach-trials-")), "주문.xlsx");
  expect((await main(["init", base, ...NOW], () => undefined)).code).toBe(0);
  // Orders already there, which no trial may lose.
  const seed = batchCsv(join(base, ".."), 9000, 12);
  expect((await main(["import", seed, "--into", base, ...NOW], () => undefined)).code).toBe(0);
});

/** A fresh copy of the seeded workbook in a folder of its own. */
function copy(): { folder: string; file: string } {
  const folder = mkdtempSync(join(tmpdir(), "peach-trial-"));
  const file = join(folder, "주문.xlsx");
  copyFileSync(base, file);
  return { folder, file };
}

describe(`kill -9 and concurrent writers, ${TRIALS} trials each`, () => {
  it(`kill -9 during ${TRIALS} saves of an import: the workbook always opens, keeps every order, and the import is all in or all out`, async () => {
    const outcomes = { killedMidSave: 0, completed: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const { folder, file } = copy();
      const batch = 100 + trial;
      const { child, ended } = cli("import", batchCsv(folder, batch, 10), "--into", file, ...NOW);
      // Wait for the save's temporary file, then kill 0–9 ms into writing it: each trial stops
      // the save at another point (or, past the rename, not at all).
      let seen = false;
      while (!seen && child.exitCode === null && child.signalCode === null) {
        seen = readdirSync(folder).some((f) => f.endsWith(".tmp"));
        if (!seen) await new Promise((done) => setTimeout(done, 1));
      }
      if (seen) {
        const delay = trial % 10;
        if (delay > 0) await new Promise((done) => setTimeout(done, delay));
        child.kill("SIGKILL");
      }
      const end = await ended;
      if (end.signal === "SIGKILL") outcomes.killedMidSave++;
      else outcomes.completed++;
      ageLock(file);
      const phones = await ordererPhones(file);
      expect(ofBatch(phones, 9000)).toBe(12);
      expect([0, 10]).toContain(ofBatch(phones, batch));
      // The next command cleans up after the killed one and works on the whole file.
      const next = await main(["sync", file, ...NOW], () => undefined);
      expect(next.code).toBe(0);
      expect(leftovers(folder)).toEqual([]);
      expect(ofBatch(await ordererPhones(file), 9000)).toBe(12);
    }
    // Most kills land inside the save: the trials test what they say.
    expect(outcomes.killedMidSave).toBeGreaterThanOrEqual(TRIALS / 2);
  }, 600_000);

  it(`${TRIALS} trials of two imports at once (two processes): both imports' rows are always kept`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { folder, file } = copy();
      const [a, b] = [200 + 2 * trial, 201 + 2 * trial];
      const runs = [a, b].map((batch) => cli("import", batchCsv(folder, batch, 5), "--into", file, ...NOW));
      const ends = await Promise.all(runs.map((r) => r.ended));
      expect(ends.map((e) => [e.code, e.err])).toEqual([
        [0, ""],
        [0, ""],
      ]);
      const phones = await ordererPhones(file);
      expect([ofBatch(phones, 9000), ofBatch(phones, a), ofBatch(phones, b)]).toEqual([12, 5, 5]);
      expect(leftovers(folder)).toEqual([]);
    }
  }, 600_000);
});
