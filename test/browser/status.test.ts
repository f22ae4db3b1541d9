/// <reference lib="dom" />
/**
 * The customer status page in a real browser: Debian's Chromium driven by playwright-core,
 * against the local server on the demo season. Screenshots land in artefacts/ (git-ignored).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { sync } from "../../src/app/sync";
import { demoHost, type DemoHost } from "../../src/local/demo";
import { startServer, type RunningServer } from "../../src/node/server";
import { tab } from "../../src/templates";

const ARTEFACTS = join(__dirname, "..", "..", "artefacts");
const HOSTILE = "<img src=x onerror=alert(1)>";

let host: DemoHost;
let server: RunningServer;
let browser: Browser;

interface OrderRow {
  code: string;
  last4: string;
  token: string;
  status: string;
}

function orderRows(): OrderRow[] {
  const rows = host.workbook.sheet(tab("orders").name)!.readAll();
  const header = rows[0]!.map(String);
  const at = (row: unknown[], h: string) => String(row[header.indexOf(h)] ?? "");
  return rows.slice(1).map((r) => ({
    code: at(r, "주문번호"),
    last4: at(r, "주문자 연락처").slice(-4),
    token: at(r, "조회토큰"),
    status: at(r, "진행상태"),
  }));
}

/** A paid order whose recipient's name and courier are HTML. */
function addHostileOrder(): OrderRow {
  const sheet = host.workbook.sheet(tab("orders").name)!;
  const header = sheet.readAll()[0]!.map(String);
  const values: Record<string, string | number> = {
    주문자: "공격자",
    "주문자 연락처": "010-9999-4321",
    받는분: HOSTILE,
    "받는분 연락처": "010-9999-4321",
    주소: `서울특별시 강남구 ${HOSTILE}`,
    품목: "백도 4.5kg",
    상자수: 1,
    입금상태: "입금완료",
    택배사: HOSTILE,
    송장번호: "521853129999",
    진행상태: "발송",
  };
  sheet.append([header.map((h) => values[h] ?? "")]);
  sync(host, { actor: "tony", fresh: true, readToday: false, allProblems: true, forceToday: false });
  return orderRows().find((r) => r.last4 === "4321")!;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ko-KR" });
  return context.newPage();
}

