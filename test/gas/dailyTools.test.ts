/**
 * A day of the story from the sheet's menu alone, through dist/Code.js: messages offered and
 * marked, the courier file produced and its result imported, the today tab, the printable list
 * and the customers' pages showing 발송 with tracking links.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { parse } from "csv-parse/sync";
import { at, col, demoInput, freshSpreadsheet, ORDERS, paste, TODAY } from "./helpers";

interface Due {
  id: string;
  orderCode: string;
  label: string;
  text: string;
  statusLink: string;
}

/** The pages opened so far, by the menu item that opened them (each holds its own key). */
const pages = new Map<string, (fn: string, ...args: unknown[]) => unknown>();
const PAGE_OF: Record<string, string> = {
  getDueMessages: "showMessages",
  markMessageSent: "showMessages",
  courierFile: "showCourierExport",
  importTrackingText: "showTrackingImport",
  getTodayList: "showPrintToday",
};
/** A call from a sidebar or dialog of the bound script, opened from the menu first. */
const call = <T>(emu: AppsScriptEmulator, fn: string, ...args: unknown[]) => {
  const opener = PAGE_OF[fn]!;
  if (!pages.has(opener)) pages.set(opener, emu.openPage(opener));
  return pages.get(opener)!(fn, ...args) as { ok: boolean; error?: string } & T;
};

