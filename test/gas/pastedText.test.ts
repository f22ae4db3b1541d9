/**
 * Text pasted into the Sheets dialogs (송장번호 가져오기, 입금 내역 붙여넣기), through
 * dist/Code.js: read strictly, as files are. A broken quote names its line and nothing is taken;
 * every pasted data line is shipped, already there or reported, named by its line in the paste.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste } from "./helpers";
import { BANK_HEADER, BANK_LINES, PAYMENT_ORDERS } from "../scenario/paymentOrders";

/** A page's function as its dialog calls it: with the key the menu gave the dialog. */
function dialog(emu: AppsScriptEmulator, opener: string) {
  const content = (emu.run(opener), emu.shown.at(-1)!.content);
  const key = /window\.peachRun = [\s\S]*?\}\)\("([0-9a-f]{64})"\);/.exec(content)![1]!;
  return <T>(fn: string, ...args: unknown[]) =>
    emu.run(fn, [key, ...args], "menu").value as { ok: boolean; error?: string } & T;
}

interface TrackingReport {
  matched: { line: number; trackingNumber: string }[];
  already: { line: number }[];
  unmatched: { line: number; reason: string }[];
}

/** Six paid shipments with their ship dates. */
function scheduled(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-10T09:00:00+09:00");
  paste(
    emu,
    demoInput(6).map((r) => ({ ...r, 입금상태: "입금완료" })),
  );
  emu.fireTimer("reconcile");
  return emu;
}

const recipients = (emu: AppsScriptEmulator) =>
  emu
    .records(ORDERS)
    .filter((r) => r["진행상태"] === "출하예정")
    .map((r) => [String(r["받는분"]), String(r["받는분 연락처"])] as const);

describe("pasted text in the Sheets dialogs", () => {
  it("송장번호 가져오기: an unterminated quote names its line, and no order is shipped", () => {
    const emu = scheduled();
    const [a, b] = recipients(emu);
    const pasted = [
      "받는분성명\t받는분전화번호\t운송장번호",
      `${a![0]}\t${a![1]}\t600011112222`,
      `"${b![0]}\t${b![1]}\t600011113333`,
      ...Array.from({ length: 15 }, (_, i) => `손님${i}\t010-5555-${1000 + i}\t60002220${i}`),
    ].join("\n");
    const events = emu.records(EVENTS).length;
    const answer = dialog(emu, "showTrackingImport")("importTrackingText", pasted, "", "CJ대한통운");
    expect(answer.ok).toBe(false);
    expect(answer.error).toBe(
      "붙여 넣은 내용의 3번째 줄을 읽을 수 없습니다: 따옴표가 닫히지 않았습니다. 아무 줄도 반영하지 않았습니다. 그 줄을 고쳐 다시 붙여 넣어 주세요",
    );
    expect(emu.records(ORDERS).filter((r) => r["송장번호"] !== "")).toEqual([]);
    expect(emu.records(EVENTS).length).toBe(events);
  });

  it("송장번호 가져오기: pasted data lines in = shipped + already there + reported, each named by its line in the paste", () => {
    const emu = scheduled();
    const [a, b, c] = recipients(emu);
    const pasted = [
      "받는분성명\t받는분전화번호\t운송장번호\t배송메세지",
      // A memo with a line break, quoted as Sheets and Excel copy it: the next row starts on line 4.
      `${a![0]}\t${a![1]}\t600011112222\t"문 앞에\n두세요"`,
      `${b![0]}\t${b![1]}\t600011113333\t`,
      "",
      "없는분\t010-0000-0000\t600011114444\t",
      `${c![0]}\t${c![1]}\t\t`,
    ].join("\r\n");
    const open = dialog(emu, "showTrackingImport");
    const first = open<{ report: TrackingReport }>("importTrackingText", pasted, "", "CJ대한통운");
    expect(first.ok).toBe(true);
    const lines = (r: TrackingReport) =>
      [...r.matched, ...r.already, ...r.unmatched].map((l) => l.line).sort((x, y) => x - y);
    // Five data lines (the blank one is no data): each is accounted for once, by its own line.
    expect(first.report.matched.map((m) => m.line)).toEqual([2, 4]);
    expect(first.report.unmatched.map((u) => u.line)).toEqual([6, 7]);
    expect(lines(first.report)).toEqual([2, 4, 6, 7]);
    expect(first.report.unmatched[1]!.reason).toBe("송장번호가 없습니다");
    const shipped = emu.records(ORDERS).filter((r) => r["진행상태"] === "발송");
    expect(shipped.map((r) => r["송장번호"]).sort()).toEqual(["600011112222", "600011113333"]);
    // Pasted again: the two waybills are already there, the rest reported again; nothing new.
    const again = open<{ report: TrackingReport }>("importTrackingText", pasted, "", "CJ대한통운");
    expect(again.report.matched).toEqual([]);
    expect(lines(again.report)).toEqual([2, 4, 6, 7]);
  });

  it("입금 내역 붙여넣기: an unterminated quote names its line, and nothing is paid", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T20:00:00+09:00");
    paste(emu, [...PAYMENT_ORDERS]);
    const broken = [
      BANK_HEADER,
      ...BANK_LINES.slice(0, 2),
      `"${BANK_LINES[2]!}`,
      ...BANK_LINES.slice(3),
    ].join("\n");
    const call = dialog(emu, "showPaymentImport");
    const preview = call("previewBankPayments", broken);
    expect(preview).toEqual({
      ok: false,
      error:
        "붙여 넣은 내용의 4번째 줄을 읽을 수 없습니다: 따옴표가 닫히지 않았습니다. 아무 줄도 반영하지 않았습니다. 그 줄을 고쳐 다시 붙여 넣어 주세요",
    });
    const applied = call("applyBankPayments", broken, []);
    expect(applied.ok).toBe(false);
    expect(applied.error).toMatch(/^붙여 넣은 내용의 4번째 줄을 읽을 수 없습니다/);
    expect(emu.records(ORDERS).filter((r) => r["입금상태"] === "입금완료")).toEqual([]);
  });
});
