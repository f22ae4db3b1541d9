/**
 * The story through dist/Code.js in the emulator (the shared scenario), and what only the Apps
 * Script host has: the menu and the triggers.
 */
import type { TrackingReport } from "../../src/app/courier";
import type { LookupResult } from "../../src/app/lookups";
import type { PaymentReport } from "../../src/app/payments";
import { paymentCounts, storyScenario, type Driver } from "../scenario/story";
import { col, freshSpreadsheet, paste } from "./helpers";
import { answerSolapi, fakeSolapiState } from "../support/fakeSolapi";

storyScenario("Apps Script (dist/Code.js in the emulator)", async () => {
  const emu = freshSpreadsheet();
  return {
    setClock: (iso) => void (emu.now = new Date(iso)),
    paste: async (rows) => void paste(emu, rows),
    edit: async (tab, row, header, value) => {
      emu.edit(tab, row, col(emu, tab, header, tab === "오늘 출하" ? 2 : 1), [[value]]);
    },
    rollover: async () => void emu.fireTimer("rolloverToday"),
    reconcile: async () => void emu.fireTimer("reconcile"),
    importPayments: async (pasted) => {
      const dialog = emu.openPage("showPaymentImport");
      const preview = dialog("previewBankPayments", pasted) as { ok: boolean };
      expect(preview.ok).toBe(true);
      const answer = dialog("applyBankPayments", pasted, []) as { ok: true; report: PaymentReport };
      return paymentCounts(answer.report);
    },
    records: async (tab, headerRow) => emu.records(tab, headerRow),
    cell: async (tab, row, column) => emu.spreadsheet.tab(tab).get(row, column),
    lookup: async (code, last4) => emu.run("lookupStatus", [code, last4], "webapp").value as LookupResult,
    // Tony opens the dialog from the menu, then the page calls the server with its key.
    courierFile: async (date) =>
      (emu.openPage("showCourierExport")("courierFile", date, "cj") as { csv: string }).csv,
    importTracking: async (text, date) =>
      (
        emu.openPage("showTrackingImport")("importTrackingText", text, date ?? "", "CJ대한통운") as {
          report: TrackingReport;
        }
      ).report,
    setting: async (label, value) => {
      const at = emu.values("설정").findIndex((r) => r[0] === label);
      if (at >= 0) emu.edit("설정", at + 1, 2, [[value]]);
      else emu.edit("설정", emu.values("설정").length + 1, 1, [[label, value]]);
    },
    answerDelay: async (request) => emu.run("answerDelay", [request], "webapp").value as LookupResult,
    delay: async (item, days, reason) => {
      emu.promptAnswers.push(item, String(days), reason);
      emu.run("delayHarvestMenu");
    },
    placeOrder: async (order) =>
      emu.run("placeOrder", [order], "webapp").value as Awaited<ReturnType<Driver["placeOrder"]>>,
    dueMessages: async () =>
      (emu.openPage("showMessages")("getDueMessages") as { messages: { id: string; blocked?: true }[] })
        .messages,
    sendMessages: async () => {
      // The key as the 문자 발송 설정 dialog stores it, only for this run: the story's other
      // reconciles stay as they were.
      const fake = fakeSolapiState();
      const used = new Set<string>();
      emu.urlFetch = (url, params) =>
        answerSolapi(
          fake,
          used,
          "STORYKEY1234",
          "STORYSECRET0123456789",
          {
            method: String(params.method ?? "get").toUpperCase(),
            path: new URL(url).pathname,
            authorization: params.headers?.Authorization ?? "",
            body: params.payload ?? "",
          },
          () => emu.now.getTime(),
        );
      emu.scriptProperties.setAll({
        SOLAPI_API_KEY: "STORYKEY1234",
        SOLAPI_API_SECRET: "STORYSECRET0123456789",
        PEACH_SOLAPI_URL: "https://fake-solapi.test",
        SMS_PENDING_FROM: "0",
      });
      emu.fireTimer("reconcile");
      for (const k of ["SOLAPI_API_KEY", "SOLAPI_API_SECRET", "SMS_PENDING_FROM"])
        emu.scriptProperties.delete(k);
      expect(fake.refusedAuth).toEqual([]);
      return 0; // the reconcile trigger sends: nothing for Tony to do
    },
  };
});

describe("Apps Script set-up", () => {
  it("builds the menu and installs one of each trigger, however often asked", () => {
    const emu = freshSpreadsheet();
    expect(emu.spreadsheet.sheets.map((s) => s.getName())).toEqual([
      "주문",
      "오늘 출하",
      "출하 일정",
      "설정",
      "이력",
      "오류",
      "조회",
    ]);
    // The read model is the script's own: hidden from the tab bar.
    expect(emu.spreadsheet.sheets.filter((s) => s.sheetHidden).map((s) => s.getName())).toEqual(["조회"]);
    expect(emu.menus[0]!.title).toBe("복숭아 주문");
    expect(emu.triggers.map((t) => `${t.handler}:${t.type}`).sort()).toEqual([
      "onEditInstalled:ON_EDIT",
      "reconcile:CLOCK",
      "rolloverToday:CLOCK",
    ]);
    emu.run("installTriggers");
    expect(emu.triggers).toHaveLength(3);
  });
});