describe("a shipping day from the menu", () => {
  const emu = freshSpreadsheet();
  // A page's key lasts half a day: each test opens its pages again, as Tony would the next day.
  beforeEach(() => pages.clear());

  beforeAll(() => {
    emu.now = at("2026-07-11T20:00:00+09:00");
    paste(emu, demoInput(30));
    const payment = col(emu, ORDERS, "입금상태");
    emu.now = at("2026-07-12T10:00:00+09:00");
    for (let row = 2; row <= 20; row++) emu.edit(ORDERS, row, payment, [["입금완료"]]);
  });

  it("has every daily tool in the menu", () => {
    const labels = emu.menus[0]!.items.map(([label]) => label);
    expect(labels).toEqual(
      expect.arrayContaining([
        "보낼 메시지",
        "택배 예약 파일",
        "송장번호 가져오기",
        "오늘 출하 인쇄",
        "조회 페이지 주소",
      ]),
    );
  });

  it("opens the messages sidebar and offers each message with its status link; 보냄 logs it once", () => {
    pages.set("showMessages", emu.openPage("showMessages"));
    expect(emu.shown.at(-1)).toMatchObject({ kind: "sidebar", title: "보낼 메시지" });
    expect(emu.shown.at(-1)!.content).toContain("getDueMessages");
    const due = call<{ messages: Due[] }>(emu, "getDueMessages").messages;
    // No account in 설정 yet: the payment request says which line to fill and cannot be sent.
    const request = due.find((m) => m.label === "입금 요청")!;
    expect(request).toMatchObject({ text: "설정의 '입금 안내'를 먼저 적어 주세요", blocked: true });
    expect(call<{ messages: Due[] }>(emu, "markMessageSent", request.id).messages).toHaveLength(due.length);
    const confirm = due.find((m) => m.label === "입금 확인")!;
    expect(confirm.text).toMatch(/출하 예정/);
    expect(confirm.statusLink).toMatch(
      /^https:\/\/script\.google\.com\/macros\/s\/EMULATED\/exec\?t=[a-z2-9]{24}$/,
    );
    const after = call<{ messages: Due[] }>(emu, "markMessageSent", confirm.id).messages;
    expect(after.find((m) => m.id === confirm.id)).toBeUndefined();
    expect(after).toHaveLength(due.length - 1);
    const logged = emu.records("이력").filter((e) => e["사건"] === "메시지 보냄");
    expect(logged.map((e) => [e["주문번호"], e["이후"]])).toEqual([[confirm.orderCode, "입금 확인"]]);
  });

  it("produces the day's courier file and takes its result back", () => {
    emu.now = at("2026-07-13T07:00:00+09:00");
    emu.fireTimer("rolloverToday");
    pages.set("showCourierExport", emu.openPage("showCourierExport"));
    expect(emu.shown.at(-1)).toMatchObject({ kind: "dialog", title: "택배 예약 파일" });
    // The courier never gets a placeholder sender: first 설정's phone and address.
    expect(call(emu, "courierFile", "2026-07-13", "cj")).toEqual({
      ok: false,
      error: "설정의 '판매자 연락처', '보내는 주소'를 먼저 적어 주세요",
    });
    const settings = emu.values("설정").map((r) => r[0]);
    emu.edit("설정", settings.indexOf("판매자 연락처") + 1, 2, [["010-2468-1357"]]);
    emu.edit("설정", settings.indexOf("보내는 주소") + 1, 2, [["경상북도 청도군 청도읍 복숭아길 7"]]);
    const file = call<{ csv: string; fileName: string; count: number }>(
      emu,
      "courierFile",
      "2026-07-13",
      "cj",
    );
    expect(file.fileName).toBe("예약_2026-07-13.csv");
    const lines = file.csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^예약구분,집하예정일,받는분성명,받는분전화번호/);
    expect(lines).toHaveLength(file.count + 1);
    // Excel keeps a postal code's leading 0: written as ="06236", the one form it reads as text.
    const postal = (parse(file.csv.replace(/^\uFEFF/, "")) as string[][]).slice(1).map((l) => l[5]!);
    expect(postal.some((p) => /^="0\d{4}"$/.test(p))).toBe(true);
    expect(postal.every((p) => /^="0\d{4}"$|^[1-9]\d{4}$/.test(p))).toBe(true);
    // The courier's result, copied from its spreadsheet: tab-separated.
    const [first, second] = lines.slice(1).map((l) => l.split(","));
    const pasted = [
      "받는분성명\t받는분전화번호\t운송장번호",
      `${first![2]}\t${first![3]}\t600011112222`,
      `${second![2]}\t${second![3]}\t600011113333`,
      "없는분\t010-0000-0000\t600011114444",
    ].join("\n");
    const result = call<{ report: { matched: unknown[]; unmatched: { reason: string }[] } }>(
      emu,
      "importTrackingText",
      pasted,
      "2026-07-13",
      "CJ대한통운",
    );
    expect(result.report.matched).toHaveLength(2);
    expect(result.report.unmatched.map((u) => u.reason)).toEqual([expect.stringMatching(/없습니다/)]);
    const shipped = emu.records(ORDERS).filter((r) => r["진행상태"] === "발송");
    expect(shipped.map((r) => r["송장번호"]).sort()).toEqual(["600011112222", "600011113333"]);
    // 오늘 출하 shows them ticked.
    const today = emu.records(TODAY, 2).filter((r) => r["발송"] === true);
    expect(today).toHaveLength(2);
  });

  it("shows the printable list and the customers' pages with tracking links", () => {
    pages.set("showPrintToday", emu.openPage("showPrintToday"));
    expect(emu.shown.at(-1)).toMatchObject({ kind: "dialog", title: "오늘 출하 인쇄" });
    const list = call<{ summary: string; header: string[]; rows: unknown[][] }>(emu, "getTodayList");
    expect(list.summary).toMatch(/^7월 13일 \(월\) 출하/);
    expect(list.header).toEqual(expect.arrayContaining(["받는분", "주소", "수확", "포장", "발송"]));
    expect(list.header).not.toContain("행ID");
    const shipped = emu.records(ORDERS).find((r) => r["송장번호"] === "600011112222")!;
    const answer = emu.run(
      "lookupStatus",
      [shipped["주문번호"], String(shipped["주문자 연락처"]).slice(-4)],
      "webapp",
    ).value as { ok: boolean; view: { recipients: { trackingUrl: string }[] } };
    expect(answer.view.recipients.map((r) => r.trackingUrl)).toContain(
      "https://trace.cjlogistics.com/next/tracking.html?wblNo=600011112222",
    );
    const messages = call<{ messages: Due[] }>(emu, "getDueMessages").messages;
    expect(
      messages
        .filter((m) => m.label === "발송 안내")
        .map((m) => m.text)
        .join("\n"),
    ).toContain("600011112222");
  });

  it("shows the address from 설정 and the selected order's link; warns when it is missing or /dev", () => {
    const settings = emu.spreadsheet.tab("설정");
    const urlRow = emu.values("설정").findIndex((r) => r[0] === "조회 페이지 주소") + 1;
    emu.selection = { sheet: ORDERS, row: 3 };
    emu.run("showWebAppUrl");
    expect(emu.shown.at(-1)!.content).toMatch(/^주의: 설정 탭의 '조회 페이지 주소'가 비어 있습니다/);
    expect(emu.shown.at(-1)!.content).toContain(
      "구글이 알려 준 주소: https://script.google.com/macros/s/EMULATED/exec",
    );
    const exec = "https://script.google.com/macros/s/AKfyTONY/exec";
    settings.put(urlRow, 2, exec);
    emu.run("showWebAppUrl");
    const alert = emu.shown.at(-1)!;
    const row = emu.records(ORDERS)[1]!;
    expect(alert.content).toMatch(new RegExp(`^고객 조회 페이지: ${exec}`));
    expect(alert.content).toContain(`${row["주문번호"]} 주문의 조회 링크: ${exec}?t=${row["조회토큰"]}`);
    settings.put(urlRow, 2, "https://script.google.com/macros/s/AKfyTONY/dev");
    emu.webAppUrl = "https://script.google.com/macros/s/AKfyTONY/dev";
    emu.run("showWebAppUrl");
    expect(emu.shown.at(-1)!.content).toMatch(/\/dev로 끝납니다/);
    expect(emu.shown.at(-1)!.content).toMatch(/README의 '배포' 순서/); // Google's /dev is no answer either
    settings.put(urlRow, 2, "");
  });

  it("answers busy instead of waiting when another execution holds the lock", () => {
    emu.webAppUrl = "https://script.google.com/macros/s/EMULATED/exec";
    const due = call<{ messages: Due[] }>(emu, "getDueMessages").messages;
    let answer: { ok: boolean; error?: string } | undefined;
    emu.interleave(1, () => {
      answer = call(emu, "markMessageSent", due[0]!.id);
    });
    emu.fireTimer("reconcile");
    expect(answer).toEqual({ ok: false, error: "다른 작업이 진행 중입니다. 잠시 후 다시 눌러 주세요" });
  });
});
