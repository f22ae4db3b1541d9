/**
 * The season day of `npm run bench` (BENCHMARKS.md, "The season day, measured honestly"): one
 * busy day through dist/Code.js in the emulator, with executions overlapping on its clock,
 * under the floor or the worst published cost figures, optionally with Google's failures.
 * What each person feels is reported apart: Tony's edits, Tutu's tick notes, the reconcile,
 * and how long a tick of Tutu's takes to reach 주문 and the customer's status page.
 */
import { col, demoInput, ORDERS, paste, SCHEDULE, seasonWithRows, TODAY } from "../test/gas/helpers";
import type { AppsScriptEmulator, ExecutionRecord } from "../test/emulator/appsScript";
import { COST_MODEL, COST_MODEL_WORST } from "../test/emulator/costModel";
import { sendingOn, type SmsDay } from "./smsDay";

export interface SeasonDay {
  triggerMinutes: number;
  /** The JavaScript part of triggerMinutes (measured CPU time: the part that varies run to run). */
  triggerJsMinutes: number;
  /** Issue 24's day: sending on (DayOptions.sms). */
  sms?: SmsDay;
  /** Issue 21's day: the modelled seconds of the one execution that delayed 백도 (menu). */
  delaySeconds?: number;
  /** All edit-trigger executions, Tony's and Tutu's together (the old figure, kept to compare). */
  editP95Seconds: number;
  maxExecutionSeconds: number;
  cacheItemsMax: number;
  /** What did not run or did not finish: refused for the daily quota, stopped by Google. */
  triggersRefused: number;
  executionsFailed: number;
  executions: number;
  cacheEvicted: number;
  /** Edit-trigger executions the day held. */
  edits: number;
  /**
   * Tony's edits (payments, memos, a capacity, pastes): what he waits for, from his edit to the
   * moment the script's cells show it (lock waits included).
   */
  tonyEditP95Seconds: number;
  tonyEditMaxSeconds: number;
  /** His edits' own executions, start to end (the figure before; a run that noted its edit for the lock's holder ends at once). */
  tonyEditRunP95Seconds: number;
  tonyEditRunMaxSeconds: number;
  tonyEdits: number;
  /** Tutu's edits of 오늘 출하: the edit trigger's note (or, applied at once, the whole edit). */
  tutuEditP95Seconds: number;
  tutuEditMaxSeconds: number;
  /** The reconcile timer: runs, mean, p95 and longest modelled seconds. */
  reconcileRuns: number;
  reconcileMeanSeconds: number;
  reconcileP95Seconds: number;
  reconcileMaxSeconds: number;
  /** From Tutu's tick to the end of the execution that put it in 주문 and the status views. */
  tickToCustomerP95Minutes: number;
  tickToCustomerMaxMinutes: number;
  /** Ticks no execution carried by the end of the day (counted at the day's end). */
  ticksNotCarried: number;
  /** Seconds every execution of the day spent waiting for the script lock, and the waits. */
  lockWaitSeconds: number;
  lockWaits: number;
  /** Lock waits that ran out: an edit left to the reconcile, an order kept pending. */
  lockTimeouts: number;
  /** "다른 작업이 끝나지 않아 …" problems the day put in 오류. */
  busyProblems: number;
  peakConcurrent: number;
  /** Edits whose change is not in the sheet at the end of the day (target 0). */
  lostEdits: number;
  /** Orders the order page confirmed that are not in 주문 at the end of the day (target 0). */
  lostWebOrders: number;
  /** Web-app executions: page loads, lookups, orders (not trigger time; they hold the lock). */
  webExecutions: number;
  menuExecutions: number;
  /** Faults injected (a run that threw at a service call, a create() that failed). */
  failedRuns: number;
  /** The longest a change (an edit, a tick, an order) waited to reach 주문, in minutes. */
  longestWaitMinutes: number;
}

export interface DayOptions {
  costs?: "floor" | "worst";
  /** Google's failures: 1 % of trigger runs throw, one reconcile's trigger create() fails. */
  faults?: boolean;
  seed?: number;
  /**
   * Issue 21: three harvest windows set at dawn (백도 07-13~08-10, 천도 07-27~08-20, 황도
   * 08-12~09-10) and a 3-day rain delay of 천도 from the menu at 06:00.
   */
  varieties?: boolean;
  /**
   * Issue 24: 문자 자동 발송 솔라피, the key set, a fake provider behind UrlFetchApp (bench/smsDay.ts);
   * the reconciles send what is due.
   */
  sms?: boolean;
}

