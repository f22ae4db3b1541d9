/**
 * Messages that send themselves on Sheets (issue 24), through the built dist/Code.js in the
 * emulator: the reconcile sends what the sidebar offers by UrlFetchApp to a fake Solapi that
 * checks every signature as the provider documents it (test/support/fakeSolapi.ts), once, only
 * on an accepted answer, retried after a 500, never at night; the key lives in script
 * properties, set from the menu's dialog, shown by its last 4 characters only, and never
 * reaches a cell or a log; an anonymous visitor of the web app reaches none of it.
 */
import { answerUrlFetch, fakeSolapiState } from "../support/fakeSolapi";
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, col, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste, PROBLEMS } from "./helpers";

const KEY = "NCSGASKEY4321";
const SECRET = "GASSECRET0123456789abcdefNEVER";

function withProvider(emu: AppsScriptEmulator) {
  const fake = fakeSolapiState();
  const used = new Set<string>();
  emu.urlFetch = (url, params) =>
    answerUrlFetch(fake, used, KEY, SECRET, url, params, () => emu.now.getTime());
  return fake;
}

function setSetting(emu: AppsScriptEmulator, label: string, value: string | number) {
  const row = emu.values("설정").findIndex((r) => r[0] === label) + 1;
  expect(row).toBeGreaterThan(0);
  emu.edit("설정", row, 2, [[value]]);
}

/** Six orders, four paid, 설정 filled for sending, the keys saved from the dialog. */
function season(): { emu: AppsScriptEmulator; fake: ReturnType<typeof withProvider> } {
  const emu = freshSpreadsheet();
  const fake = withProvider(emu);
  emu.now = at("2026-07-11T10:00:00+09:00");
  setSetting(emu, "입금 안내", "카카오뱅크 3333-01-2345678 (예금주 토니)");
  setSetting(emu, "판매자 연락처", "010-2468-1357");
  setSetting(emu, "문자 보내는 번호", "010-2468-1357");
  setSetting(emu, "문자 자동 발송", "솔라피");
  paste(emu, demoInput(6));
  const pay = col(emu, ORDERS, "입금상태");
  for (const row of [2, 3, 4, 5]) emu.edit(ORDERS, row, pay, [["입금완료"]]);
  emu.scriptProperties.set("PEACH_SOLAPI_URL", "https://fake-solapi.test");
  emu.promptAnswers.push(KEY, SECRET);
  emu.run("showSmsSettings");
  expect(emu.scriptProperties.get("SOLAPI_API_KEY")).toBe(KEY);
  expect(emu.shown.at(-1)!.content).toContain("…4321");
  return { emu, fake };
}

const smsEvents = (emu: AppsScriptEmulator) =>
  emu.records(EVENTS).filter((r) => r["누가"] === "문자" && r["사건"] === "메시지 보냄");

