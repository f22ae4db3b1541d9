/**
 * Two commands on one workbook lose nothing: every writer takes the lock beside the workbook and
 * reads the file again once it has it. The pairs that lost work before the lock (two imports,
 * import during sync, messages --mark-sent during import) run here as real processes of the
 * built CLI (`node scripts/build.mjs` first, as `npm test` does).
 */
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { lockPathOf, lockWorkbook } from "../../src/local/lock";
import { pageClient } from "./pageClient";
import { xlsxRecords } from "./xlsxRecords";

const BIN = join(__dirname, "..", "..", "bin", "peach-orders.js");
// After the demo's first morning (10:30): a clock never runs back behind the file's own events.
const NOW = ["--now", "2026-07-13T11:00:00+09:00"];

/** The built CLI as a child process; it waits as long as needed for the lock. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, PEACH_LOCK_WAIT_MS: "120000" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => done({ code, out, err }));
  });
}

const run = async (...args: string[]) => {
  const lines: string[] = [];
  const result = await main(args, (l) => lines.push(l));
  await result.server?.close();
  return { code: result.code, text: lines.join("\n") };
};

/** 30 orders of one batch, each orderer and phone its own. */
function batchCsv(folder: string, batch: number): string {
  const path = join(folder, `batch${batch}.csv`);
  const rows = ["주문자,주문자연락처,받는분,받는분연락처,우편번호,주소,품목,상자수"];
  for (let i = 0; i < 30; i++) {
    const name = `배${String.fromCharCode(0xac00 + batch * 400 + i * 28)}수`;
    const phone = `010-${2000 + batch}-${String(1000 + i)}`;
    rows.push(`${name},${phone},${name},${phone},04524,서울특별시 중구 세종대로 ${i + 1},백도 4.5kg,1`);
  }
  writeFileSync(path, rows.join("\n"));
  return path;
}

const batchRows = async (file: string, batch: number) =>
  (await xlsxRecords(file, "주문")).filter((r) =>
    String(r["주문자 연락처"]).startsWith(`010-${2000 + batch}-`),
  ).length;

beforeAll(() => {
  if (!existsSync(join(__dirname, "..", "..", "build", "cli.cjs")))
    throw new Error("build/cli.cjs is missing: run `node scripts/build.mjs` first");
});

