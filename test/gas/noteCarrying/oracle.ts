/**
 * A differential oracle for edit notes: the same acts (Tony's edits at their moments) played
 * (a) while an execution holds the lock, so each is noted and carried by the holder, and
 * (b) live, each edit running alone at its moment with the lock free. What the sheet and 이력
 * end up saying should be the same, up to the random codes, ids and tokens.
 */
import type { AppsScriptEmulator } from "../../emulator/appsScript";
import { col, EVENTS, mondayOfTwelve, ORDERS, PROBLEMS } from "../helpers";

export interface Act {
  /** ms after the carrier's start (keep them within its hold for (a)). */
  at: number;
  who?: string;
  run: (emu: AppsScriptEmulator) => void;
}

export const type = (row: number, header: string, value: unknown, at: number, who = ""): Act => ({
  at,
  who,
  run: (emu) => emu.edit(ORDERS, row, col(emu, ORDERS, header), [[value]]),
});

export interface Played {
  emu: AppsScriptEmulator;
  start: number;
  snapshot: ReturnType<typeof snapshot>;
}

const CARRIER_ROW = 2;
const carrierAct = (start: number): Act => type(CARRIER_ROW, "메모", "오후 배송", start);

export function contended(
  acts: Act[],
  scene: () => AppsScriptEmulator = mondayOfTwelve,
  opts: { carrierAt?: number } = {},
): Played {
  const emu = scene();
  emu.overlap = true;
  const start = emu.now.getTime() + 600_000;
  const eventsFrom = emu.spreadsheet.tab(EVENTS).lastRow();
  const all = [{ ...carrierAct(0), at: opts.carrierAt ?? 0 }, ...acts];
  all.forEach((a, i) =>
    emu.schedule(
      start + a.at,
      () => {
        emu.eventUser = a.who ?? "";
        a.run(emu);
      },
      i === 0 ? "carrier" : "tony",
    ),
  );
  emu.runAgenda();
  return { emu, start, snapshot: snapshot(emu, start, eventsFrom) };
}

export function live(
  acts: Act[],
  scene: () => AppsScriptEmulator = mondayOfTwelve,
  opts: { carrierAt?: number } = {},
): Played {
  const emu = scene();
  emu.overlap = false;
  const start = emu.now.getTime() + 600_000;
  const eventsFrom = emu.spreadsheet.tab(EVENTS).lastRow();
  const all = [{ ...carrierAct(0), at: opts.carrierAt ?? 0 }, ...acts].sort((a, b) => a.at - b.at);
  for (const a of all) {
    emu.now = new Date(start + a.at);
    emu.eventUser = a.who ?? "";
    a.run(emu);
  }
  return { emu, start, snapshot: snapshot(emu, start, eventsFrom) };
}

const SKIP = new Set(["행ID", "조회토큰", "기록"]);

export function snapshot(emu: AppsScriptEmulator, start: number, eventsFrom: number) {
  const orders = emu.records(ORDERS);
  const codes = new Map<string, string>();
  const ids = new Map<string, string>();
  const codeOf = (c: unknown) => {
    const s = String(c ?? "");
    if (!s) return "";
    if (!codes.has(s)) codes.set(s, `O${codes.size + 1}`);
    return codes.get(s)!;
  };
  const idOf = (c: unknown) => {
    const s = String(c ?? "");
    if (!s) return "";
    if (!ids.has(s)) ids.set(s, `R${ids.size + 1}`);
    return ids.get(s)!;
  };
  const cell = (v: unknown) => (v instanceof Date ? `t${v.getTime() - start}` : String(v ?? ""));
  const rows = orders.map((r) => {
    idOf(r["행ID"]);
    return Object.entries(r)
      .filter(([k]) => !SKIP.has(k))
      .map(([k, v]) => (k === "주문번호" ? codeOf(v) : cell(v)))
      .join("|");
  });
  const events = emu
    .records(EVENTS)
    .slice(eventsFrom - 1)
    .map((e) =>
      [
        cell(e["시각"]),
        e["누가"],
        codeOf(e["주문번호"]),
        idOf(e["행ID"]),
        e["사건"],
        e["이전"],
        e["이후"],
        e["내용"],
      ]
        .map((v) => String(v ?? ""))
        .join("|"),
    )
    .sort();
  const problems = emu
    .records(PROBLEMS)
    .filter((p) => (p["해결"] !== undefined ? true : true))
    .map((p) =>
      Object.entries(p)
        .filter(([k]) => !/시각|일시|행ID|주문번호/.test(k))
        .map(([, v]) => cell(v).replace(/\br[0-9a-z]{11}\b/g, (m) => idOf(m)))
        .join("|"),
    )
    .sort();
  // 이력 with times only on the payment lines (the times the change promises), the rest by content.
  const eventsLoose = events.map((e) => (/\|입금\|/.test(e) ? e : e.replace(/^t-?\d+\|/, "t?|"))).sort();
  const notes = Object.keys(emu.scriptProperties.all()).filter((k) => k.startsWith("EN:"));
  return { rows, events, eventsLoose, problems, notes };
}
