/**
 * A season of many rows (issue 15): `import` then `sync` of a generated order list, each in a
 * child process of the built CLI whose peak memory and CPU time are measured as it exits. The
 * bound is the product's (1.5 GB at 100,000 rows, BENCHMARKS.md) scaled to the rows run here,
 * and the time per row must not grow with the rows (linear, not quadratic).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { xlsxRecords } from "./xlsxRecords";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "peach-orders.js");
const MAKE_SOURCE = join(ROOT, "scripts", "make-import-source.mjs");

interface Run {
  code: number | null;
  out: string;
  err: string;
  /** Peak resident memory of the child, bytes. */
  peak: number;
  /** CPU time of the child (user + system), seconds: steadier than wall time on a shared machine. */
  cpu: number;
}

/** The CLI in a child process that reports its own peak memory and CPU time when it exits. */
function measured(folder: string, ...args: string[]): Promise<Run> {
  const report = join(folder, `usage-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const preload = join(folder, "usage.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => { const u = process.resourceUsage(); require("node:fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify(u)); });`,
  );
  return new Promise((done) => {
    // In this very process (no Ctrl-C child), so the preload measures the command itself.
    const child = spawn(process.execPath, ["--require", preload, BIN, ...args], {
      env: { ...process.env, PEACH_ORDERS_CHILD: "1" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const usage = JSON.parse(require("node:fs").readFileSync(report, "utf8")) as NodeJS.ResourceUsage;
      done({
        code,
        out,
        err,
        peak: usage.maxRSS * 1024,
        cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
      });
    });
  });
}

/** What 100,000 rows may use (the target), scaled down: a fixed start plus a share per row. */
const TARGET_AT_100K = 1.5 * 1024 ** 3;
const START = 150 * 1024 ** 2;
const allowed = (rows: number) => START + (TARGET_AT_100K * rows) / 100_000;

async function season(rows: number): Promise<{ importRun: Run; syncRun: Run; file: string }> {
  const folder = mkdtempSync(join(tmpdir(), "peach-many-"));
  const source = join(folder, `orders-${rows}.csv`);
  const made = spawnSync(process.execPath, [MAKE_SOURCE, String(rows), source]);
  expect(made.status).toBe(0);
  const file = join(folder, "orders.xlsx");
  const importRun = await measured(
    folder,
    "import",
    source,
    "--into",
    file,
    "--now",
    "2026-07-06T09:00:00+09:00",
  );
  const syncRun = await measured(folder, "sync", file, "--now", "2026-07-06T10:00:00+09:00");
  return { importRun, syncRun, file };
}

const MB = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;

describe("a season of many rows", () => {
  it("imports and syncs 20,000 rows within the memory 1.5 GB at 100,000 rows allows, in time linear in rows", async () => {
    const small = await season(5_000);
    const big = await season(20_000);

    expect(big.importRun).toMatchObject({ code: 0 });
    expect(big.importRun.out).toMatch(/원본 20000줄 = 가져온 줄 20000 ·/);
    expect(big.syncRun).toMatchObject({ code: 0 });
    expect(big.syncRun.out).toMatch(/정리했습니다: 20000줄/);
    const orders = await xlsxRecords(big.file, "주문");
    expect(orders).toHaveLength(20_000);
    expect(orders[19_999]!["진행상태"]).not.toBe("");

    // Printed so a failure (or a CI log) shows the numbers behind it.
    const line = (rows: number, r: Run, what: string) =>
      `${what} ${rows}: ${MB(r.peak)}, ${r.cpu.toFixed(1)} s CPU`;
    process.stderr.write(
      [
        line(5_000, small.importRun, "import"),
        line(5_000, small.syncRun, "sync"),
        line(20_000, big.importRun, "import"),
        line(20_000, big.syncRun, "sync"),
      ].join("\n") + "\n",
    );
    for (const run of [big.importRun, big.syncRun]) expect(run.peak).toBeLessThan(allowed(20_000));
    // Four times the rows take about four times as long (a fixed start makes it less); a
    // quadratic step would make it sixteen.
    expect(big.importRun.cpu / small.importRun.cpu).toBeLessThan(7);
    expect(big.syncRun.cpu / small.syncRun.cpu).toBeLessThan(7);
  }, 240_000);
});