describe("two commands on one workbook", () => {
  it("two imports at once keep both imports' rows", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await cli("init", file, ...NOW)).code).toBe(0);
    const [a, b] = await Promise.all([
      cli("import", batchCsv(folder, 1), "--into", file, ...NOW),
      cli("import", batchCsv(folder, 2), "--into", file, ...NOW),
    ]);
    expect([a.code, a.err, b.code, b.err]).toEqual([0, "", 0, ""]);
    expect(await batchRows(file, 1)).toBe(30);
    expect(await batchRows(file, 2)).toBe(30);
    expect(readdirSync(folder).filter((f) => f.includes(".lock") || f.endsWith(".tmp"))).toEqual([]);
  }, 120_000);

  it("import during sync, and messages --mark-sent during import, lose nothing", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await cli("init", file, "--demo")).code).toBe(0);
    const demoRows = (await xlsxRecords(file, "주문")).length;
    const [synced, imported] = await Promise.all([
      cli("sync", file, ...NOW),
      cli("import", batchCsv(folder, 3), "--into", file, ...NOW),
    ]);
    expect([synced.code, imported.code]).toEqual([0, 0]);
    expect(await batchRows(file, 3)).toBe(30);
    expect((await xlsxRecords(file, "주문")).length).toBe(demoRows + 30);

    const sentBefore = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄").length;
    const [messages, again] = await Promise.all([
      cli("messages", file, "--mark-sent", ...NOW),
      cli("import", batchCsv(folder, 4), "--into", file, ...NOW),
    ]);
    expect([messages.code, again.code]).toEqual([0, 0]);
    const marked = Number(/(\d+)건을 보냄으로 표시했습니다/.exec(messages.out)![1]);
    expect(marked).toBeGreaterThan(0);
    const sent = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄");
    expect(sent).toHaveLength(sentBefore + marked); // the demo's evening messages, and these
    expect(await batchRows(file, 3)).toBe(30);
    expect(await batchRows(file, 4)).toBe(30);
  }, 180_000);

  it("issue 23 · 8: a command waiting for the lock says so every few seconds, then goes on once it frees", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await run("init", file, ...NOW)).code).toBe(0);
    const held = await lockWorkbook(file, "peach-orders serve (웹 주문)");
    const lines: string[] = [];
    const freed = new Promise((done) => setTimeout(done, 2_600)).then(() => held.release());
    const started = Date.now();
    const lock = await lockWorkbook(file, "peach-orders sync", 20_000, (line) => lines.push(line));
    await freed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    expect(lines).toEqual([
      "주문.xlsx 파일을 다른 작업 (peach-orders serve (웹 주문))이 쓰고 있어 기다립니다: 2초 지남, 20초까지 기다립니다",
    ]);
    await lock.release();
  });

  it("a second command waits, then says who holds the workbook, exit 2, file untouched", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await run("init", file, ...NOW)).code).toBe(0);
    const held = await lockWorkbook(file, "peach-orders import");
    const saved = process.env.PEACH_LOCK_WAIT_MS;
    process.env.PEACH_LOCK_WAIT_MS = "600";
    try {
      const started = Date.now();
      const result = await run("sync", file, ...NOW);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(result.code).toBe(2);
      expect(result.text).toMatch(
        new RegExp(
          `^주문\\.xlsx 파일을 다른 작업이 쓰고 있습니다 \\(peach-orders import, 프로세스 ${process.pid}, .+부터\\)`,
        ),
      );
    } finally {
      process.env.PEACH_LOCK_WAIT_MS = saved;
      await held.release();
    }
    expect((await run("sync", file, ...NOW)).code).toBe(0);
  });

  it("recovers the lock of a process that died, and removes a killed save's temporary file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await run("init", file, ...NOW)).code).toBe(0);
    const dead = await new Promise<number>((done) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.on("close", () => done(child.pid!));
    });
    mkdirSync(lockPathOf(file));
    writeFileSync(
      `${lockPathOf(file)}-owner.json`,
      JSON.stringify({
        pid: dead,
        host: hostname(),
        command: "peach-orders import",
        since: Date.now() - 60_000,
      }),
    );
    const past = new Date(Date.now() - 5_000);
    utimesSync(lockPathOf(file), past, past);
    writeFileSync(join(folder, `.주문.xlsx.${dead}.tmp`), "half a zip");
    const saved = process.env.PEACH_LOCK_WAIT_MS;
    process.env.PEACH_LOCK_WAIT_MS = "0";
    try {
      expect((await run("sync", file, ...NOW)).code).toBe(0);
    } finally {
      process.env.PEACH_LOCK_WAIT_MS = saved;
    }
    expect(readdirSync(folder)).toEqual(["주문.xlsx"]);

    // A lock of another computer is taken over only once nobody refreshed it for the stale time.
    mkdirSync(lockPathOf(file));
    writeFileSync(
      `${lockPathOf(file)}-owner.json`,
      JSON.stringify({ pid: 1, host: "다른-컴퓨터", command: "peach-orders sync", since: Date.now() }),
    );
    process.env.PEACH_LOCK_WAIT_MS = "0";
    try {
      expect((await run("sync", file, ...NOW)).text).toMatch(/peach-orders sync, 프로세스 1 · 다른-컴퓨터/);
      const old = new Date(Date.now() - 60_000);
      utimesSync(lockPathOf(file), old, old);
      expect((await run("sync", file, ...NOW)).code).toBe(0);
    } finally {
      process.env.PEACH_LOCK_WAIT_MS = saved;
    }
  });

  it("a save killed midway leaves the workbook whole, and the next command removes its temporary file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await run("init", file, "--demo")).code).toBe(0);
    const before = readFileSync(file);
    // The save's rename waits (test/local/holdRename.cjs) until the child is killed: its
    // temporary file is written, the workbook not yet replaced.
    const marker = join(mkdtempSync(join(tmpdir(), "peach-hold-")), "held");
    const child = spawn(
      process.execPath,
      ["-r", join(__dirname, "holdRename.cjs"), BIN, "sync", file, ...NOW],
      {
        // The command in this very process (no Ctrl-C child): the kill lands on the save itself.
        env: { ...process.env, PEACH_TEST_HOLD_RENAME: marker, PEACH_ORDERS_CHILD: "1" },
      },
    );
    const ended = new Promise((done) => child.on("close", done));
    let seen = false;
    while (!seen && child.exitCode === null) {
      seen = existsSync(marker) && readdirSync(folder).some((f) => f.endsWith(".tmp"));
      if (seen) child.kill("SIGKILL");
      else await new Promise((done) => setTimeout(done, 5));
    }
    await ended;
    expect(seen).toBe(true);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((f) => f.endsWith(".tmp"))).toHaveLength(1);
    expect((await run("sync", file, ...NOW)).code).toBe(0);
    expect(readdirSync(folder)).toEqual(["주문.xlsx"]);
  }, 60_000);

  it("the tools page's 보냄 takes the lock and writes on a fresh read of the file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "peach-lock-"));
    const file = join(folder, "주문.xlsx");
    expect((await run("init", file, "--demo")).code).toBe(0);
    const out: string[] = [];
    const sentBefore = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄").length;
    const started = await main(["tools", file, "--port", "0", ...NOW], (l) => out.push(l));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join("\n"))![0];
    const client = await pageClient(url);
    const call = async (name: string, ...args: unknown[]) =>
      (await client<{ ok: boolean; messages: { id: string }[] }>(name, ...args)).body;
    try {
      const due = (await call("getDueMessages")).value!.messages;
      expect(due.length).toBeGreaterThan(1);
      // Another command changes the file while the page is open.
      expect((await run("import", batchCsv(folder, 5), "--into", file, ...NOW)).code).toBe(0);
      const held = await lockWorkbook(file, "peach-orders sync");
      const saved = process.env.PEACH_LOCK_WAIT_MS;
      process.env.PEACH_LOCK_WAIT_MS = "300";
      try {
        const busy = (await call("markMessageSent", due[0]!.id)).value as unknown as {
          ok: boolean;
          error: string;
        };
        expect(busy.ok).toBe(false);
        expect(busy.error).toMatch(/다른 작업이 쓰고 있습니다 \(peach-orders sync/);
      } finally {
        process.env.PEACH_LOCK_WAIT_MS = saved;
        await held.release();
      }
      const sent = await call("markMessageSent", due[0]!.id);
      expect(sent.ok).toBe(true);
      expect(sent.value!.messages.map((m) => m.id)).not.toContain(due[0]!.id);
    } finally {
      await started.server?.close();
    }
    expect(await batchRows(file, 5)).toBe(30);
    const events = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄");
    expect(events).toHaveLength(sentBefore + 1); // the demo's evening messages, and this one
  });
});