async function lookup(page: Page, code: string, last4: string): Promise<void> {
  await page.fill("#code", code);
  await page.fill("#last4", last4);
  await page.click("#submit");
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  host = demoHost();
  server = await startServer(host);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("status page in Chromium", () => {
  it("looks up an order by number and the last four digits", async () => {
    const order = orderRows().find((r) => r.status === "발송")!;
    const page = await newPage();
    await page.goto(server.url);
    await lookup(page, order.code, order.last4);
    await page.waitForSelector("#result:not([hidden])");
    const text = await page.textContent("#result");
    expect(text).toContain(`주문번호 ${order.code}`);
    expect(text).toContain("입금 완료");
    expect(text).toContain("배송 조회하기");
    const href = await page.getAttribute("a.track", "href");
    expect(href).toMatch(/^https:\/\/trace\.cjlogistics\.com\/next\/tracking\.html\?wblNo=\d+$/);
    await shot(page, "status-lookup");
  });

  it("opens the order at once from a token link", async () => {
    const order = orderRows().find((r) => r.status === "접수" && r.token)!;
    const page = await newPage();
    await page.goto(`${server.url}/?t=${order.token}`);
    await page.waitForSelector("#result:not([hidden])");
    const text = await page.textContent("#result");
    expect(text).toContain(`주문번호 ${order.code}`);
    expect(text).toContain("입금 대기");
    expect(text).toContain("입금하실 곳");
    await shot(page, "status-token");
  });

  it("a wrong last four gives one message that does not say whether the order exists", async () => {
    const order = orderRows()[5]!;
    const page = await newPage();
    await page.goto(server.url);
    await lookup(page, order.code, "0000");
    await page.waitForSelector("#error:not([hidden])");
    const wrong = await page.textContent("#error");
    await lookup(page, "999-999", "0000");
    await page.waitForFunction((before) => document.querySelector("#error")!.textContent === before, wrong);
    expect(wrong).toBe("주문번호와 전화번호 뒷자리 4개를 다시 확인해 주세요");
    expect(await page.isHidden("#result")).toBe(true);
    await shot(page, "status-wrong");
  });

  it("locks an order number out after 5 failures", async () => {
    const order = orderRows()[8]!;
    const page = await newPage();
    await page.goto(server.url);
    for (let i = 0; i < 5; i++) {
      await lookup(page, order.code, "0000");
      await page.waitForSelector("#submit:not([disabled])");
    }
    await lookup(page, order.code, order.last4);
    await page.waitForFunction(
      () => document.querySelector("#error")!.textContent === "잠시 후 다시 시도해 주세요",
    );
    expect(await page.isHidden("#result")).toBe(true);
    await shot(page, "status-locked");
  });

  it("renders a hostile name and courier as text: no element, no dialog", async () => {
    const order = addHostileOrder();
    const page = await newPage();
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(server.url);
    await lookup(page, order.code, order.last4);
    await page.waitForSelector("#result:not([hidden])");
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    expect(await page.locator("#result img").count()).toBe(0);
    const text = (await page.textContent("#result"))!;
    expect(text).toContain(`${HOSTILE} 521853129999`); // the courier, literally
    expect(text).toContain("<i"); // the masked name, shown as the characters it is
    await shot(page, "status-hostile");
  });

  it("shows a shipment of two items once, with a tracking link per waybill", async () => {
    const sheet = host.workbook.sheet(tab("orders").name)!;
    const header = sheet.readAll()[0]!.map(String);
    const row = (item: string): Record<string, string | number> => ({
      주문번호: "777-001",
      주문자: "문희경",
      "주문자 연락처": "010-2345-6789",
      받는분: "문희경",
      "받는분 연락처": "010-2345-6789",
      주소: "서울특별시 중구 세종대로 110",
      품목: item,
      상자수: 1,
      입금상태: "입금완료",
      택배사: "CJ대한통운",
      송장번호: "600011112222, 600011113333",
      진행상태: "발송",
    });
    sheet.append([row("백도 4.5kg"), row("황도 4.5kg")].map((v) => header.map((h) => v[h] ?? "")));
    sync(host, { actor: "tony", fresh: true, readToday: false, allProblems: true, forceToday: false });
    const page = await newPage();
    await page.goto(server.url);
    await lookup(page, "777-001", "6789");
    await page.waitForSelector("#result:not([hidden])");
    const text = (await page.textContent("#result"))!;
    expect(text.split("백도 4.5kg 1상자, 황도 4.5kg 1상자")).toHaveLength(2); // shown once
    expect(text.split("문*경 님")).toHaveLength(2);
    const links = await page.locator("a.track").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual([
      "https://trace.cjlogistics.com/next/tracking.html?wblNo=600011112222",
      "https://trace.cjlogistics.com/next/tracking.html?wblNo=600011113333",
    ]);
    await shot(page, "status-two-waybills");
  });

  it("fits a 360 px wide phone with no horizontal scroll", async () => {
    const order = orderRows().find((r) => r.status === "발송")!;
    const page = await newPage();
    await page.goto(server.url);
    await lookup(page, order.code, order.last4);
    await page.waitForSelector("#result:not([hidden])");
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(clientWidth).toBe(360);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await shot(page, "status-phone");
  });

  it("loads nothing from outside: every request stays on the local server", async () => {
    const page = await newPage();
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(server.url)) outside.push(request.url());
    });
    const order = orderRows()[0]!;
    await page.goto(`${server.url}/?t=${order.token}`);
    await page.waitForSelector("#result:not([hidden])");
    expect(outside).toEqual([]);
  });
});