/** A small seeded generator (mulberry32): the same day every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const quantile = (values: number[], q: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

/** Every row holds it, and there is a row (a row gone is a change lost). */
const allHold = <T>(rows: T[], holds: (row: T) => boolean) => rows.length > 0 && rows.every(holds);

type Who = "tony" | "tutu" | "timer" | "customer" | "web" | "menu" | "harness";
const STAGES = ["수확", "포장", "발송"] as const;
const STATUS_RANK: Record<string, number> = { 수확: 1, 포장: 2, 발송: 3, 배송완료: 4 };

/**
 * One busy day of the season on a sheet of `size` orders, through dist/Code.js under the cost
 * model and Google's consumer quotas, executions overlapping on the emulator's clock.
 */
export function seasonDay(size: number, options: DayOptions = {}): SeasonDay {
  const label = `season day ${size}${options.costs === "worst" ? " (worst)" : ""}${options.faults ? " (faults)" : ""}${options.varieties ? " (varieties)" : ""}${options.sms ? " (sms)" : ""}`;
  const random = seeded(options.seed ?? 22);
  const emu = seasonWithRows(size);
  emu.costs = options.costs === "worst" ? COST_MODEL_WORST : COST_MODEL;
  emu.overlap = true;
  // The shop takes orders from its page today (설정 "온라인 주문 받기").
  const settings = emu.spreadsheet.tab("설정");
  const onlineRow = emu.values("설정").findIndex((r) => r[0] === "온라인 주문 받기") + 1;
  settings.put(onlineRow, 2, "예");
  if (options.varieties) {
    const windows: [string, string][] = [
      ["수확 기간: 백도 4.5kg", "07-13~08-10"],
      ["수확 기간: 천도 3kg", "07-27~08-20"],
      ["수확 기간: 황도 4.5kg", "08-12~09-10"],
    ];
    for (const [label, value] of windows) {
      const row = emu.values("설정").findIndex((r) => r[0] === label) + 1;
      const at = row > 0 ? row : emu.values("설정").length + 1;
      settings.put(at, 1, label);
      settings.put(at, 2, value);
    }
  }
  // Monday 13 July: the first shipping day after the scene, when 오늘 출하 is full.
  const dayStart = new Date("2026-07-13T00:00:00+09:00").getTime();
  const minute = 60_000;
  const sending = options.sms ? sendingOn(emu, dayStart) : null;
  const firstExecution = emu.executionLog.length;
  emu.cache.itemsMax = emu.cache.size();
  emu.triggerRuntime = { windowStart: dayStart, usedMs: 0 };
  emu.peakConcurrent = 0;
  const waitsBefore = emu.lockWaits.length;
  const problemsBefore = busyProblemCount(emu);
  const scriptProblemsBefore = scriptProblems(emu).length;
  /** An action at millisecond `at` of the clock; what Google stops is counted, the day goes on. */
  const acts: { at: number; who: Who; run: () => void }[] = [];
  const at = (m: number, who: Who, run: () => void) =>
    acts.push({ at: dayStart + Math.round(m * minute), who, run });
  /** A person's moment within minute `m`: people do not act on the minute. */
  const within = (m: number) => m + random();

  // The timers as installTriggers installs them: the reconcile at the interval its trigger says
  // (the product picks it from 주문's size and may change it during the day), rollover at 00:20.
  const every = () => {
    const detail = emu.triggers.find((t) => t.handler === "reconcile")?.detail ?? "";
    const n = /every (\d+) (minutes|hours)/.exec(detail);
    if (!n) throw new Error(`no reconcile trigger installed (${detail})`);
    return Number(n[1]) * (n[2] === "hours" ? 60 : 1);
  };
  let nextReconcile = dayStart;
  for (let m = 0; m < 24 * 60; m += 5)
    at(m, "timer", () => {
      if (emu.now.getTime() < nextReconcile) return;
      nextReconcile = emu.now.getTime() + every() * minute;
      emu.fireTimer("reconcile");
    });
  at(20, "timer", () => emu.fireTimer("rolloverToday"));

  // Google's failures: 1 % of trigger runs throw at a random service call; at noon an older
  // install's interval makes the reconcile replace its trigger, and that create() fails once.
  if (options.faults) {
    emu.faults = { triggerRunFailureRate: 0.01, failTriggerCreates: 0, random };
    at(12 * 60 - 1, "timer", () => {
      emu.scriptProperties.set("RECONCILE_EVERY_MINUTES", "30");
      emu.faults = { ...emu.faults, failTriggerCreates: 1 };
    });
  }

  /**
   * Tony's changes, each with the moment the script has done its part (issue 22: what he waits
   * for). `done` reads what the script writes for it: a payment's 입금일시, a pasted row's 행ID;
   * for a memo or a capacity, which have no such cell, that his edit's own execution has ended
   * (or, when it failed, the next reconcile) and no note of it waits (an edit that found the
   * lock held leaves one for the holder, editNotes.ts). It is checked after every call of every
   * execution, once no write is pending anywhere (writes applied), and at each execution's end:
   * the moment may be in his own run, in the one that carried his note, or in one that started
   * before his edit (a reconcile that read 주문 after he typed).
   */
  const tonyChanges: {
    at: number;
    what: string;
    done: () => boolean;
    doneAt: number | null;
    ownEnded: boolean;
    /** When his own run failed (then the next reconcile does his part). */
    failedAt: number | null;
    doneByCells: boolean;
    notes: string[];
    startDone: Map<number, boolean>;
  }[] = [];
  const tonyChange = (what: string, done?: () => boolean) => {
    const change = {
      at: emu.now.getTime(),
      what,
      done: () => false,
      doneAt: null as number | null,
      ownEnded: false,
      failedAt: null as number | null,
      doneByCells: false,
      /** The notes his edit's own execution left (none when it took the lock). */
      notes: [] as string[],
      startDone: new Map<number, boolean>(),
    };
    change.done =
      done ?? (() => change.ownEnded && !change.notes.some((k) => emu.scriptProperties.get(k) !== null));
    change.doneByCells = done !== undefined;
    tonyChanges.push(change);
  };
  /** The edit notes in the store now (editNotes.ts). */
  const noteKeys = () => Object.keys(emu.scriptProperties.all()).filter((k) => k.startsWith("EN:"));
  /** What the day's changes must have done by its end (checked after the last act). */
  const expectations: { what: string; at: number; holds: () => boolean }[] = [];
  // 주문 as the day left it, read once at the end, by row id, order code and orderer.
  let final: Record<string, unknown>[] | null = null;
  const byKey = new Map<string, Record<string, unknown>[]>();
  const records = () => {
    if (!final) {
      final = emu.records(ORDERS);
      for (const r of final)
        for (const key of ["행ID", "주문번호", "주문자"]) {
          const k = `${key}:${String(r[key])}`;
          byKey.set(k, [...(byKey.get(k) ?? []), r]);
        }
    }
    return final;
  };
  const rowOf = (key: "행ID" | "주문번호" | "주문자", value: string) => {
    records();
    return byKey.get(`${key}:${value}`) ?? [];
  };

  // Tony: 40 new rows in 8 pastes, 40 payments one by one, 10 memos, one day's capacity lowered.
  const base = demoInput();
  const orders = emu.spreadsheet.tab(ORDERS);
  const pasteRows = (tag: string, n: number) => {
    orders.maxRows = Math.max(orders.maxRows, orders.lastRow() + n); // Sheets grows the grid for a paste
    const rows = Array.from({ length: n }, (_, i) => ({
      ...base[i % base.length]!,
      주문자: `${tag}-${i}`,
      "주문자 연락처": `0109${String(1000000 + ((tag.length * 7919 + i) % 1000000))}`,
    }));
    const first = orders.lastRow() + 1;
    tonyChange(`paste ${tag}`, () =>
      rows.every((_, i) => String(orders.get(first + i, column(ORDERS, "행ID"))) !== ""),
    );
    paste(emu, rows);
    for (const row of rows)
      expectations.push({
        what: `paste ${row.주문자}`,
        at: emu.now.getTime(),
        holds: () => rowOf("주문자", row.주문자).some((r) => r["주문번호"] !== ""),
      });
  };
  for (let p = 0; p < 8; p++) at(within(8 * 60 + 30 + p * 60), "tony", () => pasteRows(`새주문자${p}`, 5));
  // The columns, found once: col() copies the whole tab (540,000 cells at 20,000 orders), which
  // made the 20,000-order day slow to simulate (the harness's time, never charged to the day).
  const columns = new Map<string, number>();
  const column = (sheet: string, header: string, headerRow = 1) => {
    const key = `${sheet}:${header}`;
    if (!columns.has(key)) columns.set(key, col(emu, sheet, header, headerRow));
    return columns.get(key)!;
  };
  const payCol = column(ORDERS, "입금상태");
  const memoCol = column(ORDERS, "메모");
  const paidAtCol = column(ORDERS, "입금일시");
  const pay = (row: number) => () => {
    const code = String(orders.get(row, column(ORDERS, "주문번호")));
    tonyChange(`payment ${code}`, () => String(orders.get(row, paidAtCol)) !== "");
    emu.edit(ORDERS, row, payCol, [["입금완료"]]);
    expectations.push({
      what: `payment ${code}`,
      at: emu.now.getTime(),
      holds: () =>
        allHold(rowOf("주문번호", code), (r) => r["입금상태"] === "입금완료" && r["입금일시"] !== ""),
    });
  };
  // Rows 2, 5, 8, … are unpaid one-row orders (seasonWithRows); the newest are ticked.
  const unpaid = (k: number) => 2 + 3 * Math.floor(size / 3 - 1 - k);
  for (let k = 0; k < 40; k++) at(within(9 * 60 + k * 12), "tony", pay(unpaid(k)));
  // A burst: 10 payments in 20 seconds (a bank statement read down the screen).
  for (let k = 0; k < 10; k++) at(14 * 60 + (k * 2) / 60, "tony", pay(unpaid(40 + k)));
  for (let k = 0; k < 10; k++)
    at(within(10 * 60 + 5 + k * 37), "tony", () => {
      const row = size - 50 - k * 7;
      const rowId = String(orders.get(row, column(ORDERS, "행ID")));
      const text = `메모 ${k}`;
      tonyChange(`memo ${rowId}`);
      emu.edit(ORDERS, row, memoCol, [[text]]);
      expectations.push({
        what: `memo ${rowId}`,
        at: emu.now.getTime(),
        holds: () => rowOf("행ID", rowId).some((r) => r["메모"] === text),
      });
    });
  at(within(11 * 60 + 3), "tony", () => {
    const day = emu
      .records(SCHEDULE)
      .findIndex((d) => (d["날짜"] as Date).getTime() === new Date("2026-07-15T00:00:00+09:00").getTime());
    if (day < 0) return;
    tonyChange("capacity of 07-15");
    emu.edit(SCHEDULE, day + 2, column(SCHEDULE, "출하량(상자)"), [[Math.max(1, Math.floor(size / 40))]]);
  });
  // A 40-row paste one second after a reconcile started (13:00 is on every interval's beat).
  at(13 * 60 + 1 / 60, "tony", () => pasteRows("큰붙여넣기", 40));

  // Tutu: 100 of today's shipments through 수확, 포장, courier, waybill and 발송, one tick at a
  // time, a minute apart; then 5 lines' 수확 in one minute.
  const ticks: { at: number; carriedAt: number | null; shows: () => boolean }[] = [];
  // 주문's row of each 행ID, found once: the day only appends rows, so none moves.
  let orderRowOf: Map<string, number> | null = null;
  const orderRow = (rowId: string) => {
    if (!orderRowOf) {
      orderRowOf = new Map();
      const idCol = column(ORDERS, "행ID");
      for (let r = 2; r <= orders.lastRow(); r++) orderRowOf.set(String(orders.get(r, idCol)), r);
    }
    return orderRowOf.get(rowId) ?? 0;
  };
  const tick = (line: number, header: string, value: unknown) => () => {
    const today = emu.spreadsheet.tab(TODAY);
    if (today.lastRow() < line) return; // fewer shipments today
    const rowId = String(today.get(line, column(TODAY, "행ID", 2)));
    emu.edit(TODAY, line, column(TODAY, header, 2), [[value]]);
    const stage = STAGES.indexOf(header as (typeof STAGES)[number]);
    // 주문 shows the tick (and the status page, refreshed by the pass that wrote it).
    const row = orderRow(rowId);
    const shows = () =>
      row > 0 &&
      (stage >= 0
        ? (STATUS_RANK[String(orders.get(row, column(ORDERS, "진행상태")))] ?? 0) >= stage + 1
        : String(orders.get(row, column(ORDERS, header))) === String(value));
    ticks.push({ at: emu.now.getTime(), carriedAt: null, shows });
    expectations.push({
      what: `tick ${header} ${rowId}`,
      at: emu.now.getTime(),
      holds: () =>
        allHold(rowOf("행ID", rowId), (r) =>
          stage >= 0
            ? (STATUS_RANK[String(r["진행상태"])] ?? 0) >= stage + 1
            : String(r[header]) === String(value),
        ),
    });
  };
  for (let k = 0; k < 100; k++) {
    const line = 3 + k;
    const start = 7 * 60 + k * 5;
    at(within(start), "tutu", tick(line, "수확", true));
    at(within(start + 1), "tutu", tick(line, "포장", true));
    at(within(start + 2), "tutu", tick(line, "택배사", "CJ대한통운"));
    at(within(start + 3), "tutu", tick(line, "송장번호", `6000${String(10000000 + k)}`));
    at(within(start + 4), "tutu", tick(line, "발송", true));
  }
  for (let k = 0; k < 5; k++) at(16 * 60 + 30 + (k * 12) / 60, "tutu", tick(103 + k, "수확", true));

  // Customers: 600 status lookups (1 in 10 wrong or unknown) and 300 status page loads.
  const code = (r: number) => String(orders.get(r, 1));
  for (let k = 0; k < 600; k++)
    at(7 * 60 + random() * 16 * 60, "customer", () => {
      const r = 2 + ((k * 7919) % size);
      const last4 = String(orders.get(r, column(ORDERS, "주문자 연락처"))).slice(-4);
      const args = k % 10 === 0 ? (k % 20 === 0 ? ["999-999", "0000"] : [code(r), "0000"]) : [code(r), last4];
      emu.run("lookupStatus", args, "webapp");
    });
  for (let k = 0; k < 300; k++)
    at(7 * 60 + random() * 16 * 60, "customer", () => {
      const r = 2 + ((k * 104729) % size);
      const token = String(orders.get(r, column(ORDERS, "조회토큰")));
      emu.run("doGet", [{ parameter: k % 2 === 0 ? { t: token } : {} }], "webapp");
      // A page opened from its link asks for its order at once (google.script.run).
      if (k % 2 === 0) emu.run("lookupByToken", [token], "webapp");
    });

  // 50 orders from the order page over the day, and 5 in one minute.
  const confirmed: string[] = [];
  const webOrder = (k: number) => () => {
    emu.run(
      "placeOrder",
      [
        {
          orderer: {
            name: `웹주문자${k}`,
            phone: `010-7${String(100 + (k % 900)).padStart(3, "0")}-${String(1000 + k)}`,
          },
          recipients: [
            {
              name: `웹받는분${k}`,
              phone: "010-2222-3333",
              postalCode: "06236",
              address: `서울특별시 강남구 테헤란로 ${k + 1}`,
              item: "백도 4.5kg",
              boxes: 1 + (k % 3),
            },
          ],
          memo: "",
        },
      ],
      "webapp",
      // The page's answer, when the order's execution ends (later, if it waited for the lock).
      (value) => {
        const answer = value as { ok: boolean; value?: { orderCode?: string }; error?: string };
        if (answer.ok && answer.value?.orderCode) confirmed.push(answer.value.orderCode);
        else
          console.error(`${label}: order page refused an order: ${answer.error ?? JSON.stringify(answer)}`);
      },
    );
  };
  for (let k = 0; k < 50; k++) at(8 * 60 + random() * 14 * 60, "web", webOrder(k));
  for (let k = 0; k < 5; k++) at(20 * 60 + (k * 11) / 60, "web", webOrder(50 + k));

  // 20 menu runs: the messages sidebar, the courier file, the payments paste (each a page that
  // Tony opens, then uses twenty seconds later).
  for (let k = 0; k < 20; k++) {
    const m = 9 * 60 + 30 + k * 30 + random() * 10;
    at(m, "menu", () => {
      const opener = k % 3 === 0 ? "showMessages" : k % 3 === 1 ? "showCourierExport" : "showPaymentImport";
      const page = emu.openPage(opener);
      emu.now = new Date(emu.now.getTime() + 20_000);
      if (opener === "showMessages") page("getDueMessages");
      else if (opener === "showCourierExport") page("courierFile", "2026-07-13", "cj");
      else page("previewBankPayments", "2026.07.13 14:02  입금  50,000  홍길동  50,000");
    });
  }

  // Rain: Tony delays 천도 three days from the menu (its three prompts, then one execution); its
  // window opens later in July, so today's list (백도) stays as Tutu works it.
  if (options.varieties)
    at(6 * 60, "menu", () => {
      emu.promptAnswers.push("천도", "3", "비");
      emu.run("delayHarvestMenu");
    });

  // With sending on: what waits for the night and for the day's maximum, seen by the harness.
  if (sending) {
    at(8 * 60 - 1 / 60, "harness", () => sending.look("dawn"));
    at(21 * 60 - 1 / 60, "harness", () => sending.look("evening"));
    at(24 * 60 + 19, "harness", () => sending.look("end"));
  }

  // The next midnight's rollover ends the day.
  at(24 * 60 + 20, "timer", () => emu.fireTimer("rolloverToday"));

  // The day on the emulator's agenda: each act at its moment, inside an execution still running
  // then (docs/emulator.md, "Concurrency"). PEACH_SEASON_ONLY=timers lives the day without Tony,
  // Tutu, the customers and the menu: what the timers alone cost (the reconcile's share).
  const people = process.env.PEACH_SEASON_ONLY !== "timers";
  let done = 0;
  for (const act of acts) {
    if (!people && act.who !== "timer") continue;
    emu.schedule(
      act.at,
      () => {
        if (done++ % 500 === 0)
          console.error(
            `${label}: ${new Date(act.at).toISOString()} trigger minutes ${(emu.triggerRuntime.usedMs / minute).toFixed(1)}`,
          );
        act.run();
      },
      act.who,
    );
  }
  // A tick reaches 주문, 이력 and the status views when a pass spends the notes it read
  // (TT_APPLIED: when it read them): at the end of that execution.
  let applied = Number(emu.scriptProperties.get("TT_APPLIED") ?? 0);
  const pending = () => tonyChanges.filter((c) => c.doneAt === null);
  const own = (c: (typeof tonyChanges)[number], r: ExecutionRecord) =>
    r.tag === "tony" && r.fn === "onEditInstalled" && r.startedAt === c.at;
  const notesAtStart = new Map<number, Set<string>>();
  emu.beforeExecution = (r) => {
    for (const c of pending()) c.startDone.set(r.id, c.done());
    if (r.tag === "tony") notesAtStart.set(r.id, new Set(noteKeys()));
  };
  // A change done in the middle of an execution (a note carried among others) shows once the
  // writes are applied (no write pending: a read or a flush came after them), not at the end,
  // and at the moment of the execution whose call applied them, on its own clock. (Until
  // session 30 this took the latest clock of any running execution: a payment made beside a
  // reconcile's 5.6 s read of 주문 counted as done only after that read, which it never waited for.)
  emu.afterCall = (_r, at) => {
    if (emu.writesPending()) return;
    for (const c of pending()) if ((c.ownEnded || c.doneByCells) && c.done()) c.doneAt = at;
  };
  emu.afterExecution = (r) => {
    // Tony's changes done during this execution (not during one run inside it, which ended
    // first and took the credit); one made while this ran was not done when it started.
    for (const c of pending()) {
      if (own(c, r)) {
        // A run that failed or gave up on the lock did nothing: the next reconcile does it.
        const failed = !!r.error || emu.lockWaits.some((w) => w.id === r.id && !w.got);
        if (!failed) c.ownEnded = true;
        else c.failedAt = r.startedAt;
        c.notes = noteKeys().filter((k) => !notesAtStart.get(r.id)?.has(k));
      }
      if (c.failedAt !== null && r.fn === "reconcile" && !r.error && r.startedAt > c.failedAt)
        c.ownEnded = true;
      if (c.startDone.get(r.id) !== true && c.done()) c.doneAt = r.startedAt + r.modelledMs;
    }
    for (const c of tonyChanges) c.startDone.delete(r.id);
    // A tick reaches the customer when the pass that carries it ends: the reconcile's (its
    // notes marked applied up to their moment) or any full pass's, which shows it in 주문.
    const now = Number(emu.scriptProperties.get("TT_APPLIED") ?? 0);
    for (const t of ticks)
      if (t.carriedAt === null && ((now !== applied && t.at <= now) || t.shows()))
        t.carriedAt = r.startedAt + r.modelledMs;
    applied = now;
  };
  const errorsBefore = emu.agendaErrors.length;
  const logsBefore = emu.logs.length;
  emu.runAgenda();
  emu.afterExecution = undefined;
  emu.beforeExecution = undefined;
  emu.afterCall = undefined;
  // The script's own problems of the day in 오류 (a run that threw, a lock it could not have).
  for (const line of scriptProblems(emu).slice(scriptProblemsBefore))
    console.error(`${label}: 오류: ${line}`);
  // Why Tony's edits cost a full pass (the script's own execution log), counted.
  const fullPasses = new Map<string, number>();
  for (const line of emu.logs.slice(logsBefore))
    if (line.includes("full pass")) fullPasses.set(line, (fullPasses.get(line) ?? 0) + 1);
  for (const [line, n] of fullPasses) console.error(`${label}: ${n} × ${line}`);
  // Stopped by Google (6 minutes, too many executions): counted from the log below.
  for (const message of new Set(emu.agendaErrors.slice(errorsBefore))) console.error(`${label}: ${message}`);
  const dayEnd = dayStart + (24 * 60 + 20) * minute;
  const day = emu.executionLog.slice(firstExecution);
  console.error(`${label}: ${day.length} executions simulated`);
  const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
  const who = new Map<number, Who>(day.flatMap((r) => (r.tag ? [[r.id, r.tag as Who] as const] : [])));
  const of = (w: Who, fn?: string) => day.filter((r) => who.get(r.id) === w && (!fn || r.fn === fn));
  const tonyRuns = of("tony", "onEditInstalled");
  const tony = tonyRuns.map((r) => r.modelledMs);
  // What Tony waits for: from his edit to the moment the script has done its part (never done:
  // the day's end).
  const tonyWaits = tonyChanges.map((c) => (c.doneAt ?? dayEnd) - c.at);
  const slowest = tonyChanges
    .map((c, i) => ({ c, wait: tonyWaits[i]! }))
    .sort((a, b) => b.wait - a.wait)
    .slice(0, Number(process.env.PEACH_BENCH_SLOWEST ?? 6)); // how many of his slowest to name
  // By kind: what each of his edits costs him (a payment, a paste, a memo, a capacity).
  const kinds = new Map<string, number[]>();
  tonyChanges.forEach((c, i) => {
    const kind = c.what.split(" ")[0]!;
    kinds.set(kind, [...(kinds.get(kind) ?? []), tonyWaits[i]!]);
  });
  for (const [kind, waits] of kinds)
    console.error(
      `${label}: Tony's ${kind} ×${waits.length}: p95 ${(quantile(waits, 0.95) / 1000).toFixed(2)} s, longest ${(Math.max(...waits) / 1000).toFixed(2)} s, shortest ${(Math.min(...waits) / 1000).toFixed(2)} s`,
    );
  for (const { c, wait } of slowest)
    console.error(
      `${label}: Tony waited ${(wait / 1000).toFixed(2)} s for ${c.what} (${new Date(c.at).toISOString()}${c.doneAt === null ? ", never done" : ""})`,
    );
  const tutu = of("tutu", "onEditInstalled").map((r) => r.modelledMs);
  const reconciles = day.filter((r) => r.fn === "reconcile").map((r) => r.modelledMs);
  const triggerMs = day.filter((r) => r.kind === "trigger").reduce((s, r) => s + r.modelledMs, 0);
  const latencies = ticks.map((t) => (t.carriedAt ?? dayEnd) - t.at);
  const waits = emu.lockWaits.slice(waitsBefore);
  const lost = expectations.filter((e) => !e.holds());
  for (const e of lost) console.error(`${label}: LOST ${e.what} (made ${new Date(e.at).toISOString()})`);
  const inSheet = new Set(records().map((r) => String(r["주문번호"])));
  const lostOrders = confirmed.filter((c) => !inSheet.has(c));
  for (const c of lostOrders) console.error(`${label}: LOST web order ${c}`);
  for (const w of waits)
    console.error(
      `${label}: lock wait ${new Date(w.at).toISOString()} ${w.fn} (${w.kind}) ${(w.waitedMs / 1000).toFixed(2)} s${w.got ? "" : ", gave up"}`,
    );
  const gaveUp = new Set(waits.filter((w) => !w.got).map((w) => w.id));
  const longestWait = longestChangeWait(day, who, latencies, gaveUp);
  const result: SeasonDay = {
    triggerMinutes: Number((triggerMs / minute).toFixed(1)),
    triggerJsMinutes: Number(
      (day.filter((r) => r.kind === "trigger").reduce((s, r) => s + r.jsMs, 0) / minute).toFixed(1),
    ),
    ...(sending ? { sms: sending.report(day, label) } : {}),
    editP95Seconds: seconds(quantile([...tony, ...tutu], 0.95)),
    maxExecutionSeconds: Number((Math.max(...day.map((r) => r.modelledMs)) / 1000).toFixed(1)),
    cacheItemsMax: emu.cache.itemsMax,
    triggersRefused: emu.refusedTriggers.length,
    executionsFailed: day.filter((r) => r.error).length,
    executions: day.length,
    cacheEvicted: emu.cache.evicted.length,
    edits: tony.length + tutu.length,
    tonyEditP95Seconds: seconds(quantile(tonyWaits, 0.95)),
    tonyEditMaxSeconds: seconds(Math.max(0, ...tonyWaits)),
    tonyEditRunP95Seconds: seconds(quantile(tony, 0.95)),
    tonyEditRunMaxSeconds: seconds(Math.max(0, ...tony)),
    tonyEdits: tonyWaits.length,
    tutuEditP95Seconds: seconds(quantile(tutu, 0.95)),
    tutuEditMaxSeconds: seconds(Math.max(0, ...tutu)),
    reconcileRuns: reconciles.length,
    reconcileMeanSeconds: seconds(reconciles.reduce((a, b) => a + b, 0) / Math.max(1, reconciles.length)),
    reconcileP95Seconds: seconds(quantile(reconciles, 0.95)),
    reconcileMaxSeconds: seconds(Math.max(0, ...reconciles)),
    tickToCustomerP95Minutes: Number((quantile(latencies, 0.95) / minute).toFixed(2)),
    tickToCustomerMaxMinutes: Number((Math.max(0, ...latencies) / minute).toFixed(2)),
    ticksNotCarried: ticks.filter((t) => t.carriedAt === null).length,
    lockWaitSeconds: seconds(waits.reduce((s, w) => s + w.waitedMs, 0)),
    lockWaits: waits.length,
    lockTimeouts: waits.filter((w) => !w.got).length,
    busyProblems: busyProblemCount(emu) - problemsBefore,
    peakConcurrent: emu.peakConcurrent,
    lostEdits: lost.length,
    lostWebOrders: lostOrders.length,
    webExecutions: day.filter((r) => r.kind === "webapp").length,
    menuExecutions: day.filter((r) => r.kind === "menu").length,
    failedRuns: emu.injectedFaults.length,
    ...(options.varieties
      ? { delaySeconds: seconds(day.find((r) => r.fn === "delayHarvestMenu")?.modelledMs ?? 0) }
      : {}),
    longestWaitMinutes: longestWait,
  };
  console.error(`${label}: ${JSON.stringify(result)}`);
  // Tony's slowest edits, each with its parts (what he waits for, and why).
  for (const r of of("tony", "onEditInstalled")
    .sort((a, b) => b.modelledMs - a.modelledMs)
    .slice(0, 8))
    console.error(
      `${label}: Tony's edit ${new Date(r.startedAt).toISOString()} ${(r.modelledMs / 1000).toFixed(2)} s: lock wait ${(r.lockWaitMs / 1000).toFixed(2)}, services ${(r.serviceMs / 1000).toFixed(2)}, js ${(r.jsMs / 1000).toFixed(2)}, ${r.roundTrips} calls, ${r.handleCalls} handles, read ${r.cellsRead}, wrote ${r.cellsWritten}${r.endFlush ? ", end flush" : ""}`,
    );
  // Where the trigger minutes went, by entry point (stderr: for reading, not for the JSON line).
  const byFn = new Map<string, { n: number; ms: number; max: number }>();
  for (const r of day) {
    const key = `${r.fn} (${r.kind}${who.get(r.id) ? `, ${who.get(r.id)}` : ""})`;
    const f = byFn.get(key) ?? { n: 0, ms: 0, max: 0 };
    byFn.set(key, { n: f.n + 1, ms: f.ms + r.modelledMs, max: Math.max(f.max, r.modelledMs) });
  }
  for (const [fn, f] of byFn)
    console.error(
      `${label}: ${fn} ×${f.n}: ${(f.ms / minute).toFixed(1)} min, mean ${(f.ms / f.n / 1000).toFixed(2)} s, max ${(f.max / 1000).toFixed(1)} s`,
    );
  return result;
}

