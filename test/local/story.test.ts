/**
 * The same story on an .xlsx workbook: every step opens the file, does what the Apps Script
 * trigger would (the same sync pass), and saves it; the expectations are the shared ones.
 */
import { delayHarvest } from "../../src/app/delay";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cell } from "../../src/app/port";
import { lookupStatus, type LookupResult } from "../../src/app/lookups";
import { courierFileAnswer, messagesAnswer, trackingAnswer } from "../../src/app/tools";
import { editedTabNamed, sync, type EditedTab, type SyncMode } from "../../src/app/sync";
import { RECONCILE } from "../../src/local/demo";
import { FollowedFile, initFile, openFile, type FileHost } from "../../src/node/files";
import { tab as tabDef } from "../../src/templates";
import { paymentCounts, storyScenario, type Driver } from "../scenario/story";
import { localOrderRpc } from "../../src/node/webOrders";
import { applyPayments } from "../../src/app/payments";
import { readBankExport } from "../../src/app/bankImport";
import { parsePasted } from "../../src/app/csv";
import { prepareSms } from "../../src/app/sms";
import { loadSmallTabs } from "../../src/app/smallTabs";
import { envGateway } from "../../src/node/solapi";
import { answerSolapi, fakeSolapiState } from "../support/fakeSolapi";

const ON_ORDERS: SyncMode = { kind: "edit", tab: "orders" };
const editedTab = (name: string): EditedTab => {
  const key = editedTabNamed(name);
  if (!key) throw new Error(`no edit pass for ${name}`);
  return key;
};

storyScenario("an .xlsx workbook (the local host)", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "peach-story-")), "orders.xlsx");
  let now = new Date("2026-07-11T09:00:00+09:00");
  await initFile(file, false, now);
  // Each step is one execution: open the file, the person's change, the pass, save.
  const step = async (options: SyncMode, change?: (h: FileHost) => void) => {
    const host = await openFile(file, now);
    change?.(host);
    sync(host, options);
    await host.workbook.save();
  };
  const headerRowOf = (name: string) => (name === "오늘 출하" ? 2 : 1);
  const records = async (name: string, headerRow = headerRowOf(name)) => {
    const values = (await openFile(file, now)).workbook.sheet(name)!.readAll();
    const header = (values[headerRow - 1] ?? []).map(String);
    return values
      .slice(headerRow)
      .filter((row) => row.some((v) => v !== ""))
      .map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])) as Record<string, Cell>);
  };
  return {
    setClock: (iso) => void (now = new Date(iso)),
    paste: (rows) =>
      step(ON_ORDERS, (h) => {
        const sheet = h.workbook.sheet(tabDef("orders").name)!;
        const header = sheet.readAll()[0]!.map(String);
        sheet.append(rows.map((row) => header.map((name) => row[name] ?? "")));
      }),
    edit: (name, row, header, value) =>
      step(
        // The tab edited decides the pass, as the Apps Script trigger does.
        { kind: "edit", tab: editedTab(name) },
        (h) => {
          const sheet = h.workbook.sheet(name)!;
          const column = sheet.readAll()[headerRowOf(name) - 1]!.map(String).indexOf(header) + 1;
          sheet.write(row, column, [[value]]);
        },
      ),
    rollover: () => step(RECONCILE),
    importPayments: async (pasted) => {
      const host = await openFile(file, now);
      const parsed = parsePasted(pasted);
      if (!parsed.ok) throw new Error(`pasted bank text unreadable at line ${parsed.line}`);
      const report = applyPayments(host, readBankExport(parsed.rows, parsed.lines)!, new Map());
      await host.workbook.save();
      return paymentCounts(report);
    },
    reconcile: () => step({ kind: "reconcile" }),
    records: (name, headerRow) => records(name, headerRow),
    cell: async (name, row, column) =>
      (await openFile(file, now)).workbook.sheet(name)!.readAll()[row - 1]?.[column - 1] ?? "",
    lookup: async (code, last4) => {
      const fresh = await openFile(file, now);
      sync(fresh, RECONCILE); // `serve` syncs what it read, which builds the views
      return lookupStatus(fresh, code, last4);
    },
    courierFile: async (date) => {
      const answer = courierFileAnswer(await openFile(file, now), date, "cj");
      if (!answer.ok) throw new Error(answer.error);
      return answer.csv;
    },
    importTracking: async (text, date) => {
      const host = await openFile(file, now);
      const answer = trackingAnswer(host, text, date, "CJ대한통운");
      if (!answer.ok) throw new Error(answer.error);
      await host.workbook.save();
      return answer.report;
    },
    delay: async (item, days, reason) => {
      const host = await openFile(file, now);
      const answer = delayHarvest(host, { item, days, reason });
      if (!answer.ok) throw new Error(answer.error);
      await host.workbook.save();
    },
    setting: (label, value) =>
      step({ ...RECONCILE, actor: "tony" }, (h) => {
        const sheet = h.workbook.sheet(tabDef("settings").name)!;
        const at = sheet.readAll().findIndex((r) => r[0] === label);
        if (at >= 0) sheet.write(at + 1, 2, [[value]]);
        else sheet.write(sheet.readAll().length + 1, 1, [[label, value]]);
      }),
    answerDelay: async (request) => {
      // What `serve` does for POST /rpc/answerDelay: journal, write, save.
      const followed = await FollowedFile.open(file, () => now);
      const rpc = localOrderRpc(followed);
      return (await rpc.answerDelay!(followed.host, [request])) as LookupResult;
    },
    placeOrder: async (order) => {
      // What `serve` does for POST /rpc/placeOrder: journal, write, save.
      const followed = await FollowedFile.open(file, () => now);
      const rpc = localOrderRpc(followed);
      return (await rpc.placeOrder!(followed.host, [order])) as Awaited<ReturnType<Driver["placeOrder"]>>;
    },
    dueMessages: async () => {
      const answer = messagesAnswer(await openFile(file, now), null);
      if (!answer.ok) throw new Error(answer.error);
      return answer.messages;
    },
    sendMessages: async () => {
      // What `send-messages` does, with the fake provider answering in-process.
      const host = await openFile(file, now);
      sync(host, RECONCILE);
      const settings = loadSmallTabs(host, true).settings;
      if (!settings.ok) throw new Error(settings.error);
      const fake = fakeSolapiState();
      const used = new Set<string>();
      const run = prepareSms(host, settings.value, {
        ...envGateway({ SOLAPI_API_KEY: "STORYKEY1234", SOLAPI_API_SECRET: "STORYSECRET0123456789" }),
        signedAt: () => now,
      });
      const report = run.finish(
        run.requests.map((r) =>
          answerSolapi(
            fake,
            used,
            "STORYKEY1234",
            "STORYSECRET0123456789",
            {
              method: "POST",
              path: new URL(r.url).pathname,
              authorization: r.headers.Authorization!,
              body: r.body,
            },
            () => now.getTime(),
          ),
        ),
      );
      expect(report.failed).toEqual([]);
      await host.workbook.save();
      return 1; // Tony runs the command (or his computer's scheduler does)
    },
  };
});
