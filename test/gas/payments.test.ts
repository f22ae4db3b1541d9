/**
 * 입금 내역 붙여넣기 through dist/Code.js in the emulator: the menu item and its dialog, the
 * proposed matches of pasted bank lines, Tony's choices applied under the lock in one pass, a
 * second paste changing nothing, and hostile arguments answered in Korean.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, freshSpreadsheet, ORDERS, paste } from "./helpers";
import { PASTED, PAYMENT_ORDERS } from "../scenario/paymentOrders";

interface Line {
  line: number;
  kind: string;
  reason?: string;
  orderCode?: string;
  candidates: { orderCode: string }[];
}
interface Plan {
  bank: string;
  lines: Line[];
}
interface Report {
  plan: Plan;
  applied: { line: number; orderCode: string; paid: boolean; due: number }[];
  refused: { line: number; error: string }[];
}

/** The key the dialog was given when the menu opened it (window.peachRun adds it to each call). */
const keys = new WeakMap<AppsScriptEmulator, string>();
function dialogKey(emu: AppsScriptEmulator): string {
  if (!keys.has(emu)) {
    emu.run("showPaymentImport");
    const content = emu.shown.at(-1)!.content;
    keys.set(emu, /window\.peachRun = [\s\S]*?\}\)\("([0-9a-f]{64})"\);/.exec(content)![1]!);
  }
  return keys.get(emu)!;
}
const call = <T>(emu: AppsScriptEmulator, fn: string, ...args: unknown[]) =>
  emu.run(fn, [dialogKey(emu), ...args], "menu") as {
    value: { ok: boolean; error?: string } & T;
    roundTrips: number;
  };

function season(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-11T20:00:00+09:00");
  paste(emu, [...PAYMENT_ORDERS]);
  emu.now = at("2026-07-13T09:00:00+09:00");
  return emu;
}

const byCode = (emu: AppsScriptEmulator) =>
  new Map(emu.records(ORDERS).map((r) => [String(r["주문번호"]), r]));

describe("입금 내역 붙여넣기 (Apps Script)", () => {
  it("is in the menu and opens its dialog", () => {
    const emu = season();
    expect(emu.menus[0]!.items.map(([label]) => label)).toContain("입금 내역 붙여넣기");
    emu.run("showPaymentImport");
    expect(emu.shown.at(-1)).toMatchObject({ kind: "dialog", title: "입금 내역 붙여넣기" });
    expect(emu.shown.at(-1)!.content).toContain("previewBankPayments");
  });

  it("proposes, applies the sure ones and Tony's choices in one pass, and a second paste changes nothing", () => {
    const emu = season();
    const preview = call<{ plan: Plan }>(emu, "previewBankPayments", PASTED);
    expect(preview.value.ok).toBe(true);
    const plan = preview.value.plan;
    expect(plan.bank).toBe("카카오뱅크");
    expect(plan.lines.map((l) => `${l.line} ${l.kind} ${l.orderCode ?? l.reason}`)).toEqual([
      "2 matched 660-551",
      "3 ignored withdrawal",
      "4 matched 123-456",
      "5 doubtful partial",
      "6 doubtful none",
    ]);
    expect(plan.lines[4]!.candidates.map((c) => c.orderCode)).toEqual(["660-552"]);
    expect(byCode(emu).get("660-551")!["입금상태"]).toBe("미입금"); // a preview writes nothing

    const applied = call<{ report: Report }>(emu, "applyBankPayments", PASTED, [
      { line: 5, codes: ["777-001"] },
      { line: 6, codes: ["660-552"] },
    ]);
    expect(applied.value.ok).toBe(true);
    expect(applied.value.report.applied.map((a) => [a.line, a.orderCode, a.paid, a.due])).toEqual([
      [2, "660-551", true, 0],
      [4, "123-456", true, 0],
      [5, "777-001", false, 10000],
      [6, "660-552", true, 0],
    ]);
    console.log(`입금 내역 반영 (4줄): ${applied.roundTrips} round trips`);
    expect(applied.roundTrips).toBeLessThan(40);
    const orders = byCode(emu);
    for (const code of ["660-551", "123-456", "660-552"]) {
      expect(orders.get(code)!["입금상태"]).toBe("입금완료");
      expect(["출하예정", "대기"]).toContain(orders.get(code)!["진행상태"]);
    }
    expect((orders.get("660-551")!["입금일시"] as Date).toISOString()).toBe("2026-07-12T00:14:03.000Z");
    expect(orders.get("777-001")!["입금상태"]).toBe("미입금");
    const logged = emu.records("이력").filter((e) => e["사건"] === "은행 입금");
    expect(logged).toHaveLength(4);

    const before = JSON.stringify([emu.records(ORDERS), emu.records("이력")]);
    const again = call<{ report: Report }>(emu, "applyBankPayments", PASTED, []);
    expect(again.value.report.applied).toEqual([]);
    expect(again.value.report.plan.lines.filter((l) => l.reason === "alreadyApplied")).toHaveLength(4);
    expect(JSON.stringify([emu.records(ORDERS), emu.records("이력")])).toBe(before);

    // The customer of the partial payment sees what is still due.
    const view = emu.run("lookupStatus", ["777-001", "6666"], "webapp").value as {
      ok: boolean;
      view: { due: string; received: string };
    };
    expect([view.view.received, view.view.due]).toEqual(["20,000원", "10,000원"]);
  });

  it("answers hostile or broken arguments in Korean and changes nothing", () => {
    const emu = season();
    const before = JSON.stringify(emu.records(ORDERS));
    for (const [text, choices] of [
      [123, undefined],
      ["", []],
      ["아무 표도 아닌 글", []],
      ["x".repeat(600_000), []],
      [PASTED, { line: 2 }],
      [PASTED, [{ line: "2", codes: ["660-551"] }]],
      [PASTED, [{ line: 5, codes: ['=HYPERLINK("x")'] }]],
      [PASTED, [{ line: 5, codes: new Array(50).fill("777-001") }]],
    ] as const) {
      const answer = call<object>(emu, "applyBankPayments", text, choices).value;
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatch(/[가-힣]/);
    }
    expect(call<object>(emu, "previewBankPayments", { toString: 1 }).value.ok).toBe(false);
    // Without the dialog's key (a visitor of the web app, or a forged call): refused before any read.
    for (const kind of ["webapp", "menu"] as const) {
      const refused = emu.run("applyBankPayments", [PASTED, []], kind).value as {
        ok: boolean;
        error: string;
      };
      expect(refused).toEqual({ ok: false, error: "시트 메뉴에서 이 창을 다시 열어 주세요" });
      const wrongKey = emu.run("previewBankPayments", ["0".repeat(64), PASTED], kind).value as {
        ok: boolean;
      };
      expect(wrongKey.ok).toBe(false);
    }
    expect(JSON.stringify(emu.records(ORDERS))).toBe(before);
  });
});