/** 오류's lines about the script itself (tab 스크립트), as text. */
function scriptProblems(emu: AppsScriptEmulator): string[] {
  return emu
    .values("오류")
    .filter((r) => r.some((c) => c === "스크립트"))
    .map((r) => r.map(String).join(" | "));
}

function busyProblemCount(emu: AppsScriptEmulator): number {
  return emu
    .values("오류")
    .filter((r) => r.some((c) => typeof c === "string" && c.includes("다른 작업이 끝나지 않아"))).length;
}

/**
 * The longest a change waited to reach 주문, in minutes: a tick its latency; one of Tony's edits
 * whose run failed or gave up on the lock (or an order kept pending) until the end of the next
 * reconcile that started after it; otherwise its own run's length.
 */
function longestChangeWait(
  day: ExecutionRecord[],
  who: Map<number, Who>,
  tickLatencies: number[],
  gaveUp: Set<number>,
): number {
  const reconciles = day.filter((r) => r.fn === "reconcile" && !r.error);
  const nextPass = (after: number) => {
    const next = reconciles.find((r) => r.startedAt >= after);
    return next ? next.startedAt + next.modelledMs : Number.POSITIVE_INFINITY;
  };
  let longest = Math.max(0, ...tickLatencies);
  for (const r of day) {
    const w = who.get(r.id);
    if (w !== "tony" && w !== "web") continue;
    if (r.fn !== "onEditInstalled" && r.fn !== "placeOrder") continue;
    const end = r.startedAt + r.modelledMs;
    const failed = r.injectedFault !== undefined || r.error !== undefined || gaveUp.has(r.id);
    longest = Math.max(longest, (failed ? nextPass(end) : end) - r.startedAt);
  }
  return Number((longest / 60_000).toFixed(2));
}
