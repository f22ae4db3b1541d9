/**
 * The attacker test: the web app runs as Tony for anyone, and google.script.run can name every
 * top-level function of dist/Code.js. An anonymous visitor calls each one with hostile arguments;
 * nothing but the customer functions may read or write a cell, change a trigger or a stored
 * setting, or return data. Runs under both behaviours of getActiveSpreadsheet() in web apps.
 */
import { CUSTOMER_FUNCTIONS } from "../../src/gas/entryPoints";
import type { AppsScriptEmulator, WebAppActive } from "../emulator/appsScript";
import { at, demoInput, freshSpreadsheet, ORDERS, paste } from "./helpers";

/** What a visitor can send: google.script.run passes primitives, arrays and plain objects only. */
function hostileArguments(emu: AppsScriptEmulator): unknown[][] {
  const row = emu.records(ORDERS)[0]!;
  const realTriggerShaped = "4034124084959907503"; // the documented example triggerUid
  return [
    [],
    [""],
    ["x"],
    [String(row["주문번호"])],
    [String(row["조회토큰"])],
    [0],
    [1],
    [-1],
    [2 ** 64],
    [null],
    [true],
    [[]],
    [{}],
    [{ triggerUid: realTriggerShaped }],
    [{ triggerUid: 1 }],
    [{ triggerUid: "" }],
    [{ range: {} }],
    [{ range: { getSheet: "주문" }, triggerUid: realTriggerShaped, authMode: "FULL" }],
    [{ source: {}, range: {}, value: "입금완료", user: { email: "tony@example.com" } }],
    [{ parameter: { t: String(row["조회토큰"]) } }],
    ["00000000-0000-4000-8000-000000000000", "2026-07-13", "cj"],
    [String(row["조회토큰"]), "2026-07-13", "x"],
    ["2026-07-13", "cj", "x"],
  ];
}

/** Everything a refused call must leave as it was. */
function state(emu: AppsScriptEmulator): string {
  return JSON.stringify({
    cells: emu.spreadsheet.sheets.map((s) => [s.getName(), emu.values(s.getName()), s.maxRows, s.maxColumns]),
    triggers: emu.triggers,
    properties: emu.scriptProperties.all(),
    shown: emu.shown.length,
    toasts: emu.spreadsheet.toasts.length,
  });
}

/** No data: nothing, or a refusal carrying only a message. */
function carriesNoData(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== "object") return false;
  const keys = Object.keys(value).sort();
  return (
    JSON.stringify(keys) === JSON.stringify(["error", "ok"]) &&
    (value as { ok: unknown }).ok === false &&
    typeof (value as { error: unknown }).error === "string"
  );
}

function season(active: WebAppActive): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.webAppActive = active;
  emu.now = at("2026-07-11T09:00:00+09:00");
  paste(emu, demoInput(6));
  return emu;
}

describe.each<WebAppActive>(["null", "container"])(
  "an anonymous visitor, getActiveSpreadsheet() in web apps = %s",
  (active) => {
    it("reaches nothing but the page and the customer functions", () => {
      const emu = season(active);
      const names = emu.topLevelFunctions();
      expect(names).toEqual(expect.arrayContaining([...CUSTOMER_FUNCTIONS]));
      const others = names.filter((n) => !(CUSTOMER_FUNCTIONS as readonly string[]).includes(n));
      expect(others.length).toBeGreaterThan(10);
      const leaks: string[] = [];
      for (const fn of others) {
        for (const args of hostileArguments(emu)) {
          const before = state(emu);
          const trips = emu.counter.roundTrips;
          let value: unknown;
          try {
            value = emu.run(fn, args, "webapp").value;
          } catch {
            value = undefined; // an exception reaches the visitor as a failure, with no data
          }
          const what = `${fn}(${JSON.stringify(args)})`;
          if (emu.counter.roundTrips !== trips) leaks.push(`${what} touched the spreadsheet`);
          else if (state(emu) !== before) leaks.push(`${what} changed something`);
          else if (!carriesNoData(value)) leaks.push(`${what} returned ${JSON.stringify(value)}`);
        }
      }
      expect(leaks).toEqual([]);
    });

    it("still gets answers from the customer functions", () => {
      const emu = season(active);
      const row = emu.records(ORDERS)[0]!;
      const answer = emu.run("lookupByToken", [row["조회토큰"]], "webapp").value as { ok: boolean };
      expect(answer.ok).toBe(true);
      const page = emu.run("doGet", [{ parameter: {} }], "webapp").value as { getContent(): string };
      expect(page.getContent()).toContain("<html");
    });
  },
);

describe("the capabilities an editor holds", () => {
  it("a page's key opens only that page's functions, and only while it lasts", () => {
    const emu = season("container");
    const messages = emu.openPage("showMessages");
    expect(messages("getDueMessages")).toMatchObject({ ok: true });
    // The messages page's key is not the print page's.
    expect(messages("getTodayList")).toEqual({ ok: false, error: "시트 메뉴에서 이 창을 다시 열어 주세요" });
    // Half a day later the sidebar must be opened again.
    emu.now = new Date(emu.now.getTime() + 13 * 3600 * 1000);
    expect(messages("getDueMessages")).toEqual({
      ok: false,
      error: "시트 메뉴에서 이 창을 다시 열어 주세요",
    });
  });

  it("a menu item runs for the editor who clicked it, and not for a visitor of the web app", () => {
    const emu = season("container");
    emu.user = "tutu@example.com"; // another editor, under her own authority
    const before = emu.spreadsheet.toasts.length;
    emu.run("refreshToday", [], "menu");
    expect(emu.spreadsheet.toasts.length).toBe(before + 1);
    const trips = emu.counter.roundTrips;
    emu.run("refreshToday", [], "webapp"); // runs as Tony, called by someone who is not
    expect(emu.counter.roundTrips).toBe(trips);
  });

  it("a trigger handler runs for its own installed trigger only", () => {
    const emu = season("container");
    const reconcileUid = emu.triggers.find((t) => t.handler === "reconcile")!.id;
    const rolloverUid = emu.triggers.find((t) => t.handler === "rolloverToday")!.id;
    const trips = emu.counter.roundTrips;
    emu.run("reconcile", [{ triggerUid: rolloverUid }], "trigger");
    expect(emu.counter.roundTrips).toBe(trips);
    emu.run("reconcile", [{ triggerUid: reconcileUid }], "trigger");
    expect(emu.counter.roundTrips).toBeGreaterThan(trips);
  });
});
