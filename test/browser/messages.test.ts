/// <reference lib="dom" />
/**
 * The messages sidebar page in Chromium (served locally by the tools server, the same HTML as
 * the Sheets sidebar): the copy button, the sent mark, a hostile customer name as text.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { readEvents } from "../../src/app/journal";
import { sync } from "../../src/app/sync";
import { demoHost, type DemoHost } from "../../src/local/demo";
import { startServer, toolsApp, type RunningServer } from "../../src/node/server";
import { tab } from "../../src/templates";

const ARTEFACTS = join(__dirname, "..", "..", "artefacts");
const HOSTILE = "<img src=x onerror=alert(1)>";

let host: DemoHost;
let server: RunningServer;
let browser: Browser;
let saves = 0;

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  host = demoHost();
  // The demo shop has its account (issue 23 · 15): empty it, as a new workbook has it.
  const settings = host.workbook.sheet(tab("settings").name)!;
  settings.write(settings.readAll().findIndex((r) => r[0] === "입금 안내") + 1, 2, [[""]]);
  // An unpaid order whose orderer is named like an attack.
  const sheet = host.workbook.sheet(tab("orders").name)!;
  const header = sheet.readAll()[0]!.map(String);
  const values: Record<string, string | number> = {
    주문자: HOSTILE,
    "주문자 연락처": "010-9999-4321",
    받는분: HOSTILE,
    "받는분 연락처": "010-9999-4321",
    우편번호: "06236", // a row without one is 확인 필요 (issue 23), and its payment request waits
    주소: "서울특별시 강남구 테헤란로 1",
    품목: "백도 4.5kg",
    상자수: 1,
  };
  sheet.append([header.map((h) => values[h] ?? "")]);
  sync(host, { kind: "reconcile" });
  server = await startServer(host, {
    app: toolsApp("https://example.com/exec", async (change) => (saves++, change(host))),
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("messages sidebar page in Chromium", () => {
  it("lists messages by order, copies one, marks one sent, and shows a hostile name as text", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 900 }, locale: "ko-KR" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await context.newPage();
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(server.url);
    await page.waitForSelector(".message");
    const count = await page.locator(".message").count();
    expect(count).toBeGreaterThan(5);

    // The hostile orderer's payment request: the name is text, nothing ran, no element appeared.
    const headings = await page.locator(".order h2").allTextContents();
    expect(headings.some((h) => h.includes(HOSTILE))).toBe(true);
    expect(await page.locator("#list img").count()).toBe(0);

    // 설정 has no account yet: the payment requests say which line to fill, with nothing to copy.
    const blocked = page.locator(".message.blocked");
    expect(await blocked.count()).toBeGreaterThan(0);
    expect(await blocked.first().locator(".text").textContent()).toBe(
      "설정의 '입금 안내'를 먼저 적어 주세요",
    );
    expect(await blocked.locator("button").count()).toBe(0);

    // Copy: the message text lands on the clipboard.
    const first = page.locator(".message:not(.blocked)").first();
    const text = await first.locator(".text").textContent();
    await first.locator("button", { hasText: "복사" }).click();
    await page.waitForFunction(() => document.querySelector("#note")!.textContent!.includes("복사했습니다"));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await page.screenshot({ path: join(ARTEFACTS, "messages-sidebar.png") });

    // 보냄: the message goes, 이력 has it, the workbook was saved.
    const id = await first.getAttribute("data-id");
    const sentBefore = readEvents(host.workbook).filter((e) => e.event === "메시지 보냄").length;
    await first.locator("button", { hasText: "보냄" }).click();
    await page.waitForFunction((gone) => !document.querySelector(`[data-id="${gone}"]`), id);
    expect(await page.locator(".message").count()).toBe(count - 1);
    expect(
      readEvents(host.workbook)
        .filter((e) => e.event === "메시지 보냄")
        .map((e) => e.from + e.to),
    ).toHaveLength(sentBefore + 1);
    expect(saves).toBe(1);
    expect(dialogs).toBe(0);
    await page.reload();
    await page.waitForSelector(".message");
    expect(await page.locator(`[data-id="${id}"]`).count()).toBe(0);
  }, 30_000);
});
