/**
 * The demo season, run through the same application layer as the Apps Script host on any
 * workbook: orders arrive, most are paid, the schedule fills, Tony sends the evening's messages,
 * and on the first shipping morning Tutu has harvested, packed and shipped some of the day's
 * list. Its three items ripen in turn (설정's 수확 기간 and 하루 최대 lines, issue 21), so a
 * newcomer sees 황도 paid in July dated in August, one place's 백도 and 황도 sent as two parcels
 * with two fees, paid orders waiting (대기) for a full window, and that morning Tony puts 천도
 * back by a few days for the rain (출하일 변경 with the reason, and the change messages).
 */
import { randomBytes } from "node:crypto";
import demoSeason from "../../sheets-templates/demo-season.json";
import type { Cell, Host, KeyValueCache, WorkbookPort } from "../app/port";
import { delayHarvest, type DelayRequest } from "../app/delay";
import { dueMessages, markSent } from "../app/messages";
import { loadSmallTabs } from "../app/smallTabs";
import { sync, type SyncMode } from "../app/sync";
import { Table } from "../app/table";
import { tab } from "../templates";
import { seoulDateOf } from "../domain/clock";
import { MemoryCache, MemoryWorkbook } from "./memoryWorkbook";

export const DEMO_ORDERS_AT = new Date("2026-07-12T21:00:00+09:00");
export const DEMO_MORNING = new Date("2026-07-13T10:30:00+09:00");

/** A local run has no midnight trigger: every pass rebuilds 오늘 출하. */
export const RECONCILE = { kind: "reconcile", rebuildToday: true } as const satisfies SyncMode;

export interface LocalHost<W extends WorkbookPort = WorkbookPort> extends Host {
  workbook: W;
  clock: { now: Date };
}

export function localHost<W extends WorkbookPort>(
  workbook: W,
  now: Date,
  cache: KeyValueCache = new MemoryCache(),
): LocalHost<W> {
  const clock = { now };
  return { workbook, cache, now: () => clock.now, random: (n) => randomBytes(n), clock };
}

/** The harvest delay Tony makes on the first shipping morning. */
export const DEMO_DELAY: DelayRequest = demoSeason.delay;

/**
 * 설정 as the demo orchard has it: its account, phone and address filled and the order page
 * open (a line of the template keeps its 설명), each item's harvest window, and a daily limit.
 */
function writeDemoSettings(host: LocalHost): void {
  const sheet = host.workbook.sheet(tab("settings").name)!;
  const settings = Table.read(tab("settings"), sheet);
  for (const line of demoSeason.settings as {
    label: string;
    value: string | number;
    description?: string;
  }[]) {
    let r = 0;
    while (r < settings.rowCount && settings.text(r, "label") !== line.label) r++;
    if (r === settings.rowCount) r = settings.addRow();
    settings.set(r, "label", line.label);
    settings.set(r, "value", line.value);
    if (line.description !== undefined) settings.set(r, "description", line.description);
  }
  settings.flush(sheet);
}

/** The demo orchard's 설정, then Tony's rows as he typed them. */
export function writeDemoSeason(host: LocalHost): void {
  writeDemoSettings(host);
  writeDemoOrders(host);
}

/** Tony's demo rows as he typed them, payments with the time the money came in. */
function writeDemoOrders(host: LocalHost): void {
  const orders = host.workbook.sheet(tab("orders").name)!;
  const headers = (orders.readAll()[0] ?? []).map(String);
  const keyOf = (header: string) => tab("orders").columns.find((c) => c.header === header)?.key ?? "";
  const input = demoSeason.rows.map((row) => {
    const cells: Record<string, Cell> = {
      ...row,
      orderedAt: new Date(row.orderedAt),
      paidAt: row.paidAt ? new Date(row.paidAt) : "",
    };
    return headers.map((h) => cells[keyOf(h)] ?? "");
  });
  orders.write(2, 1, input);
}

/** Fills a set-up workbook with the demo season and plays the first shipping morning. */
export function playDemoSeason(host: LocalHost): void {
  writeDemoSeason(host);
  host.clock.now = DEMO_ORDERS_AT;
  sync(host, RECONCILE);
  // Tony sends the evening's confirmations (each tells its date): the morning's changes are news
  // worth a message of their own. The payment requests wait, so `messages` shows one with the
  // demo's account.
  const settings = loadSmallTabs(host, true).settings;
  if (!settings.ok) throw new Error(`demo settings: ${settings.error}`);
  markSent(
    host,
    dueMessages(host, settings.value).filter((m) => m.kind !== "paymentRequest"),
  );

  // The first shipping morning: Tutu works down 오늘 출하.
  host.clock.now = DEMO_MORNING;
  sync(host, RECONCILE);
  const today = host.workbook.sheet(tab("today").name)!;
  const column = (key: string) => tab("today").columns.findIndex((c) => c.key === key) + 1;
  const listed = today.readAll().length - tab("today").headerRow;
  for (let i = 0; i < Math.min(listed, 6); i++) {
    const row = tab("today").headerRow + 1 + i;
    today.write(row, column("harvested"), [[true]]);
    if (i < 4) today.write(row, column("packed"), [[true]]);
    if (i < 2) {
      today.write(row, column("courier"), [["CJ대한통운"]]);
      today.write(row, column("trackingNumber"), [[String(521853120000 + i)]]);
      today.write(row, column("shipped"), [[true]]);
    }
  }
  sync(host, { ...RECONCILE, actor: "tutu" });

  // Rain: 천도 ripens later, and every 천도 shipment moves with the reason for its customer.
  const delayed = delayHarvest(host, DEMO_DELAY);
  if (!delayed.ok) throw new Error(`demo delay: ${delayed.error}`);
}

export type DemoHost = LocalHost<MemoryWorkbook>;

/** The demo season in memory (tests, and `serve` without a file). */
export function demoHost(): DemoHost {
  const workbook = new MemoryWorkbook();
  workbook.setUp(seoulDateOf(DEMO_ORDERS_AT));
  const host = localHost(workbook, DEMO_ORDERS_AT);
  playDemoSeason(host);
  return host;
}
