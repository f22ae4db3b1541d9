/**
 * The customer status web app through dist/Code.js: doGet, lookupStatus and lookupByToken run as
 * web-app executions, where there is no active spreadsheet.
 */
import { at, col, demoInput, freshSpreadsheet, ORDERS, paste, seasonWithRows } from "./helpers";
import type { AppsScriptEmulator } from "../emulator/appsScript";

interface Answer {
  ok: boolean;
  error?: string;
  view?: {
    orderCode: string;
    paid: boolean;
    total: string;
    paymentInstructions: string;
    paymentSetupNeeded: string;
    ordererName: string;
    recipients: {
      name: string;
      address: string;
      status: string;
      shipDate: string;
      trackingUrl: string;
      timeline: { at: string; text: string }[];
    }[];
  };
}

const lookup = (emu: AppsScriptEmulator, code: unknown, last4: unknown) => {
  const { value, roundTrips } = emu.run("lookupStatus", [code, last4], "webapp");
  return { answer: value as Answer, roundTrips };
};

function story(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-11T09:00:00+09:00");
  paste(emu, demoInput(10));
  return emu;
}

const snapshot = (emu: AppsScriptEmulator) =>
  JSON.stringify(emu.spreadsheet.sheets.map((s) => emu.values(s.getName())));

