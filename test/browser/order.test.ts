/// <reference lib="dom" />
/**
 * The order page in Chromium at 360 px: on the local server (fill, see the quote change, submit,
 * the confirmation, open the status link; field errors; switched off; a hostile name stays
 * text), and the same page as dist/Code.js's doGet serves it, run in the emulator.
 */
import { depositorName } from "../../src/domain/deposits";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import { sync } from "../../src/app/sync";
import { demoHost, type DemoHost } from "../../src/local/demo";
import { startServer, type RunningServer } from "../../src/node/server";
import { tab } from "../../src/templates";
import { freshSpreadsheet } from "../gas/helpers";

const ARTEFACTS = join(__dirname, "..", "..", "artefacts");
const HOSTILE = "<img src=x onerror=alert(1)>";

let browser: Browser;
let open: { host: DemoHost; server: RunningServer };
let closed: { host: DemoHost; server: RunningServer };

function switchOn(host: DemoHost): void {
  const settings = host.workbook.sheet(tab("settings").name)!;
  const labels = settings.readAll().map((r) => r[0]);
  settings.write(labels.indexOf("온라인 주문 받기") + 1, 2, [["예"]]);
  // A new workbook starts without payment instructions (issue 10); Tony fills them first.
  settings.write(labels.indexOf("입금 안내") + 1, 2, [["카카오뱅크 3333-01-1234567 (예금주 토니)"]]);
  sync(host, { kind: "reconcile" });
}

