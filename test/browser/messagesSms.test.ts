/// <reference lib="dom" />
/**
 * The messages page's sending part in Chromium (issue 24, "Tony stays in charge"), served by the
 * local tools server: each message says whether it goes next, failed or waits and why, the
 * switch writes 멈춤 (then 솔라피) into 설정 '문자 자동 발송', and today's count and cost show;
 * copy stays on every message.
 */
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { loadSmallTabs } from "../../src/app/smallTabs";
import { Journal } from "../../src/app/journal";
import { sync } from "../../src/app/sync";
import { EVENT } from "../../src/domain/events";
import { demoHost, type DemoHost } from "../../src/local/demo";
import { startServer, toolsApp, type RunningServer } from "../../src/node/server";
import { tab } from "../../src/templates";

const ARTEFACTS = join(__dirname, "..", "..", "artefacts");
let host: DemoHost;
let server: RunningServer;
let browser: Browser;

function setSetting(label: string, value: string) {
  const sheet = host.workbook.sheet(tab("settings").name)!;
  const row = sheet.readAll().findIndex((r) => r[0] === label) + 1;
  sheet.write(row, 2, [[value]]);
}

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  host = demoHost();
  setSetting("입금 안내", "카카오뱅크 3333-01-2345678 (예금주 토니)");
  setSetting("판매자 연락처", "010-2468-1357");
  setSetting("문자 보내는 번호", "010-2468-1357");
  setSetting("문자 자동 발송", "솔라피");
  sync(host, { kind: "reconcile" });
  // One message went by SMS this morning.
  const journal = new Journal();
  journal.log({
    actor: "sms",
    orderCode: "660-999",
    rowId: "",
    event: EVENT.messageSent,
    to: "입금 요청",
    detail: "문자(SMS) 660-999:paymentRequest:1",
  });
  journal.flush(host.workbook, new Date(host.now().getTime() - 60_000));
  server = await startServer(host, {
    app: toolsApp("https://example.com/exec", async (change) => change(host), true),
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("messages page: sending in Chromium", () => {
  it("shows each message's SMS status and today's cost; the switch pauses and resumes through 설정", async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 900 }, locale: "ko-KR" });
    await page.goto(server.url);
    await page.waitForSelector(".message");
    expect(await page.locator("#smsSummary").textContent()).toMatch(
      /켜짐 \(솔라피\) · 오늘 보낸 문자 1건, 20원/,
    );
    expect(await page.locator("#smsSent li").first().textContent()).toContain(
      "660-999 입금 요청 · 문자로 보냄 (SMS)",
    );
    const copyable = page.locator(".message:not(.blocked)");
    expect(await copyable.count()).toBeGreaterThan(0);
    // Every message that can be copied still has its 복사, and says what sending will do with it.
    expect(await copyable.locator("button", { hasText: "복사" }).count()).toBe(await copyable.count());
    const states = await page.locator(".message .sms").allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => /^(문자 보낼 차례|문자 대기|문자 실패): /.test(s))).toBe(true);
    await page.screenshot({ path: join(ARTEFACTS, "messages-sms.png") });

    await page.locator("#smsSwitch", { hasText: "문자 발송 멈추기" }).click();
    await page.waitForFunction(
      () => document.querySelector("#smsSwitch")!.textContent === "문자 발송 다시 켜기",
    );
    expect(await page.locator("#smsSummary").textContent()).toContain("멈춤");
    expect(await page.locator(".message .sms").first().textContent()).toContain("멈춤");
    expect(loadSmallTabs(host, true).settings).toMatchObject({ ok: true, value: { smsSending: "paused" } });

    await page.locator("#smsSwitch").click();
    await page.waitForFunction(
      () => document.querySelector("#smsSwitch")!.textContent === "문자 발송 멈추기",
    );
    expect(loadSmallTabs(host, true).settings).toMatchObject({ ok: true, value: { smsSending: "solapi" } });
    await page.close();
  }, 30_000);
});