describe("status web app", () => {
  it("serves the page with only a well-formed token in it", () => {
    const emu = story();
    const token = String(emu.records(ORDERS)[0]!["조회토큰"]);
    const page = emu.run("doGet", [{ parameter: { t: token } }], "webapp").value as {
      getContent(): string;
      getTitle(): string;
    };
    expect(page.getTitle()).toBe("복숭아 주문 조회");
    expect(page.getContent()).toContain(`content="${token}"`);
    expect(page.getContent()).toContain('<link rel="icon" href="data:," />'); // no favicon to fetch
    const hostile = emu.run("doGet", [{ parameter: { t: '"><script>alert(1)</script>' } }], "webapp")
      .value as { getContent(): string };
    expect(hostile.getContent()).not.toContain("alert(1)");
    expect(hostile.getContent()).toContain('content=""');
  });

  it("looks up by order number and last four digits, with no active spreadsheet, writing nothing", () => {
    const emu = story();
    const row = emu.records(ORDERS)[0]!;
    const before = snapshot(emu);
    const { answer } = lookup(
      emu,
      String(row["주문번호"]).replace("-", ""),
      String(row["주문자 연락처"]).slice(-4),
    );
    expect(answer.ok).toBe(true);
    expect(answer.view!.orderCode).toBe(row["주문번호"]);
    expect(answer.view!.paid).toBe(false);
    // A new sheet has no account yet: the payment box says which 설정 line to fill, no placeholder.
    expect(answer.view!.paymentInstructions).toBe("");
    expect(answer.view!.paymentSetupNeeded).toBe("설정의 '입금 안내'를 먼저 적어 주세요");
    expect(answer.view!.recipients[0]!.name).toMatch(/\*/);
    expect(answer.view!.recipients[0]!.address).not.toMatch(/\d/);
    expect(answer.view!.recipients[0]!.timeline.map((t) => t.text)).toEqual(["주문 접수"]);
    expect(snapshot(emu)).toBe(before);
  });

  it("says the same thing for a wrong number and an unknown order, and locks out after 5 failures", () => {
    const emu = story();
    const row = emu.records(ORDERS)[0]!;
    const code = String(row["주문번호"]);
    const wrong = lookup(emu, code, "0000").answer;
    const unknown = lookup(emu, "999-999", "1234").answer;
    expect(wrong).toEqual(unknown);
    for (let i = 0; i < 4; i++) lookup(emu, code, "0000");
    const right = String(row["주문자 연락처"]).slice(-4);
    expect(lookup(emu, code, right).answer).toEqual({
      ok: false,
      error: "조회를 여러 번 틀려 10분 동안 조회할 수 없습니다",
    });
    emu.now = new Date(emu.now.getTime() + 4 * 60 * 1000);
    expect(lookup(emu, code, right).answer.error).toBe(
      "조회를 여러 번 틀려 10분 동안 조회할 수 없습니다. 6분 뒤에 다시 해 주세요",
    );
    emu.now = new Date(emu.now.getTime() + 6 * 60 * 1000 + 1);
    expect(lookup(emu, code, right).answer.ok).toBe(true);
  });

  it("takes the last four digits of a whole phone number pasted into the box", () => {
    const emu = story();
    const row = emu.records(ORDERS)[0]!;
    const answer = lookup(emu, String(row["주문번호"]), String(row["주문자 연락처"])).answer;
    expect(answer.ok).toBe(true);
  });

  it("starts the timeline at the order's 접수일시, not when it reached the sheet", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T21:00:00+09:00");
    const orderedAt = new Date("2026-07-01T13:08:00+09:00"); // a date-time cell, as Sheets keeps it
    paste(emu, [{ ...demoInput(1)[0]!, 접수일시: orderedAt as unknown as string }]);
    const row = emu.records(ORDERS)[0]!;
    const answer = lookup(emu, String(row["주문번호"]), String(row["주문자 연락처"]).slice(-4)).answer;
    expect(answer.view!.recipients[0]!.timeline[0]).toEqual({
      at: "7월 1일 (수) 오후 1:08",
      text: "주문 접수",
    });
  });

  it("opens an order from its token link", () => {
    const emu = story();
    const row = emu.records(ORDERS)[3]!;
    const answer = emu.run("lookupByToken", [row["조회토큰"]], "webapp").value as Answer;
    expect(answer.ok).toBe(true);
    expect(answer.view!.orderCode).toBe(row["주문번호"]);
    expect((emu.run("lookupByToken", ["abcdefghijkmnpqrstuvwxyz"], "webapp").value as Answer).ok).toBe(false);
  });

  it("is never stale: a lookup right after an edit sees it, with the timeline", () => {
    const emu = story();
    const row = emu.records(ORDERS)[0]!;
    const code = String(row["주문번호"]);
    const last4 = String(row["주문자 연락처"]).slice(-4);
    emu.now = at("2026-07-11T10:00:00+09:00");
    expect(lookup(emu, code, last4).answer.view!.paid).toBe(false); // now warm in the cache
    emu.now = at("2026-07-11T10:01:00+09:00");
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const { answer, roundTrips } = lookup(emu, code, last4);
    expect(roundTrips).toBe(0); // the edit replaced the warm view
    expect(answer.view!.paid).toBe(true);
    expect(answer.view!.recipients[0]!.shipDate).toBe("7월 13일 (월)");
    expect(answer.view!.recipients[0]!.timeline.map((t) => t.text)).toEqual([
      "주문 접수",
      "입금 확인",
      "출하일 7월 13일 (월)로 정해짐",
    ]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "받는분"), [["박새롬"]]);
    expect(lookup(emu, code, last4).answer.view!.recipients[0]!.name).toBe("박*롬");
    // Shipped: the tracking link appears.
    emu.edit(ORDERS, 2, col(emu, ORDERS, "택배사"), [["CJ대한통운"]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "송장번호"), [["521853123456"]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "진행상태"), [["발송"]]);
    const shipped = lookup(emu, code, last4).answer.view!.recipients[0]!;
    expect(shipped.trackingUrl).toBe("https://trace.cjlogistics.com/next/tracking.html?wblNo=521853123456");
    expect(shipped.timeline.map((t) => t.text).slice(-3)).toEqual(["수확 완료", "포장 완료", "발송"]);
  });

  it("an edit of an order nobody looked up lately warms nothing; its next lookup reads 조회, fresh", () => {
    const emu = story();
    const row = emu.records(ORDERS)[0]!;
    const code = String(row["주문번호"]);
    emu.now = at("2026-07-11T10:00:00+09:00");
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    expect(emu.cache.get(`peach:view:${code}`)).toBeNull();
    const { answer, roundTrips } = lookup(emu, code, String(row["주문자 연락처"]).slice(-4));
    expect(roundTrips).toBe(3); // 조회's TextFinder, its row, and the header for nothing else
    expect(answer.view!.paid).toBe(true);
  });

  it("on 20,000 rows a cold lookup finds one row of 조회 and reads it; a warm one makes no call", () => {
    const emu = seasonWithRows(20000);
    emu.now = new Date(emu.now.getTime() + 6 * 60 * 1000); // past the reconcile's warm views
    const cost = () => emu.executionLog[emu.executionLog.length - 1]!;
    const row = emu.records(ORDERS)[19990]!;
    const code = String(row["주문번호"]);
    const last4 = String(row["주문자 연락처"]).slice(-4);
    const cold = lookup(emu, code, last4);
    expect(cold.answer.ok).toBe(true);
    // openById (a web app has no active sheet), one TextFinder, one row: no list of tabs.
    expect(cost().calls).toMatchObject({ openById: 1, findAll: 1, getValues: 1 });
    expect(cold.roundTrips).toBe(3);
    expect(cost().cellsRead).toBeLessThanOrEqual(10);
    const warm = lookup(emu, code, last4);
    expect(warm.answer).toEqual(cold.answer);
    expect(warm.roundTrips).toBe(0);
    // An unknown code makes the same calls as a known one (no timing oracle), then is remembered.
    const unknown = lookup(emu, "987-650", last4);
    expect(unknown.answer).toEqual({
      ok: false,
      error: "주문번호와 전화번호 뒷자리 4개를 다시 확인해 주세요",
    });
    expect(cost().calls).toEqual(expect.objectContaining({ openById: 1, findAll: 1, getValues: 1 }));
    expect(unknown.roundTrips).toBe(cold.roundTrips);
    expect(lookup(emu, "987-650", last4).roundTrips).toBe(0);
    // The token link: the same one find and one read.
    const byToken = emu.run("lookupByToken", [String(row["조회토큰"])], "webapp");
    expect((byToken.value as Answer).view!.orderCode).toBe(code);
    expect(byToken.roundTrips).toBe(3);
  }, 120_000);
});

