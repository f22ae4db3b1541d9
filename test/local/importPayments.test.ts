/**
 * `peach-orders import-payments` on a real .xlsx workbook and the bank fixtures: the sure
 * deposits applied at their own time, the doubtful ones listed with candidates and applied
 * only when chosen, and a second import changing nothing.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { initFile, openFile } from "../../src/node/files";
import { sync } from "../../src/app/sync";
import { RECONCILE } from "../../src/local/demo";
import { tab } from "../../src/templates";
import { xlsxRecords } from "./xlsxRecords";
import { PAYMENT_ORDERS, UNPAID_ORDER, rowsFor } from "../scenario/paymentOrders";
import { lookupStatus } from "../../src/app/lookups";
import { dueMessages } from "../../src/app/messages";

const BANK = join(__dirname, "..", "fixtures", "bank");
const NOW = ["--now", "2026-07-13T09:00:00+09:00"];
const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

/** Five orders: two of 홍길동 for the same amount, one each of 김철수, 이영희 and 박민수. */
async function workbook(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "peach-pay-")), "orders.xlsx");
  const now = new Date("2026-07-11T20:00:00+09:00");
  await initFile(file, false, now);
  const host = await openFile(file, now);
  const sheet = host.workbook.sheet(tab("orders").name)!;
  const header = sheet.readAll()[0]!.map(String);
  sheet.append(rowsFor(header, [...PAYMENT_ORDERS, UNPAID_ORDER]));
  sync(host, RECONCILE);
  await host.workbook.save();
  return file;
}

const byCode = async (file: string) =>
  new Map((await xlsxRecords(file, "주문")).map((r) => [String(r["주문번호"]), r]));

