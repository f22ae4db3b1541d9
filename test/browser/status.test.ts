/// <reference lib="dom" />
/**
 * The customer status page in a real browser: Debian's Chromium driven by playwright-core,
 * against the local server on the demo season. Screenshots land in artefacts/ (git-ignored).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { delayHarvest } from "../../src/app/delay";
import { lookupByToken } from "../../src/app/lookups";
import type { StatusView } from "../../src/domain/statusView";
import { shortTime } from "../../src/domain/timeline";
import { sync } from "../../src/app/sync";
import { DEMO_ORDERS_AT, demoHost, type DemoHost } from "../../src/local/demo";
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
  phone: string;
  token: string;
  status: string;
  orderedAt: unknown;
  paid: boolean;
}

function orderRows(): OrderRow[] {
  const rows = host.workbook.sheet(tab("orders").name)!.readAll();
  const header = rows[0]!.map(String);
  const at = (row: unknown[], h: string) => String(row[header.indexOf(h)] ?? "");
  return rows.slice(1).map((r) => ({
    code: at(r, "주문번호"),
    last4: at(r, "주문자 연락처").slice(-4),
    phone: at(r, "주문자 연락처"),
    token: at(r, "조회토큰"),
    status: at(r, "진행상태"),
    orderedAt: r[header.indexOf("접수일시")],
    paid: at(r, "입금상태") === "입금완료",
  }));
}

/** Tony fills 입금 안내 in 설정 (a long one, so the line must wrap somewhere). */
function fillPaymentInstructions(text: string): void {
  const sheet = host.workbook.sheet(tab("settings").name)!;
  const row = sheet.readAll().findIndex((r) => r[0] === "입금 안내") + 1;
  sheet.write(row, 2, [[text]]);
  sync(host, { kind: "reconcile" });
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
  sync(host, { kind: "reconcile" });
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
  // The demo shop has its account (issue 23 · 15): empty it, as a new workbook has it.
  fillPaymentInstructions("");
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

  it("opens the order first from a token link, the lookup folded behind 다른 주문 조회", async () => {
    const order = orderRows().find((r) => r.status === "접수" && r.token)!;
    const page = await newPage();
    await page.goto(`${server.url}/?t=${order.token}`);
    await page.waitForSelector("#result:not([hidden])");
    const text = await page.textContent("#result");
    expect(text).toContain(`주문번호 ${order.code}`);
    expect(text).toContain("입금 대기");
    // 설정 has no account yet: the payment box says which line Tony must fill, no placeholder.
    expect(await page.textContent(".pay .setup")).toBe(
      "입금 안내가 아직 없습니다 (판매자: 설정의 '입금 안내'를 먼저 적어 주세요)",
    );
    expect(text).not.toContain("3333-01-2345678");
    // The order is above the form, and the form is folded.
    const resultTop = (await page.locator("#result").boundingBox())!.y;
    const foldTop = (await page.locator("#fold").boundingBox())!.y;
    expect(resultTop).toBeLessThan(foldTop);
    expect(await page.isVisible("#lookup")).toBe(false);
    expect(await page.textContent("#fold summary")).toBe("다른 주문 조회");
    await shot(page, "status-token");
    await page.click("#fold summary");
    expect(await page.isVisible("#lookup")).toBe(true);
  });

  it("keeps an account number on one line, and reads times in large dark type", async () => {
    fillPaymentInstructions(
      "카카오뱅크 3333-01-2345678 예금주 김토니 (입금자명은 주문하신 분 이름으로 해 주세요)",
    );
    const order = orderRows().find((r) => r.status === "접수" && r.token)!;
    const page = await newPage();
    await page.goto(`${server.url}/?t=${order.token}`);
    await page.waitForSelector("#result:not([hidden])");
    const account = page.locator(".pay .nowrap", { hasText: "3333-01-2345678" });
    expect(await account.evaluate((span) => span.getClientRects().length)).toBe(1);
    const lines = await page
      .locator(".pay p")
      .first()
      .evaluate((p) => Math.round(p.getBoundingClientRect().height));
    expect(lines).toBeGreaterThan(30); // the instructions did wrap, only not inside the number
    const time = page.locator("ol.timeline time").first();
    expect(await time.textContent()).toMatch(/^\d+월 \d+일 \(.\) 오[전후] \d+:\d\d$/);
    const style = await time.evaluate((t) => {
      const s = getComputedStyle(t);
      return { size: parseFloat(s.fontSize), color: s.color };
    });
    expect(style.size).toBeGreaterThanOrEqual(16);
    expect(style.color).toBe("rgb(51, 51, 51)");
    await shot(page, "status-account");
  });

  it("starts the timeline at the order's 접수일시, not when the order reached the workbook", async () => {
    const order = orderRows().find((r) => r.orderedAt instanceof Date && r.token)!;
    const page = await newPage();
    await page.goto(`${server.url}/?t=${order.token}`);
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.locator("ol.timeline time").first().textContent()).toBe(
      shortTime(order.orderedAt as Date),
    );
    expect(await page.locator("ol.timeline li").first().textContent()).toContain("주문 접수");
    expect(shortTime(order.orderedAt as Date)).not.toBe(shortTime(DEMO_ORDERS_AT));
  });

  it("shows one timeline for recipients whose timelines are the same", async () => {
    const shared = [...new Set(orderRows().map((r) => r.code))]
      .map((code) => orderRows().find((r) => r.code === code)!)
      .find((r) => {
        const answer = lookupByToken(host, r.token);
        if (!answer.ok || answer.view.recipients.length < 2) return false;
        const timelines = answer.view.recipients.map((x) => JSON.stringify(x.timeline));
        return timelines.every((t) => t === timelines[0]);
      })!;
    const recipients = (lookupByToken(host, shared.token) as { ok: true; view: StatusView }).view.recipients;
    const page = await newPage();
    await page.goto(`${server.url}/?t=${shared.token}`);
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.locator("ol.timeline").count()).toBe(1);
    expect(await page.locator(".timeline-card h3").textContent()).toBe(
      `진행 상황 · ${recipients.map((r) => `${r.name} 님`).join(", ")}`,
    );
    await shot(page, "status-shared-timeline");
  });

  it("takes the last four digits of a whole phone number pasted into the box", async () => {
    const order = orderRows().find((r) => r.paid)!;
    const page = await newPage();
    await page.goto(server.url);
    await page.fill("#code", order.code);
    await page.fill("#last4", order.phone);
    expect(await page.inputValue("#last4")).toBe(order.last4);
    await page.click("#submit");
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.textContent("#result")).toContain(`주문번호 ${order.code}`);
  });

  it("asks for no favicon: no request fails, on the page or at /favicon.ico", async () => {
    const page = await newPage();
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(server.url);
    await page.waitForTimeout(300);
    expect(failed).toEqual([]);
    expect(await page.locator('link[rel="icon"]').getAttribute("href")).toBe("data:,");
    expect((await fetch(`${server.url}/favicon.ico`)).status).toBe(204);
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
      () =>
        document.querySelector("#error")!.textContent === "조회를 여러 번 틀려 10분 동안 조회할 수 없습니다",
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
    // Two items that ripen together (the demo's 백도 and 천도 windows overlap): one parcel.
    sheet.append([row("백도 4.5kg"), row("천도 3kg")].map((v) => header.map((h) => v[h] ?? "")));
    sync(host, { kind: "reconcile" });
    const page = await newPage();
    await page.goto(server.url);
    await lookup(page, "777-001", "6789");
    await page.waitForSelector("#result:not([hidden])");
    const text = (await page.textContent("#result"))!;
    expect(text.split("백도 4.5kg 1상자, 천도 3kg 1상자")).toHaveLength(2); // shown once
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

  it("asks a customer whose shipment was delayed past 지연 안내 기준; 취소할게요 takes a second press", async () => {
    expect(delayHarvest(host, { item: "전체", days: 10, reason: "비" }).ok).toBe(true);
    const late = orderRows().find((r) => {
      const answer = lookupByToken(host, r.token);
      return answer.ok && answer.view.recipients.some((x) => x.ask);
    })!;
    const page = await newPage();
    await page.goto(`${server.url}/?t=${late.token}`);
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.textContent("#result")).toMatch(/처음 안내한 .+보다 \d+일 늦어졌습니다/);
    const ask = page.locator(".ask").first();
    expect(await ask.textContent()).toContain("기다려 주시겠어요?");
    const cancel = ask.locator("button", { hasText: "취소할게요" });
    await cancel.click();
    expect(await ask.locator("button.secondary").textContent()).toBe("한 번 더 누르면 취소를 요청합니다");
    expect(await page.locator(".answer").count()).toBe(0); // one press asks nothing yet
    await ask.locator("button.secondary").click();
    await page.waitForSelector(".answer");
    expect(await page.locator(".answer").first().textContent()).toBe(
      "취소를 요청하셨습니다. 판매자가 확인한 뒤 취소하고 환불해 드립니다",
    );
    await shot(page, "status-delay-answer");
    const rows = host.workbook.sheet(tab("orders").name)!.readAll();
    const header = rows[0]!.map(String);
    const answered = rows.filter((r) => r[header.indexOf("주문번호")] === late.code);
    expect(answered.map((r) => r[header.indexOf("지연 응답")])).toContain("취소할게요");
  });
});