describe("status views that do not fit the cache", () => {
  it("are dropped rather than left stale, and the next lookup reads the sheet", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T09:00:00+09:00");
    paste(emu, demoInput(3));
    const row = emu.records(ORDERS)[0]!;
    const code = String(row["주문번호"]);
    const last4 = String(row["주문자 연락처"]).slice(-4);
    expect((emu.run("lookupStatus", [code, last4], "webapp").value as Answer).view!.paid).toBe(false);
    // A name so long the order's view no longer fits CacheService's 100 KB per value.
    emu.edit(ORDERS, 2, col(emu, ORDERS, "받는분"), [["가".repeat(40_000)]]);
    emu.edit(ORDERS, 2, col(emu, ORDERS, "입금상태"), [["입금완료"]]);
    const answer = emu.run("lookupStatus", [code, last4], "webapp");
    expect((answer.value as Answer).view!.paid).toBe(true);
  });
});

describe("failed lookups cost the sheet nothing once warm", () => {
  it("an unknown order number is remembered as not found; a real one typed later is found at once", () => {
    const emu = story();
    const row = emu.records(ORDERS)[0]!;
    const last4 = String(row["주문자 연락처"]).slice(-4);
    const first = lookup(emu, "987-654", last4);
    expect(first.answer).toEqual({ ok: false, error: "주문번호와 전화번호 뒷자리 4개를 다시 확인해 주세요" });
    expect(first.roundTrips).toBeGreaterThan(0);
    const again = lookup(emu, "987-654", last4);
    expect(again.answer).toEqual(first.answer);
    expect(again.roundTrips).toBe(0);
    // Tony gives row 2 that number by hand: the pass that writes it forgets the miss.
    emu.edit(ORDERS, 2, col(emu, ORDERS, "주문번호"), [["987-654"]]);
    const found = lookup(emu, "987-654", last4).answer;
    expect(found.ok).toBe(true);
  });

  it("a visitor rotating codes is stopped by the global limit, and it reads no sheet", () => {
    const emu = story();
    const rows = emu.records(ORDERS);
    // The pass that wrote the orders left their views warm for 5 minutes: these are past.
    emu.now = new Date(emu.now.getTime() + 6 * 60 * 1000);
    for (let i = 0; i < 30; i++) lookup(emu, `${100 + i}-000`, "1234");
    const real = rows[5]!;
    const cold = lookup(emu, String(real["주문번호"]), String(real["주문자 연락처"]).slice(-4));
    expect(cold.answer).toEqual({ ok: false, error: "잠시 후 다시 시도해 주세요" });
    expect(cold.roundTrips).toBe(0);
    expect(lookup(emu, "555-555", "1234")).toEqual({
      answer: { ok: false, error: "잠시 후 다시 시도해 주세요" },
      roundTrips: 0,
    });
    const token = emu.run("lookupByToken", ["abcdefghijkmnpqrstuvwxyz"], "webapp");
    expect(token).toEqual({ value: { ok: false, error: "잠시 후 다시 시도해 주세요" }, roundTrips: 0 });
    emu.now = new Date(emu.now.getTime() + 61 * 1000);
    expect(lookup(emu, String(real["주문번호"]), String(real["주문자 연락처"]).slice(-4)).answer.ok).toBe(
      true,
    );
  });

  it("an unknown token is remembered too", () => {
    const emu = story();
    expect(emu.run("lookupByToken", ["abcdefghijkmnpqrstuvwxyz"], "webapp").roundTrips).toBeGreaterThan(0);
    expect(emu.run("lookupByToken", ["abcdefghijkmnpqrstuvwxyz"], "webapp").roundTrips).toBe(0);
  });
});
