/**
 * 진단 through dist/Code.js: the same live self-check Tony runs from the menu, run in the
 * emulator, where every check passes (the emulator follows what the script assumes).
 */
import { COST_MODEL } from "../emulator/costModel";
import { URL_FETCH_ASSUMED_MS } from "../../src/gas/diagnose";
import { at, demoInput, freshSpreadsheet, paste } from "./helpers";

const setSetting = (emu: ReturnType<typeof freshSpreadsheet>, label: string, value: string) => {
  const row = emu.values("설정").findIndex((r) => r[0] === label) + 1;
  emu.spreadsheet.tab("설정").put(row, 2, value);
};

describe("진단", () => {
  it("runs every check in a scratch tab, removes it, writes the 진단 tab and a copyable summary", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(2));
    const urlRow = emu.values("설정").findIndex((r) => r[0] === "조회 페이지 주소") + 1;
    emu.spreadsheet.tab("설정").put(urlRow, 2, "https://script.google.com/macros/s/AKfyTONY/exec");
    // Before the web app was opened and a reconcile ran, their checks are "not yet seen" (an
    // edit notes nothing: that would cost each edit a cache write).
    emu.run("diagnose");
    expect(
      emu
        .records("진단")
        .filter((r) => r["결과"] === "확인 전")
        .map((r) => r["번호"]),
    ).toEqual(["D8", "D9", "D10", "D15"]);
    emu.run("doGet", [{ parameter: {} }], "webapp");
    // D15 times an outside connection only once Tony has turned sending on.
    setSetting(emu, "문자 자동 발송", "솔라피");
    emu.urlFetch = () => ({ status: 404, body: "{}" });
    emu.fireTimer("reconcile");
    const sheetsBefore = emu.spreadsheet.sheets.map((s) => s.getName());
    emu.run("diagnose");
    expect(emu.spreadsheet.sheets.map((s) => s.getName())).toEqual(sheetsBefore);
    expect(sheetsBefore).not.toContain("진단 임시");
    const report = emu.records("진단");
    // The cell checks first (D14, appendRow into a plain-text column, is one of them), then the rest.
    const ids = report.map((r) => String(r["번호"]));
    expect([...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(
      Array.from({ length: 15 }, (_, i) => `D${i + 1}`),
    );
    expect(report.filter((r) => r["결과"] !== "통과")).toEqual([]);
    const dialog = emu.shown.at(-1)!;
    expect(dialog).toMatchObject({ kind: "dialog", title: "진단 결과" });
    expect(dialog.content).toMatch(
      /<textarea readonly[^>]*>복숭아 주문 진단 2026-07-11 · 통과 15 · 다름 0 · 확인 전 0/,
    );
  });

  it("D15 times one UrlFetchApp call: a GET of the provider's base, no key, and none while sending is 아니오", () => {
    const emu = freshSpreadsheet();
    emu.scriptProperties.set("SOLAPI_API_KEY", "NCSDIAGKEY1234");
    emu.scriptProperties.set("SOLAPI_API_SECRET", "DIAGSECRET0123456789abcdef");
    emu.urlFetch = () => ({ status: 404, body: '{"errorCode":"NotFound"}' });
    const d15 = () => emu.records("진단").find((r) => r["번호"] === "D15")!;
    emu.run("diagnose");
    expect(emu.fetches).toEqual([]); // 아니오: no outside connection at all (README's permission list)
    expect(d15()).toMatchObject({ 결과: "확인 전", "실제로 본 것": expect.stringContaining("아니오라서") });
    setSetting(emu, "문자 자동 발송", "솔라피");
    // A relay address with a user or password in it is neither called nor shown, however it splits.
    for (const relay of [
      "https://tony:relaypass@relay.example/solapi/v4",
      "https://tony:relay/pass@relay.example",
      "https://tony:re@laypass@relay.example",
    ]) {
      emu.scriptProperties.set("PEACH_SOLAPI_URL", relay);
      emu.run("diagnose");
      expect(emu.fetches).toEqual([]);
      expect(d15()["결과"]).toBe("확인 전");
      expect(JSON.stringify(d15())).not.toMatch(/tony|relay|pass/);
    }
    emu.scriptProperties.set("PEACH_SOLAPI_URL", "https://relay.example/solapi/v4");
    emu.run("diagnose");
    expect(emu.fetches).toHaveLength(1);
    const [{ url, params }] = emu.fetches as [{ url: string; params: Record<string, unknown> }];
    expect(url).toBe("https://relay.example");
    expect(params).toMatchObject({ method: "get", muteHttpExceptions: true });
    expect(params.headers).toBeUndefined();
    expect(params.payload).toBeUndefined();
    expect(d15()).toMatchObject({
      결과: "통과",
      "실제로 본 것": expect.stringMatching(/GET \(열쇠 없이\): HTTP 404, \d+ ms/),
    });
    // The call is charged as every sending request is, and the check names the same figure.
    expect(emu.executionLog.at(-1)!.calls["UrlFetchApp.fetch"]).toBe(1);
    expect(URL_FETCH_ASSUMED_MS).toBe(COST_MODEL.urlFetchMs);
    // No network: 다름, with the reason and no address beyond the host.
    emu.urlFetch = null;
    emu.run("diagnose");
    expect(d15()["결과"]).toBe("다름");
    for (const secret of ["NCSDIAGKEY1234", "DIAGSECRET"])
      expect(JSON.stringify(emu.records("진단"))).not.toContain(secret);
  });

  it("tells what differs: a spreadsheet in another time zone, an address ending in /dev", () => {
    const emu = freshSpreadsheet();
    emu.spreadsheet.timeZone = "Europe/London";
    const urlRow = emu.values("설정").findIndex((r) => r[0] === "조회 페이지 주소") + 1;
    emu.spreadsheet.tab("설정").put(urlRow, 2, "https://script.google.com/macros/s/AKfyTONY/dev");
    emu.run("diagnose");
    const differs = emu.records("진단").filter((r) => r["결과"] === "다름");
    expect(differs.map((r) => r["번호"])).toEqual(["D4", "D6", "D11"]);
  });
});
