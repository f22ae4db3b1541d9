/**
 * Text pasted into the local 입금 내역 붙여넣기 page (the same page and functions as the Sheets
 * dialog), over HTTP as the page calls them: read strictly, as files are. A broken quote names
 * its line and nothing is paid; a good paste names each bank line by its line in the paste.
 */
import { sync } from "../../src/app/sync";
import { Table } from "../../src/app/table";
import { localHost, RECONCILE } from "../../src/local/demo";
import { MemoryWorkbook } from "../../src/local/memoryWorkbook";
import { paymentsApp, startServer, type RunningServer } from "../../src/node/server";
import { tab } from "../../src/templates";
import { BANK_HEADER, BANK_LINES, PAYMENT_ORDERS, rowsFor } from "../scenario/paymentOrders";
import { pageClient } from "./pageClient";

let server: RunningServer;
let host: ReturnType<typeof localHost>;

beforeAll(async () => {
  const workbook = new MemoryWorkbook();
  workbook.setUp("2026-07-11");
  host = localHost(workbook, new Date("2026-07-11T20:00:00+09:00"));
  const sheet = workbook.sheet(tab("orders").name)!;
  sheet.append(rowsFor(sheet.readAll()[0]!.map(String), PAYMENT_ORDERS));
  sync(host, RECONCILE);
  server = await startServer(host, {
    app: paymentsApp(async (change) => change(host)),
  });
});

afterAll(async () => {
  await server?.close();
});

const paid = () => {
  const orders = Table.read(tab("orders"), host.workbook.sheet(tab("orders").name)!);
  return Array.from({ length: orders.rowCount }, (_, r) => orders.text(r, "payment")).filter(
    (p) => p === "입금완료",
  );
};

describe("pasted text in the local 입금 내역 붙여넣기 page", () => {
  it("an unterminated quote names its line, and nothing is paid", async () => {
    const call = await pageClient(server.url);
    const broken = [BANK_HEADER, BANK_LINES[0]!, `"${BANK_LINES[1]!}`, ...BANK_LINES.slice(2)].join("\r\n");
    const preview = await call("previewBankPayments", broken);
    expect(preview.status).toBe(200);
    expect(preview.body.value).toEqual({
      ok: false,
      error:
        "붙여 넣은 내용의 3번째 줄을 읽을 수 없습니다: 따옴표가 닫히지 않았습니다. 아무 줄도 반영하지 않았습니다. 그 줄을 고쳐 다시 붙여 넣어 주세요",
    });
    const applied = await call<{ ok: boolean; error?: string }>("applyBankPayments", broken, "[]");
    expect(applied.body.value).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^붙여 넣은 내용의 3번째 줄/),
    });
    expect(paid()).toEqual([]);
  });

  it("bank lines in = lines matched + doubtful + passed over + skipped, each named by its line in the paste", async () => {
    const call = await pageClient(server.url);
    // A quoted memo with a line break (as a spreadsheet copies it) pushes the next lines down by one.
    const lines = [...BANK_LINES];
    lines[2] = lines[2]!.replace(/복숭아$/, '"복숭아\n두 상자"');
    const preview = await call<{
      ok: boolean;
      plan: { lines: { line: number }[]; skipped: { line: number }[] };
    }>("previewBankPayments", [BANK_HEADER, ...lines, "합계\t\t\t\t\t\t"].join("\n"));
    const plan = preview.body.value!.plan;
    expect(plan.lines.map((l) => l.line)).toEqual([2, 3, 4, 6, 7]);
    expect(plan.skipped.map((l) => l.line)).toEqual([8]);
    expect(plan.lines.length + plan.skipped.length).toBe(BANK_LINES.length + 1);
  });
});
