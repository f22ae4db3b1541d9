/**
 * The attacker test: the web app runs as Tony for anyone, and google.script.run can name every
 * top-level function of dist/Code.js. An anonymous visitor calls each one with hostile arguments;
 * nothing but the customer functions may read or write a cell, change a trigger or a stored
 * setting, or return data. Runs under both behaviours of getActiveSpreadsheet() in web apps.
 */
import { CUSTOMER_FUNCTIONS } from "../../src/gas/entryPoints";
import { AppsScriptEmulator, type WebAppActive } from "../emulator/appsScript";
import { at, col, demoInput, freshSpreadsheet, ORDERS, paste } from "./helpers";

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

describe("the trigger gate, answered from the cache", () => {
  const TRIGGERS_KEY = "peach:triggers:v1";
  const uidOf = (emu: AppsScriptEmulator, handler: string) =>
    emu.triggers.find((t) => t.handler === handler)!.id;
  /** Calls `fn` with an event carrying `uid`; whether it ran, and what the gate asked. */
  const call = (emu: AppsScriptEmulator, fn: string, uid: string, kind: "trigger" | "webapp" = "trigger") => {
    const trips = emu.counter.roundTrips;
    emu.run(fn, [{ triggerUid: uid }], kind);
    const run = emu.executionLog.at(-1)!;
    return {
      ran: emu.counter.roundTrips > trips,
      askedGoogle: run.calls["ScriptApp.getProjectTriggers"] ?? 0,
    };
  };
  const later = (emu: AppsScriptEmulator, minutes: number) =>
    (emu.now = new Date(emu.now.getTime() + minutes * 60_000));

  it("a real trigger runs on the cache's word; an edit writes no 진단 note, the full pass does", () => {
    const emu = season("container");
    const before = emu.serviceCalls.get("ScriptApp.getProjectTriggers") ?? 0;
    emu.edit(ORDERS, 2, col(emu, ORDERS, "메모"), [["문 앞에 두세요"]]);
    const edit = emu.executionLog.at(-1)!;
    expect([edit.fn, edit.error]).toEqual(["onEditInstalled", undefined]);
    expect(emu.serviceCalls.get("ScriptApp.getProjectTriggers") ?? 0).toBe(before);
    expect(emu.cache.get("peach:diag:lock:trigger")).toBeNull();
    emu.fireTimer("reconcile"); // the first: a full pass
    expect(emu.cache.get("peach:diag:lock:trigger")).toBe("있음");
    later(emu, 10);
    emu.fireTimer("reconcile"); // nothing changed
    const idle = emu.executionLog.at(-1)!;
    expect(idle.calls["ScriptApp.getProjectTriggers"]).toBeUndefined();
    expect(idle.calls["CacheService.put"]).toBeUndefined();
    expect(emu.serviceCalls.get("ScriptApp.getProjectTriggers") ?? 0).toBe(before);
  });

  it("a forged uid is refused after a look at Google's list, and never remembered", () => {
    const emu = season("container");
    const forged = "4034124084959907503";
    for (const kind of ["webapp", "trigger"] as const) {
      const before = state(emu);
      expect(call(emu, "reconcile", forged, kind)).toEqual({ ran: false, askedGoogle: 1 });
      expect(state(emu)).toBe(before);
    }
    expect(emu.cache.get(TRIGGERS_KEY)).not.toContain(forged);
    // Another handler's uid is no pass either, from the cache or from Google.
    expect(call(emu, "reconcile", uidOf(emu, "rolloverToday")).ran).toBe(false);
    expect(call(emu, "rolloverToday", uidOf(emu, "onEditInstalled")).ran).toBe(false);
  });

  it("re-installed triggers: the old uids are refused at once, the new ones pass from the cache", () => {
    const emu = season("container");
    const old = ["onEditInstalled", "reconcile", "rolloverToday"].map((h) => [h, uidOf(emu, h)] as const);
    expect(call(emu, "reconcile", uidOf(emu, "reconcile")).ran).toBe(true);
    emu.run("installTriggers");
    for (const [handler, uid] of old) {
      expect(emu.triggers.map((t) => t.id)).not.toContain(uid);
      later(emu, 10);
      expect([handler, call(emu, handler, uid).ran]).toEqual([handler, false]);
    }
    later(emu, 10);
    expect(call(emu, "reconcile", uidOf(emu, "reconcile"))).toEqual({ ran: true, askedGoogle: 0 });
  });

  it("the reconcile's own trigger, replaced when the interval changes: the old uid is refused", () => {
    const emu = season("container");
    emu.scriptProperties.set("RECONCILE_EVERY_MINUTES", "30"); // an older install's interval
    const old = uidOf(emu, "reconcile");
    emu.fireTimer("reconcile");
    expect(uidOf(emu, "reconcile")).not.toBe(old);
    later(emu, 10);
    expect(call(emu, "reconcile", old).ran).toBe(false);
    expect(call(emu, "reconcile", uidOf(emu, "reconcile"))).toEqual({ ran: true, askedGoogle: 0 });
  });

  it("a trigger deleted by hand in the Apps Script editor is refused once the hour of the cache is over", () => {
    const emu = season("container");
    const uid = uidOf(emu, "reconcile");
    emu.cache.delete(TRIGGERS_KEY); // (the scene's clock went back a day since the install)
    expect(call(emu, "reconcile", uid)).toEqual({ ran: true, askedGoogle: 1 }); // remembered now
    emu.triggers.splice(
      emu.triggers.findIndex((t) => t.id === uid),
      1,
    ); // the editor's Triggers page: the script is not told
    // Within the hour the cache still vouches for it (docs/public-surface.md says so) …
    later(emu, 50);
    expect(call(emu, "reconcile", uid).ran).toBe(true);
    // … and after it, Google's list decides.
    later(emu, 11);
    expect(call(emu, "reconcile", uid)).toEqual({ ran: false, askedGoogle: 1 });
  });

  it("Google's list as one user sees it vouches for nobody else: the web app runs as its owner", () => {
    const emu = new AppsScriptEmulator();
    emu.run("onOpen");
    emu.run("setupTabs");
    emu.user = "tutu@example.com"; // Tutu installs the triggers: they run as her
    emu.run("installTriggers");
    const uid = uidOf(emu, "reconcile");
    expect(emu.triggers.find((t) => t.id === uid)!.owner).toBe("tutu@example.com");
    expect(call(emu, "reconcile", uid, "webapp")).toEqual({ ran: false, askedGoogle: 1 });
    later(emu, 10);
    expect(call(emu, "reconcile", uid)).toMatchObject({ ran: false }); // run as Tony: not his trigger
    emu.fireTimer("reconcile"); // Google runs it as Tutu
    expect(emu.executionLog.at(-1)!.roundTrips).toBeGreaterThan(0);
  });

  it("an entry evicted or expired: the next real trigger asks Google once and remembers the list", () => {
    const emu = season("container");
    emu.cache.delete(TRIGGERS_KEY);
    expect(call(emu, "reconcile", uidOf(emu, "reconcile"))).toEqual({ ran: true, askedGoogle: 1 });
    later(emu, 10);
    expect(call(emu, "reconcile", uidOf(emu, "reconcile"))).toEqual({ ran: true, askedGoogle: 0 });
  });
});
