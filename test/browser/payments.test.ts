/// <reference lib="dom" />
/**
 * The 입금 내역 붙여넣기 page in Chromium (served locally with the same HTML as the Sheets
 * dialog): paste, see the proposed matches, choose for the doubtful ones, apply; a hostile
 * depositor name stays text; pasting the same lines again changes nothing.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { sync } from "../../src/app/sync";
import { localHost, RECONCILE } from "../../src/local/demo";
import { MemoryWorkbook } from "../../src/local/memoryWorkbook";
import { paymentsApp, startServer, type RunningServer } from "../../src/node/server";
import { tab } from "../../src/templates";
import type { Host } from "../../src/app/port";
import { Table } from "../../src/app/table";
import { BANK_HEADER, BANK_LINES, PAYMENT_ORDERS, rowsFor } from "../scenario/paymentOrders";

const ARTEFACTS = join(__dirname, "..", "..", "artefacts");
const HOSTILE = "<img src=x onerror=alert(1)>";

let host: Host;
let server: RunningServer;
let browser: Browser;
let saves = 0;

const payment = (code: string) => {
  const orders = Table.read(tab("orders"), host.workbook.sheet(tab("orders").name)!);
  for (let r = 0; r < orders.rowCount; r++)
    if (orders.text(r, "orderCode") === code) return orders.text(r, "payment");
  return null;
};

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true });
  const workbook = new MemoryWorkbook();
  workbook.setUp("2026-07-11");
  host = localHost(workbook, new Date("2026-07-11T20:00:00+09:00"));
  const sheet = workbook.sheet(tab("orders").name)!;
  const header = sheet.readAll()[0]!.map(String);
  sheet.append(rowsFor(header, PAYMENT_ORDERS));
  sync(host, RECONCILE);
  server = await startServer(host, {
    app: paymentsApp(async (change) => {
      const answer = change(host);
      saves++;
      return answer;
    }),
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("입금 내역 붙여넣기 page in Chromium", () => {
  it("pastes, proposes, takes Tony's choices, applies, and says so when pasted again", async () => {
    const page = await browser.newPage({ viewport: { width: 760, height: 900 }, locale: "ko-KR" });
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.goto(server.url);
    const hostileLine = `2026.07.13 09:00:00\t입금\t99,000\t1,442,000\t일반이체\t${HOSTILE}\t`;
    await page.fill("#text", [BANK_HEADER, ...BANK_LINES, hostileLine].join("\n"));
    await page.click("#preview");
    await page.waitForSelector("tr[data-line]");

    // Two sure matches, ticked; three doubtful with their candidates; the withdrawal passed over.
    expect(await page.locator("input[type=checkbox]:checked").count()).toBe(2);
    expect(await page.locator("select").count()).toBe(3);
    expect(await page.locator('tr[data-line="6"] option').allTextContents()).toEqual([
      "반영하지 않음",
      "660-552 홍길동 합계 40,000원",
      "다른 주문번호…",
    ]);
    expect(await page.locator('tr[data-line="3"]').textContent()).toContain("출금");
    expect(await page.locator('tr[data-line="7"]').textContent()).toContain(HOSTILE);
    expect(await page.locator("#plan img").count()).toBe(0);

    await page.selectOption('tr[data-line="5"] select', "777-001");
    await page.selectOption('tr[data-line="6"] select', "660-552");
    await page.screenshot({ path: join(ARTEFACTS, "payments-dialog.png"), fullPage: true });
    await page.click("#apply");
    await page.waitForFunction(() => document.querySelector("#done")!.textContent!.includes("반영했습니다"));
    expect(await page.textContent("#done")).toBe("반영했습니다: 입금완료 3건, 부분 입금 1건");
    expect(await page.textContent("#report")).toContain(
      "5줄 → 777-001 20,000원 (부분 입금, 남은 금액 10,000원)",
    );
    for (const code of ["660-551", "123-456", "660-552"]) expect(payment(code)).toBe("입금완료");
    expect(payment("777-001")).toBe("미입금");
    expect(saves).toBe(1);

    // The same lines again: nothing to do, and the page says so.
    await page.fill("#text", [BANK_HEADER, ...BANK_LINES].join("\n"));
    await page.click("#preview");
    await page.waitForFunction(() => document.querySelector("#done")!.textContent !== "");
    expect(await page.textContent("#done")).toBe("모두 이미 반영한 입금입니다. 바꿀 것이 없습니다");
    expect(await page.isHidden("#apply")).toBe(true);

    // A paste with no header: a Korean reason, nothing else.
    await page.fill("#text", "아무 표도 아닌 글");
    await page.click("#preview");
    await page.waitForFunction(() => document.querySelector("#error")!.textContent !== "");
    expect(await page.textContent("#error")).toContain("머리글");
    expect(dialogs).toBe(0);
  }, 60_000);
});