describe("import-payments", () => {
  it("applies the sure deposits at their own time, lists the doubtful, and applies Tony's choices", async () => {
    const file = await workbook();
    const first = await run("import-payments", file, join(BANK, "kakaobank.xlsx"), ...NOW);
    expect(first.code).toBe(0);
    expect(first.text).toContain("거래내역: 카카오뱅크 (머리글 11번째 줄) · 입금 4건 · 그 밖의 줄 1건");
    expect(first.text).toContain("반영한 입금 2건:");
    expect(first.text).toContain("12줄 2026-07-12 09:14 홍길동0551 40,000원 → 660-551 40,000원 (입금완료)");
    expect(first.text).toContain("14줄 2026-07-12 11:30 김 철수 55,000원 → 123-456 55,000원 (입금완료)");
    expect(first.text).toContain("15줄 2026-07-12 12:45 이영희5678 20,000원: 금액이 모자람 (부분 입금)");
    expect(first.text).toContain("후보 777-001 이영희 합계 30,000원");
    expect(first.text).toContain("16줄 2026-07-13 08:00 모르는사람 40,000원: 맞는 주문이 없음");
    expect(first.text).toContain("후보 660-552 홍길동 합계 40,000원");
    expect(first.text).toContain("13줄 2026-07-12 10:02 하나로마트 -12,000원: 출금");

    let orders = await byCode(file);
    expect(orders.get("660-551")!["입금상태"]).toBe("입금완료");
    // The deposit's own time (the file holds Seoul wall clock, read here as UTC fields).
    expect((orders.get("660-551")!["입금일시"] as Date).toISOString()).toBe("2026-07-12T09:14:03.000Z");
    expect(orders.get("123-456")!["입금상태"]).toBe("입금완료");
    // FIFO by deposit time: the earlier deposit's order never ships later.
    expect(orders.get("660-551")!["출하예정일"]).toBeInstanceOf(Date);
    expect((orders.get("660-551")!["출하예정일"] as Date).getTime()).toBeLessThanOrEqual(
      (orders.get("123-456")!["출하예정일"] as Date).getTime(),
    );
    for (const code of ["660-552", "777-001", "888-002"])
      expect(orders.get(code)!["입금상태"]).toBe("미입금");
    const bankEvents = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "은행 입금");
    expect(bankEvents.map((e) => [e["주문번호"], e["이후"]])).toEqual([
      ["660-551", "40000"],
      ["123-456", "55000"],
    ]);
    expect(String(bankEvents[0]!["내용"])).toMatch(
      /^카카오뱅크 2026-07-12 09:14 홍길동0551 40,000원 · 잔액 1,240,000원 #/,
    );

    // The same export again: nothing changes, and it says so.
    const before = JSON.stringify([...(await byCode(file)).values()]);
    const again = await run("import-payments", file, join(BANK, "kakaobank.xlsx"), ...NOW);
    expect(again.text).toContain("반영한 입금 0건:");
    expect(again.text).toContain("이미 반영됨 2건: 바꾼 것이 없습니다");
    expect(JSON.stringify([...(await byCode(file)).values()])).toBe(before);

    // Tony's choices: the partial one and the stranger's deposit.
    const chosen = await run(
      "import-payments",
      file,
      join(BANK, "kakaobank.xlsx"),
      "--apply",
      "15=777-001",
      "--apply",
      "16=660-552",
      "--apply",
      "12=888-002",
      ...NOW,
    );
    expect(chosen.text).toContain(
      "15줄 2026-07-12 12:45 이영희5678 20,000원 → 777-001 20,000원 (부분 입금, 남은 금액 10,000원)",
    );
    expect(chosen.text).toContain("16줄 2026-07-13 08:00 모르는사람 40,000원 → 660-552 40,000원 (입금완료)");
    expect(chosen.text).toContain(
      "반영하지 못함: 12번째 줄: 이미 반영됨 (같은 입금은 두 번 반영하지 않습니다)",
    );
    // Issue 23 · 19: a choice refused is a failure a script sees (the rest was applied).
    expect(chosen.code).toBe(1);
    orders = await byCode(file);
    expect(orders.get("660-552")!["입금상태"]).toBe("입금완료");
    expect(orders.get("777-001")!["입금상태"]).toBe("미입금");
    expect(orders.get("888-002")!["입금상태"]).toBe("미입금");

    // The partial payment: the status page and the payment request show what is still due.
    const host = await openFile(file, new Date("2026-07-13T09:30:00+09:00"));
    // Tony has filled 입금 안내 (a new workbook leaves it empty, and a payment request waits for it).
    const settings = {
      ...sync(host, RECONCILE)!.settings,
      paymentInstructions: "농협 351-1234-5678-93 (예금주 김토니)",
    };
    const view = lookupStatus(host, "777-001", "6666");
    expect(view.ok && [view.view.received, view.view.due, view.view.depositorDigits]).toEqual([
      "20,000원",
      "10,000원",
      "7001",
    ]);
    const request = dueMessages(host, settings).find(
      (m) => m.orderCode === "777-001" && m.kind === "paymentRequest",
    )!;
    expect(request.text).toContain("받은 금액 20,000원 · 남은 금액 10,000원");
    expect(request.text).toContain('보내는 분 이름은 "이영희7001"(이름+주문번호 뒤 4자리)로 적어 주세요.');

    // The same export as JSON: every deposit line now reads as already applied.
    const json = await run("import-payments", file, join(BANK, "kakaobank.xlsx"), "--json", ...NOW);
    const parsed = JSON.parse(json.text) as {
      plan: { lines: { line: number; kind: string; reason?: string }[] };
    };
    expect(
      parsed.plan.lines
        .filter((l) => l.kind === "ignored" && l.reason === "alreadyApplied")
        .map((l) => l.line),
    ).toEqual([12, 14, 15, 16]);
  }, 60_000);

  it("opens a protected export with the password from PEACH_BANK_PASSWORD, refuses without it, and never takes it from argv", async () => {
    const file = await workbook();
    const protectedFile = join(BANK, "kakaobank-protected.xlsx");
    const refused = await run("import-payments", file, protectedFile, ...NOW);
    expect(refused.code).toBe(2);
    expect(refused.text).toContain("암호가 걸린 파일입니다");
    const argv = await run("import-payments", file, protectedFile, "--password", "880712", ...NOW);
    expect(argv.code).toBe(2);
    expect(argv.text).toContain("암호를 명령줄에 적으면");
    process.env.PEACH_BANK_PASSWORD = "880712";
    const opened = await run("import-payments", file, protectedFile, ...NOW).finally(
      () => delete process.env.PEACH_BANK_PASSWORD,
    );
    expect(opened.code).toBe(0);
    expect(opened.text).toContain("반영한 입금 2건:");
    expect(opened.text).not.toContain("880712");
  }, 60_000);

  it("--dry-run shows the matches and writes nothing; usage errors exit 2", async () => {
    const file = await workbook();
    const copy = `${file}.orig.xlsx`;
    copyFileSync(file, copy);
    const dry = await run("import-payments", file, join(BANK, "nh-cp949.csv"), "--dry-run", ...NOW);
    expect(dry.text).toContain("맞는 입금 2건 (반영하지 않음, --dry-run):");
    expect((await byCode(file)).get("660-551")!["입금상태"]).toBe("미입금");
    expect((await run("import-payments", file)).code).toBe(2);
    expect((await run("import-payments", file, join(BANK, "nh-cp949.csv"), "--apply", "x")).code).toBe(2);
    expect((await run("import-payments", "--help")).text).toContain("peach-orders import-payments");
  }, 60_000);
});