async function newPage(): Promise<{ page: Page; alerts: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ko-KR" });
  const page = await context.newPage();
  const alerts: string[] = [];
  page.on("dialog", (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  return { page, alerts };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

async function fillOrder(page: Page, orderer: string): Promise<void> {
  await page.waitForSelector("#order:not([hidden])");
  await page.fill("#orderer-name", orderer);
  await page.fill("#orderer-phone", "010-4321-8765");
  await page.check("#same-as-orderer");
  await page.fill("#r0-postalCode", "06236");
  await page.fill("#r0-address", "서울특별시 강남구 테헤란로 123");
  await page.selectOption("#r0-item", "백도 4.5kg");
}

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  const openHost = demoHost();
  switchOn(openHost);
  open = { host: openHost, server: await startServer(openHost) };
  const closedHost = demoHost();
  // The demo shop takes orders (issue 23 · 15): this one is switched off.
  const closedSettings = closedHost.workbook.sheet(tab("settings").name)!;
  const closedRow = closedSettings.readAll().findIndex((r) => r[0] === "온라인 주문 받기") + 1;
  closedSettings.write(closedRow, 2, [["아니오"]]);
  sync(closedHost, { kind: "reconcile" });
  closed = { host: closedHost, server: await startServer(closedHost) };
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await open?.server.close();
  await closed?.server.close();
});

describe("order page in Chromium (local server)", () => {
  it("quotes live, places the order, confirms it and opens the status link", async () => {
    const { page, alerts } = await newPage();
    await page.goto(`${open.server.url}/?view=order`);
    await fillOrder(page, HOSTILE);
    expect(await page.inputValue("#r0-name")).toBe(HOSTILE); // 주문자와 같음
    await page.waitForFunction(() => document.querySelector("#q-total")!.textContent === "40,000원");
    expect(await page.textContent("#q-date")).toMatch(/^오늘 입금하시면 \d+월 \d+일 \(.\)/);
    await page.fill("#r0-boxes", "3");
    await page.waitForFunction(() => document.querySelector("#q-total")!.textContent === "115,000원");

    // A second recipient starts blank: nothing copied by surprise.
    await page.click("#add-recipient");
    for (const key of ["name", "phone", "postalCode", "address", "item"])
      expect(await page.inputValue(`#r1-${key}`)).toBe("");
    await page.fill("#r1-name", "박철수");
    await page.fill("#r1-phone", "010-1111-2222");
    await page.fill("#r1-address", "부산광역시 해운대구 해운대로 1");
    await page.selectOption("#r1-item", "황도 4.5kg");
    await page.waitForFunction(() => document.querySelector("#q-total")!.textContent === "158,000원");
    expect(await page.textContent("#q-fee")).toBe("15,000원 (2곳)");
    await shot(page, "order-quote");

    await page.click("#submit");
    await page.waitForSelector("#done:not([hidden])");
    const code = (await page.textContent("#d-code"))!;
    expect(code).toMatch(/^\d{3}-\d{3}$/);
    expect(await page.textContent("#d-total")).toBe("158,000원");
    expect(await page.textContent("#d-pay")).toContain("카카오뱅크");
    // One depositor-name rule (issue 23, item 6): the payment request's 이름+주문번호 뒤 4자리.
    expect(await page.textContent("#d-depositor")).toBe(
      `보내는 분 이름은 "${depositorName(HOSTILE, code)}"(이름+주문번호 뒤 4자리)로 적어 주세요.`,
    );
    expect(await page.textContent("#d-copy")).toContain(`주문번호 ${code}`);
    await shot(page, "order-done");

    const link = (await page.getAttribute("#d-link", "href"))!;
    expect(link).toMatch(/\?t=[a-z2-9]{24}$/);
    await page.click("#d-link");
    await page.waitForSelector("#result:not([hidden])");
    expect(await page.textContent("#result")).toContain(`주문번호 ${code}`);
    expect(await page.textContent("#result")).toContain("158,000원");
    expect(await page.locator("img").count()).toBe(0);
    expect(alerts).toEqual([]);
    const rows = open.host.workbook.sheet(tab("orders").name)!.readAll();
    expect(rows.filter((r) => r.includes(code))).toHaveLength(2);
  }, 60_000);

  it("shows each bad field's message next to it", async () => {
    const { page } = await newPage();
    await page.goto(`${open.server.url}/?view=order`);
    await fillOrder(page, "김영희");
    await page.fill("#orderer-phone", "010-12");
    await page.uncheck("#same-as-orderer");
    await page.fill("#r0-boxes", "80");
    await page.click("#submit");
    await page.waitForSelector("#error:not([hidden])");
    expect(await page.textContent('[data-error="orderer.phone"]')).toContain("전화번호 형식이 아닙니다");
    expect(await page.textContent('[data-error="recipients[0].boxes"]')).toBe(
      "받는 분 한 명에게 50상자까지 주문할 수 있습니다",
    );
    expect(await page.getAttribute("#orderer-phone", "aria-invalid")).toBe("true");
    expect(await page.isHidden("#done")).toBe(true);
    await shot(page, "order-errors");
  }, 60_000);

  it("says orders go through KakaoTalk while switched off, and the status page links to it", async () => {
    const { page } = await newPage();
    await page.goto(`${closed.server.url}/?view=order`);
    await page.waitForSelector("#closed:not([hidden])");
    expect(await page.textContent("#closed")).toContain("카카오톡으로 주문해 주세요");
    expect(await page.isHidden("#order")).toBe(true);
    await page.goto(closed.server.url);
    expect(await page.getAttribute("#order-link", "href")).toBe("?view=order");
    await shot(page, "order-closed");
  }, 60_000);
});

describe("order page in Chromium (dist/Code.js's doGet in the emulator)", () => {
  it("serves the page and runs quote and place as web-app executions", async () => {
    const emu = freshSpreadsheet();
    emu.now = new Date("2026-07-13T10:00:00+09:00");
    const row = emu.values("설정").findIndex((r) => r[0] === "온라인 주문 받기") + 1;
    emu.edit("설정", row, 2, [["예"]]);
    const html = (
      emu.run("doGet", [{ parameter: { view: "order" } }], "webapp").value as { getContent(): string }
    ).getContent();
    const { page, alerts } = await newPage();
    await page.exposeFunction("__gasRun", (name: string, arg: unknown) =>
      JSON.stringify(emu.run(name, [arg], "webapp").value),
    );
    // google.script.run as Apps Script gives it to a page: handlers, then the function by name.
    await page.addInitScript(() => {
      const runner = (ok?: (v: unknown) => void, fail?: (e: unknown) => void): unknown =>
        new Proxy(
          {},
          {
            get: (_, name: string) => {
              if (name === "withSuccessHandler") return (f: (v: unknown) => void) => runner(f, fail);
              if (name === "withFailureHandler") return (f: (e: unknown) => void) => runner(ok, f);
              return (arg: unknown) =>
                (window as unknown as { __gasRun(n: string, a: unknown): Promise<string> })
                  .__gasRun(name, arg)
                  .then((v) => ok?.(JSON.parse(v)), fail);
            },
          },
        );
      (window as unknown as { google: unknown }).google = { script: { run: runner() } };
    });
    // The page as Apps Script's sandbox frame would load it (no network: the route answers).
    await page.route("https://n-emulated.googleusercontent.com/**", (route) =>
      route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }),
    );
    await page.goto("https://n-emulated.googleusercontent.com/userCodeAppPanel");
    await fillOrder(page, "김영희");
    await page.waitForFunction(() => document.querySelector("#q-total")!.textContent === "40,000원");
    await page.click("#submit");
    await page.waitForSelector("#done:not([hidden])");
    const code = (await page.textContent("#d-code"))!;
    expect(await page.getAttribute("#d-link", "href")).toMatch(
      /^https:\/\/script\.google\.com\/macros\/s\/EMULATED\/exec\?t=[a-z2-9]{24}$/,
    );
    expect(emu.records("주문").filter((r) => r["주문번호"] === code)).toHaveLength(1);
    expect(alerts).toEqual([]);
    await shot(page, "order-gas");
  }, 60_000);
});
