/**
 * `npm run bench`: the project's costs, measured in one run. Prints BENCHMARKS.md-ready tables
 * and, as the last line, one JSON object (keys documented in BENCHMARKS.md).
 */
import autocannon from "autocannon";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { allocate, type AllocationShipment } from "../src/domain/allocation";
import { addDays, seoulMidnight } from "../src/domain/clock";
import { sync } from "../src/app/sync";
import { lookupStatus } from "../src/app/status";
import { MemoryWorkbook } from "../src/local/memoryWorkbook";
import { localHost, RECONCILE } from "../src/local/demo";
import { startServer } from "../src/node/server";
import { tab } from "../src/templates";
import { col, demoInput, ORDERS, seasonWithRows } from "../test/gas/helpers";

const ROOT = join(__dirname, "..");
process.env.PEACH_DIST = join(ROOT, "dist");
const SIZES = [100, 1000, 20000] as const;
/** Modelled cost of one Apps Script spreadsheet call (see BENCHMARKS.md for the source). */
const MS_PER_CALL = 50;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const log = (line = "") => console.log(line);

function roundTrips() {
  const naive = readFileSync(join(ROOT, "bench", "naive.js"), "utf8");
  const result = {
    edit: {} as Record<string, number>,
    reconcile: {} as Record<string, number>,
    lookup: {} as Record<string, number>,
    naive: {} as Record<string, number>,
  };
  for (const size of SIZES) {
    const emu = seasonWithRows(size);
    // The edit: Tony ticks the payment of an unpaid one-row order (every third row is unpaid).
    const row = 56;
    const code = String(emu.records(ORDERS)[row - 2]!["주문번호"]);
    result.edit[size] = emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]).roundTrips;
    result.reconcile[size] = emu.fireTimer("reconcile");
    const target = emu.records(ORDERS)[size - 10]!;
    const args = [String(target["주문번호"]), String(target["주문자 연락처"]).slice(-4)];
    emu.run("lookupStatus", args, "webapp"); // warm the cache as the first visitor does
    result.lookup[size] = emu.run("lookupStatus", args, "webapp").roundTrips;
    const other = String(emu.records(ORDERS)[row + 1]!["주문번호"]);
    result.naive[size] = emu.runSource(naive, "naiveMarkPaid", [other === code ? "" : other]).roundTrips;
  }
  return result;
}

function allocationTimes() {
  const make = (n: number): AllocationShipment[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      boxes: 1 + ((i * 7919) % 6),
      paid: true,
      paidAt: seoulMidnight("2026-07-01").getTime() + i * 60_000,
      status: "paid" as const,
      shipDate: null,
    }));
  const time = (n: number) => {
    const shipments = make(n);
    const capacity = Math.ceil((n * 3.5) / 100); // the season (120 days, Mon–Sat) about fills
    const runs: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t = process.hrtime.bigint();
      allocate({
        calendar: {
          defaultCapacity: capacity,
          shippingWeekdays: [1, 2, 3, 4, 5, 6],
          seasonStart: "2026-07-01",
          seasonEnd: addDays("2026-07-01", 119),
          overrides: [],
        },
        shipments,
        policy: "strict",
        leadDays: 1,
        today: "2026-07-01",
      });
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(runs);
  };
  time(5000); // warm-up
  const small = time(5000);
  const large = time(50000);
  return { small, large };
}

function coldLoad() {
  const code = readFileSync(join(ROOT, "dist", "Code.js"), "utf8");
  const bundle: number[] = [];
  const empty: number[] = [];
  const evaluate = (source: string) => {
    const t = process.hrtime.bigint();
    vm.runInContext(source, vm.createContext({}));
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < 40; i++) {
    bundle.push(evaluate(code));
    empty.push(evaluate("function onOpen() {}"));
  }
  return {
    bytes: Buffer.byteLength(code),
    ratio: median(bundle) / median(empty),
    bundleMs: median(bundle),
    emptyMs: median(empty),
  };
}