describe("SMS from the reconcile", () => {
  it("sends each due message once, signed, SMS or LMS by EUC-KR bytes, and marks it 보냄 by 문자", () => {
    const { emu, fake } = season();
    const dueBefore = (
      emu.openPage("showMessages")("getDueMessages") as { messages: { blocked?: true }[] }
    ).messages.filter((m) => !m.blocked).length;
    expect(dueBefore).toBeGreaterThan(3);
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.refusedAuth).toEqual([]);
    expect(fake.accepted).toHaveLength(dueBefore);
    expect(smsEvents(emu)).toHaveLength(dueBefore);
    for (const m of fake.accepted) expect(m.to).toMatch(/^01\d{8,9}$/);
    expect(fake.accepted.some((m) => m.type === "LMS")).toBe(true);
    // Twice = once: the next reconcile sends nothing and asks nothing of the network.
    const fetches = emu.fetches.length;
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.fetches.length).toBe(fetches);
    expect(fake.accepted).toHaveLength(dueBefore);
    // The cost of a sending run is charged: one UrlFetchApp call per request.
    const sending = emu.executionLog.find((e) => e.calls["UrlFetchApp.fetch"]);
    expect(sending!.calls["UrlFetchApp.fetch"]).toBeGreaterThanOrEqual(1);
  });

  it("texts nothing to the phone a visitor typed on the order page until the order is paid (issue 23)", () => {
    const { emu, fake } = season();
    setSetting(emu, "온라인 주문 받기", "예");
    setSetting(emu, "입금 안내", "농협 351-0000-1111-22 (예금주 김토니)");
    const stranger = "010-9876-5432";
    const placed = emu.run(
      "placeOrder",
      [
        {
          orderer: { name: "아무개", phone: stranger },
          recipients: [
            {
              name: "아무개",
              phone: stranger,
              postalCode: "06236",
              address: "서울특별시 강남구 테헤란로 5",
              item: "백도 4.5kg",
              boxes: 1,
            },
          ],
          memo: "",
        },
      ],
      "webapp",
    ).value as { ok: boolean; value: { orderCode: string } };
    expect(placed.ok).toBe(true);
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    const digits = stranger.replace(/-/g, "");
    expect(fake.accepted.filter((m) => m.to === digits)).toEqual([]);
    // Tony sees why, and may still copy it by hand.
    const page = emu.openPage("showMessages")("getDueMessages") as {
      messages: { orderCode: string; label: string; sms?: { state: string; reason?: string } }[];
    };
    const request = page.messages.find((m) => m.orderCode === placed.value.orderCode)!;
    expect(request.label).toBe("입금 요청");
    expect(request.sms?.reason).toContain("입금이 확인되기 전에 문자를 보내지 않습니다");
    // Paid: the confirmation goes by text.
    const row = emu.records(ORDERS).findIndex((r) => r["주문번호"] === placed.value.orderCode) + 2;
    emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted.filter((m) => m.to === digits).length).toBeGreaterThan(0);
  });

  it("retries after a 500: nothing marked, 오류 says why, sent by a later reconcile with nothing new", () => {
    const { emu, fake } = season();
    fake.mode = { kind: "500" };
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(smsEvents(emu)).toHaveLength(0);
    const problems = emu.records(PROBLEMS).filter((r) => r["탭"] === "문자");
    expect(problems.length).toBeGreaterThan(0);
    expect(String(problems[0]!["원래 값"])).toContain("HTTP 500");
    fake.mode = { kind: "ok" };
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    expect(smsEvents(emu)).toHaveLength(problems.length);
    expect(emu.records(PROBLEMS).filter((r) => r["탭"] === "문자" && r["해결됨"] !== true)).toHaveLength(0);
  });

  it("sends the 발송 안내 also to each recipient who is not the orderer when 설정 says so, each marked once", () => {
    const { emu, fake } = season();
    setSetting(emu, "발송 안내 받는 분에게도", "예");
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    // 서영희's order: two recipients, each with a mobile of their own.
    const rows = emu
      .records(ORDERS)
      .map((r, i) => ({ r, row: i + 2 }))
      .filter(({ r }) => r["주문자"] === "서영희");
    expect(rows).toHaveLength(2);
    const digits = (v: unknown) => String(v).replace(/\D/g, "");
    const orderer = digits(rows[0]!.r["주문자 연락처"]);
    const [first, second] = rows.map(({ r }) => digits(r["받는분 연락처"])) as [string, string];
    expect(new Set([orderer, first, second]).size).toBe(3);
    rows.forEach(({ row }, i) => {
      emu.edit(ORDERS, row, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
      emu.edit(ORDERS, row, col(emu, ORDERS, "택배사"), [["CJ대한통운"]]);
      emu.edit(ORDERS, row, col(emu, ORDERS, "송장번호"), [[`60001234567${i}`]]);
      emu.edit(ORDERS, row, col(emu, ORDERS, "진행상태"), [["발송"]]);
    });
    // The provider refuses the second recipient's number (tried again within the hour): the orderer's and the first
    // recipient's notices are marked, the second stays due on its own.
    fake.mode = { kind: "failTo", numbers: [second] };
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    const shippedTo = (to: string) => fake.accepted.filter((m) => m.to === to && m.text.includes("출발"));
    expect(shippedTo(orderer)).toHaveLength(1);
    expect(shippedTo(first)).toHaveLength(1);
    expect(shippedTo(second)).toHaveLength(0);
    fake.mode = { kind: "ok" };
    for (const time of ["10:30", "11:25"]) {
      emu.now = at(`2026-07-11T${time}:00+09:00`);
      emu.fireTimer("reconcile");
    }
    expect(shippedTo(orderer)).toHaveLength(1);
    expect(shippedTo(first)).toHaveLength(1);
    expect(shippedTo(second)).toHaveLength(1);
    const notice = shippedTo(second)[0]!.text;
    expect(notice).toContain("서영희님이 보내신 복숭아가 출발했습니다");
    expect(notice).toContain("600012345671");
    expect(notice).not.toMatch(/주문 확인|\?t=|\d원/); // the order's link and amounts stay the orderer's
    const marked = smsEvents(emu).filter((r) => String(r["내용"]).includes(":shippedRecipient:"));
    expect(marked.map((r) => r["이후"])).toEqual([
      "발송 안내 (받는 분 송미경님)",
      "발송 안내 (받는 분 신현우님)",
    ]);
  });

  it("retries a number the provider refused with the next run that sends, or an hour on, not every reconcile", () => {
    const { emu, fake } = season();
    const digits = String(emu.records(ORDERS)[0]!["주문자 연락처"]).replace(/\D/g, "");
    fake.mode = { kind: "failTo", numbers: [digits] };
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted.length).toBeGreaterThan(0);
    expect(fake.accepted.some((m) => m.to === digits)).toBe(false);
    fake.mode = { kind: "ok" };
    const fetches = emu.fetches.length;
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.fetches.length).toBe(fetches); // nothing new, and the refusal does not wake it
    emu.now = at("2026-07-11T11:15:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted.some((m) => m.to === digits)).toBe(true);
  });

  it("sends nothing at 22:30; the first reconcile after 08:00 sends", () => {
    const { emu, fake } = season();
    emu.now = at("2026-07-11T22:30:00+09:00");
    emu.fireTimer("reconcile");
    emu.now = at("2026-07-12T07:50:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.fetches).toHaveLength(0);
    emu.now = at("2026-07-12T08:05:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted.length).toBeGreaterThan(0);
  });

  it("once the day's maximum is reached, a reconcile reads nothing for sending until 08:00 or a new maximum", () => {
    const { emu, fake } = season();
    setSetting(emu, "문자 하루 최대", 2);
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted).toHaveLength(2);
    expect(emu.scriptProperties.get("SMS_CAPPED_AT")).toBe("2");
    // Tony keeps working: 이력 grows, yet nothing can go today, and nothing is read to find that out.
    emu.edit(ORDERS, 7, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    const events = emu.values(EVENTS);
    expect(emu.executionLog.at(-1)!.cellsRead).toBeLessThan(events.length * events[0]!.length);
    expect(fake.accepted).toHaveLength(2);
    // Tony raises the maximum: the next reconcile sends again.
    setSetting(emu, "문자 하루 최대", 4);
    emu.now = at("2026-07-11T10:30:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted).toHaveLength(4);
    // The next morning the count starts again.
    emu.now = at("2026-07-12T08:05:00+09:00");
    emu.fireTimer("reconcile");
    expect(fake.accepted.length).toBeGreaterThan(4);
  });

  it("sends nothing while 문자 자동 발송 is 멈춤", () => {
    const { emu } = season();
    setSetting(emu, "문자 자동 발송", "멈춤");
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.fetches).toHaveLength(0);
  });

  it("keeps the key out of every cell and log, and shows only its last 4 characters", () => {
    const { emu } = season();
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    emu.promptAnswers.push(""); // opened to look: a blank answer keeps the key
    emu.run("showSmsSettings");
    expect(emu.shown.at(-1)!.content).toMatch(/지금 열쇠: …4321 · 오늘 보낸 문자 [1-9]\d*건, [\d,]+원/);
    expect(emu.scriptProperties.get("SOLAPI_API_KEY")).toBe(KEY);
    const everything = JSON.stringify([
      emu.spreadsheet.sheets.map((s) => emu.values(s.getName())),
      emu.logs,
      emu.shown,
    ]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(KEY);
  });
});

interface Shown {
  messages: { id: string; blocked?: true; sms?: { state: string; reason: string } }[];
  sms: { mode: string; sentToday: number; todayCostKrw: number; sent: { time: string; label: string }[] };
}

describe("the messages sidebar: what sending did, the switch, today's cost", () => {
  it("says which messages go next, which failed (in Korean, not the provider's words) and what went today", () => {
    const { emu, fake } = season();
    const page = emu.openPage("showMessages");
    const before = page("getDueMessages") as Shown;
    const sendable = before.messages.filter((m) => !m.blocked);
    expect(sendable.every((m) => m.sms?.state === "next")).toBe(true);
    expect(before.sms).toMatchObject({ mode: "solapi", sentToday: 0, todayCostKrw: 0, sent: [] });

    // One number refused by the provider: that message fails, the rest go.
    const refused = fake.accepted.length;
    fake.mode = { kind: "failTo", numbers: ["01010000000"] };
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    const after = page("getDueMessages") as Shown;
    expect(fake.accepted.length).toBeGreaterThan(refused);
    expect(after.sms.sentToday).toBe(fake.accepted.length);
    expect(after.sms.todayCostKrw).toBeGreaterThanOrEqual(20 * fake.accepted.length);
    expect(after.sms.sent[0]).toMatchObject({ time: "10:10" });
    const failed = after.messages.filter((m) => m.sms?.state === "failed");
    expect(failed.length).toBe(sendable.length - fake.accepted.length);
    for (const m of failed) {
      expect(m.sms!.reason).toMatch(/^솔라피가 이 번호로 보내지 않았습니다.*다음 발송 때 다시 보냅니다$/);
      expect(m.sms!.reason).not.toMatch(/[A-Za-z]{4,}/); // no provider code or message
    }
  });

  it("the switch writes 멈춤 into 설정, the reconcile then sends nothing; 다시 켜기 writes 솔라피", () => {
    const { emu } = season();
    const page = emu.openPage("showMessages");
    const paused = page("setSmsPaused", "pause") as Shown;
    expect(paused.sms.mode).toBe("paused");
    expect(emu.values("설정").find((r) => r[0] === "문자 자동 발송")![1]).toBe("멈춤");
    expect(paused.messages.find((m) => m.sms)!.sms).toMatchObject({
      state: "waiting",
      reason: expect.stringContaining("멈춤"),
    });
    emu.now = at("2026-07-11T10:10:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.fetches).toHaveLength(0);
    expect((page("setSmsPaused", "resume") as Shown).sms.mode).toBe("solapi");
    expect(emu.values("설정").find((r) => r[0] === "문자 자동 발송")![1]).toBe("솔라피");
    emu.now = at("2026-07-11T10:20:00+09:00");
    emu.fireTimer("reconcile");
    expect(emu.fetches.length).toBeGreaterThan(0);
  });

  it("waits at night and without a key, and never turns sending on from 아니오", () => {
    const { emu } = season();
    emu.now = at("2026-07-11T22:30:00+09:00");
    const night = emu.openPage("showMessages")("getDueMessages") as Shown;
    expect(night.messages.find((m) => m.sms)!.sms!.reason).toContain("밤 9시부터");
    emu.now = at("2026-07-12T10:00:00+09:00");
    const page = emu.openPage("showMessages");
    emu.scriptProperties.delete("SOLAPI_API_KEY");
    expect((page("getDueMessages") as Shown).messages.find((m) => m.sms)!.sms!.reason).toContain(
      "열쇠가 없습니다",
    );
    setSetting(emu, "문자 자동 발송", "아니오");
    const off = page("setSmsPaused", "resume") as { ok: boolean; error: string };
    expect(off).toMatchObject({ ok: false, error: expect.stringContaining("아니오") });
    expect(emu.values("설정").find((r) => r[0] === "문자 자동 발송")![1]).toBe("아니오");
    expect((page("getDueMessages") as Shown).messages.some((m) => m.sms)).toBe(false);
  });

  it("refuses the switch and the list to an anonymous web-app caller", () => {
    const { emu } = season();
    for (const [fn, args] of [
      ["setSmsPaused", ["pause"]],
      ["setSmsPaused", ["0".repeat(64), "pause"]],
      ["getDueMessages", []],
    ] as const) {
      const value = emu.run(fn, [...args], "webapp").value as { ok: boolean; error: string };
      expect(value).toEqual({ ok: false, error: "시트 메뉴에서 이 창을 다시 열어 주세요" });
    }
    expect(emu.values("설정").find((r) => r[0] === "문자 자동 발송")![1]).toBe("솔라피");
    expect(emu.logs.join("\n")).toContain("refused: setSmsPaused");
  });
});

describe("문자 발송 설정 and an anonymous visitor", () => {
  it("refuses a web-app caller: nothing asked, nothing stored, the key not shown", () => {
    const { emu } = season();
    const before = JSON.stringify(emu.scriptProperties.all());
    const shown = emu.shown.length;
    emu.promptAnswers.push("ATTACKERKEY1", "ATTACKERSECRET0123456789");
    const value = emu.run("showSmsSettings", [], "webapp").value;
    expect(value).toBeUndefined();
    expect(emu.shown.length).toBe(shown);
    expect(JSON.stringify(emu.scriptProperties.all())).toBe(before);
    expect(emu.logs.join("\n")).toContain("refused: showSmsSettings");
  });

  it("is a menu item and no page function: nothing else of sending is callable by name", () => {
    const { emu } = season();
    const names = emu.topLevelFunctions();
    expect(names).toContain("showSmsSettings");
    for (const inner of ["sendAfterReconcile", "prepareSms", "saveSmsKeys", "sendSmsNow"])
      expect(names).not.toContain(inner);
    expect(emu.menus.at(-1)!.items).toContainEqual(["문자 발송 설정", "showSmsSettings"]);
  });
});