async function lookupLoad() {
  const workbook = new MemoryWorkbook();
  workbook.setUp("2026-07-01");
  const host = localHost(workbook, new Date("2026-07-10T09:00:00+09:00"));
  const orders = workbook.sheet(tab("orders").name)!;
  const header = orders.readAll()[0]!.map(String);
  const base = demoInput();
  orders.write(
    2,
    1,
    Array.from({ length: 20000 }, (_, i) => {
      const row: Record<string, string | number> = {
        ...base[i % base.length]!,
        주문자: `주문자${i}`,
        "주문자 연락처": `010${10000000 + i}`,
        받는분: `고객${i}`,
      };
      return header.map((h) => row[h] ?? "");
    }),
  );
  sync(host, RECONCILE);
  const table = orders.readAll();
  const at = (r: unknown[], h: string) => String(r[header.indexOf(h)] ?? "");
  const targets = Array.from({ length: 200 }, (_, i) => table[1 + ((i * 97) % 20000)]!).map((r) => [
    at(r, "주문번호"),
    at(r, "주문자 연락처").slice(-4),
  ]);
  for (const [code, last4] of targets) lookupStatus(host, code, last4); // the first visitor of each
  const server = await startServer(host);
  let i = 0;
  const result = await autocannon({
    url: server.url,
    connections: 50,
    duration: 10,
    requests: [
      {
        method: "POST",
        path: "/rpc/lookupStatus",
        headers: { "content-type": "application/json" },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ args: targets[i++ % targets.length] }) }),
      },
    ],
  });
  await server.close();
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main() {
  const trips = roundTrips();
  const alloc = allocationTimes();
  const cold = coldLoad();
  const load = await lookupLoad();
  const editRatio = trips.naive[20000]! / trips.edit[20000]!;

  log("### Round trips to the spreadsheet (emulator, through dist/Code.js)");
  log();
  log("| what | 100 rows | 1,000 rows | 20,000 rows | modelled at 20,000 rows |");
  log("|---|---|---|---|---|");
  const line = (name: string, r: Record<string, number>) =>
    log(
      `| ${name} | ${r[100]} | ${r[1000]} | ${r[20000]} | ${((r[20000]! * MS_PER_CALL) / 1000).toFixed(2)} s |`,
    );
  line("a payment ticked on 주문 (ours)", trips.edit);
  line("the same edit, tutorial style (getValue/setValue per row)", trips.naive);
  line("full reconcile", trips.reconcile);
  line("warm status lookup", trips.lookup);
  log();
  log(`editRatio (naive ÷ ours at 20,000 rows): ${editRatio.toFixed(0)}`);
  log();
  log("### Allocation, status page, bundle");
  log();
  log("| what | value |");
  log("|---|---|");
  log(`| allocate 5,000 paid shipments (median of 7) | ${alloc.small.toFixed(1)} ms |`);
  log(`| allocate 50,000 paid shipments (median of 7) | ${alloc.large.toFixed(1)} ms |`);
  log(`| growth 50,000 ÷ 5,000 | ${(alloc.large / alloc.small).toFixed(1)} |`);
  log(`| dist/Code.js | ${(cold.bytes / 1024).toFixed(0)} KB |`);
  log(`| cold load ÷ empty script (median of 40, alternating) | ${cold.ratio.toFixed(1)} |`);
  log(
    `| local lookups, 20,000 rows, 50 connections, 10 s | ${load.rps.toFixed(0)} per second, p99 ${load.p99} ms, ${load.errors} errors |`,
  );
  log();
  console.log(
    JSON.stringify({
      editRoundTrips: trips.edit,
      reconcileRoundTrips: trips.reconcile,
      lookupRoundTrips: trips.lookup,
      naiveEditRoundTrips: trips.naive,
      editRatio: Math.round(editRatio),
      allocateMs: { "5000": Number(alloc.small.toFixed(2)), "50000": Number(alloc.large.toFixed(2)) },
      allocateGrowth: Number((alloc.large / alloc.small).toFixed(2)),
      bundleBytes: cold.bytes,
      coldLoadRatio: Number(cold.ratio.toFixed(2)),
      lookupRps: Math.round(load.rps),
      lookupP99Ms: load.p99,
    }),
  );
}

void main();
