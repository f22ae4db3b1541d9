/**
 * `peach-orders send-messages` against a local fake Solapi (test/support/fakeSolapi.ts) that
 * checks every signature as the provider documents it: sent once, retried after a 500 and after
 * a per-message failure, nothing at 22:30, the day's maximum, a dry run sends nothing, a message
 * marked sent by hand is not sent, and the secret is in no file written nor in the output.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflate, zipEntries } from "../../src/local/xlsxParts";
import { openFile } from "../../src/node/files";
import { dueMessages, markSent } from "../../src/app/messages";
import { placeOrder } from "../../src/app/orderPage";
import { loadSmallTabs } from "../../src/app/smallTabs";
import { memoryStore } from "../../src/node/webOrders";
import { startFakeSolapi, type FakeSolapi } from "../support/fakeSolapi";
import { cliStreams } from "./cliStreams";
import { xlsxRecords } from "./xlsxRecords";

const API_KEY = "NCSTESTKEY9WXYZ";
const API_SECRET = "s3cret-NEVER-WRITE-ME-7f3a9c";
const MORNING = "2026-07-13T11:00:00+09:00";
const folder = mkdtempSync(join(tmpdir(), "peach-sms-"));
const base = join(folder, "base.xlsx");
let fake: FakeSolapi;
let copies = 0;
const outputs: string[] = [];

async function send(file: string, ...args: string[]) {
  const result = await cliStreams("send-messages", file, ...args);
  outputs.push(result.out, result.err);
  return result;
}
async function sendJson(file: string, now = MORNING) {
  const result = await send(file, "--now", now, "--json");
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as {
    sent: number;
    failed: number;
    skipped: { reason: string; orderCode: string; id: string }[];
    costKrw: number;
    todayCostKrw: number;
  };
}
function fresh(): string {
  const file = join(folder, `orders-${++copies}.xlsx`);
  copyFileSync(base, file);
  return file;
}
async function setSettings(file: string, values: Record<string, string | number>) {
  const host = await openFile(file, new Date(MORNING));
  const sheet = host.workbook.sheet("설정")!;
  const labels = sheet.readAll().map((r) => r[0]);
  for (const [label, value] of Object.entries(values)) {
    expect(labels).toContain(label);
    sheet.write(labels.indexOf(label) + 1, 2, [[value]]);
  }
  await host.workbook.save();
}
async function dueCount(file: string, now = MORNING) {
  const host = await openFile(file, new Date(now));
  const settings = loadSmallTabs(host, true).settings;
  if (!settings.ok) throw new Error(settings.error);
  return dueMessages(host, settings.value).filter((m) => !m.blocked).length;
}
const smsLines = async (file: string) =>
  (await xlsxRecords(file, "이력")).filter((r) => r["누가"] === "문자" && r["사건"] === "메시지 보냄");

beforeAll(async () => {
  fake = await startFakeSolapi(API_KEY, API_SECRET);
  process.env.SOLAPI_API_KEY = API_KEY;
  process.env.SOLAPI_API_SECRET = API_SECRET;
  process.env.PEACH_SOLAPI_URL = fake.url;
  expect((await cliStreams("init", base, "--demo")).code).toBe(0);
  await setSettings(base, {
    "입금 안내": "카카오뱅크 3333-01-2345678 (예금주 토니)",
    "판매자 연락처": "010-2468-1357",
    "문자 자동 발송": "솔라피",
    "문자 보내는 번호": "010-2468-1357",
  });
});

afterAll(async () => {
  await fake.close();
  delete process.env.SOLAPI_API_KEY;
  delete process.env.SOLAPI_API_SECRET;
  delete process.env.PEACH_SOLAPI_URL;
});

beforeEach(() => {
  fake.mode = { kind: "ok" };
  fake.accepted.length = 0;
  fake.requests = 0;
});

describe("send-messages through a provider", () => {
  it("sends each due message once, signed as Solapi documents, and marks it 보냄 by 문자", async () => {
    const file = fresh();
    const due = await dueCount(file);
    expect(due).toBeGreaterThan(3);
    const first = await sendJson(file);
    expect(first.sent).toBe(due);
    expect(first.failed).toBe(0);
    expect(fake.refusedAuth).toEqual([]);
    expect(fake.accepted).toHaveLength(due);
    for (const m of fake.accepted) {
      expect(m.to).toMatch(/^01\d{8,9}$/);
      expect(m.from).toBe("01024681357");
      expect(m.type).toBe(Buffer.byteLength(m.text, "utf8") <= 90 ? "SMS" : m.type);
    }
    expect(first.costKrw).toBeGreaterThanOrEqual(due * 20);
    expect((await smsLines(file)).length).toBe(due);
    // Twice = once: nothing is due any more, nothing reaches the provider.
    const again = await sendJson(file);
    expect(again.sent).toBe(0);
    expect(fake.accepted).toHaveLength(due);
    expect(await dueCount(file)).toBe(0);
    expect(again.todayCostKrw).toBe(first.costKrw);
  });

  it("sends the 발송 안내 also to each recipient who is not the orderer when 설정 says so, each marked once", async () => {
    const file = fresh();
    const notices = async () => {
      const host = await openFile(file, new Date(MORNING));
      const settings = loadSmallTabs(host, true).settings;
      if (!settings.ok) throw new Error(settings.error);
      return dueMessages(host, settings.value).filter((m) => m.kind === "shippedRecipient");
    };
    expect(await notices()).toEqual([]); // 아니오 by default: the orderer's notice only
    await setSettings(file, { "발송 안내 받는 분에게도": "예" });
    const [notice, ...others] = await notices();
    expect(notice).toBeDefined();
    for (const n of [notice!, ...others])
      expect(n.recipientPhone).not.toBe(n.ordererPhone.replace(/\D/g, ""));
    // The provider refuses the recipient's number: the orderer's notice is marked, this one stays due.
    fake.mode = { kind: "failTo", numbers: [notice!.recipientPhone!] };
    const first = await sendJson(file);
    expect(first.skipped.find((s) => s.id === notice!.id)!.reason).toContain("1062");
    expect(
      fake.accepted.some((m) => m.text.includes(`${notice!.ordererName}님, 복숭아가 출발했습니다`)),
    ).toBe(true);
    expect((await notices()).map((n) => n.id)).toContain(notice!.id);
    fake.mode = { kind: "ok" };
    const second = await sendJson(file);
    expect(second.failed).toBe(0);
    const texted = fake.accepted.filter((m) => m.to === notice!.recipientPhone);
    expect(texted).toHaveLength(1);
    expect(texted[0]!.text).toContain(`${notice!.ordererName}님이 보내신 복숭아가 출발했습니다`);
    expect(texted[0]!.text).not.toMatch(/주문 확인|\?t=|\d원/);
    expect(await sendJson(file)).toMatchObject({ sent: 0, failed: 0 });
    expect(await notices()).toEqual([]);
    const marked = (await smsLines(file)).filter((r) => String(r["내용"]).includes(notice!.id));
    expect(marked).toHaveLength(1);
    expect(marked[0]!["이후"]).toBe(notice!.label);
  });

  it("retries after a 500: nothing marked, the reason in 오류, sent on the next run", async () => {
    const file = fresh();
    const due = await dueCount(file);
    fake.mode = { kind: "500" };
    const failed = await sendJson(file);
    expect(failed).toMatchObject({ sent: 0, failed: due, costKrw: 0 });
    const refused = failed.skipped.filter((s) => s.reason.includes("솔라피"));
    expect(refused).toHaveLength(due);
    expect(refused[0]!.reason).toContain("HTTP 500 InternalError");
    expect(await smsLines(file)).toHaveLength(0);
    const problems = (await xlsxRecords(file, "오류")).filter((r) => r["탭"] === "문자");
    expect(problems).toHaveLength(due);
    expect(String(problems[0]!["원래 값"])).toContain("HTTP 500");
    expect(String(problems[0]!["문제"])).toContain("다음 점검 때 다시 보냅니다");
    expect(await dueCount(file)).toBe(due);
    fake.mode = { kind: "ok" };
    const retried = await sendJson(file);
    expect(retried).toMatchObject({ sent: due, failed: 0 });
    // The failures resolve themselves once sent.
    const open = (await xlsxRecords(file, "오류")).filter((r) => r["탭"] === "문자" && r["해결됨"] !== true);
    expect(open).toHaveLength(0);
  });

  it("retries a message the answer lists as failed, and only that one", async () => {
    const file = fresh();
    const due = await dueCount(file);
    fake.mode = { kind: "ok" };
    const dry = await send(file, "--now", MORNING, "--dry-run", "--json");
    const victim = (JSON.parse(dry.out) as { wouldSend: { orderCode: string }[] }).wouldSend[0]!.orderCode;
    const host = await openFile(file, new Date(MORNING));
    const orders = host.workbook.sheet("주문")!.readAll();
    const header = orders[0]!.map(String);
    const phone = String(
      orders.find((r) => r[header.indexOf("주문번호")] === victim)![header.indexOf("주문자 연락처")],
    );
    const digits = phone.replace(/\D/g, "");
    fake.mode = { kind: "failTo", numbers: [digits] };
    const first = await sendJson(file);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    expect(first.sent + first.failed).toBe(due);
    expect(first.skipped.find((s) => s.orderCode === victim)!.reason).toContain("1062 수신번호 형식 오류");
    fake.mode = { kind: "ok" };
    const second = await sendJson(file);
    expect(second).toMatchObject({ sent: first.failed, failed: 0 });
    expect(fake.accepted.filter((m) => m.to === digits)).toHaveLength(first.failed);
  });

  it("sends nothing between 21:00 and 08:00: at 22:30 every message waits, and says why", async () => {
    const file = fresh();
    const night = await sendJson(file, "2026-07-13T22:30:00+09:00");
    expect(night).toMatchObject({ sent: 0, failed: 0, costKrw: 0 });
    expect(night.skipped.length).toBeGreaterThan(0);
    expect(night.skipped.every((s) => s.reason.includes("밤 9시부터 아침 8시까지"))).toBe(true);
    expect(fake.requests).toBe(0);
    const early = await sendJson(file, "2026-07-14T07:59:00+09:00");
    expect(early.sent).toBe(0);
    expect(fake.requests).toBe(0);
  });

  it("keeps to 문자 하루 최대: the rest wait for tomorrow, and Tony is told", async () => {
    const file = fresh();
    await setSettings(file, { "문자 하루 최대": 2 });
    const due = await dueCount(file);
    const first = await send(file, "--now", MORNING);
    expect(first.out).toContain("문자 2건 보냄");
    expect(first.err).toContain("오늘 보낼 수 있는 2건을 다 보냈습니다");
    expect(fake.accepted).toHaveLength(2);
    const later = await sendJson(file, "2026-07-13T15:00:00+09:00");
    expect(later.sent).toBe(0);
    expect(later.skipped.filter((s) => s.reason.includes("내일 보냅니다"))).toHaveLength(due - 2);
    const tomorrow = await sendJson(file, "2026-07-14T09:00:00+09:00");
    expect(tomorrow.sent).toBe(2);
  });

  it("a dry run sends nothing and writes nothing", async () => {
    const file = fresh();
    const before = readFileSync(file);
    const dry = await send(file, "--now", MORNING, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("아무것도 보내지 않았습니다");
    expect(dry.out).toMatch(/보낼 것: \d{3}-\d{3} \S+ 안내/);
    expect(fake.requests).toBe(0);
    expect(await smsLines(file)).toHaveLength(0);
    // The sync before it may tidy the file; no 문자 line and no request either way.
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(before.length).toBeGreaterThan(0);
  });

  it("does not send a message Tony already marked sent by hand", async () => {
    const file = fresh();
    const host = await openFile(file, new Date(MORNING));
    const settings = loadSmallTabs(host, true).settings;
    if (!settings.ok) throw new Error(settings.error);
    const due = dueMessages(host, settings.value).filter((m) => !m.blocked);
    markSent(host, due.slice(0, 3));
    await host.workbook.save();
    const result = await sendJson(file);
    expect(result.sent).toBe(due.length - 3);
    const handMarked = new Set(due.slice(0, 3).map((m) => m.text));
    expect(fake.accepted.filter((m) => handMarked.has(m.text))).toEqual([]);
  });

  it("sends nothing when 문자 자동 발송 is 아니오 or 멈춤 (copy-paste stays)", async () => {
    for (const word of ["아니오", "멈춤"]) {
      const file = fresh();
      await setSettings(file, { "문자 자동 발송": word });
      const result = await sendJson(file);
      expect(result.sent).toBe(0);
      expect(result.skipped[0]!.reason).toContain("문자 자동 발송");
      expect(fake.requests).toBe(0);
      expect(await dueCount(file)).toBeGreaterThan(0);
    }
  });

  it("refuses to run without the key in the environment, and never takes it from a flag", async () => {
    const file = fresh();
    delete process.env.SOLAPI_API_SECRET;
    try {
      const result = await send(file, "--now", MORNING);
      expect(result.code).toBe(2);
      expect(result.err).toContain("SOLAPI_API_SECRET");
      expect(fake.requests).toBe(0);
    } finally {
      process.env.SOLAPI_API_SECRET = API_SECRET;
    }
    const flagged = await send(file, "--secret", API_SECRET);
    expect(flagged.code).toBe(2);
  });

  it("texts nothing to the phone a visitor typed on the order page until the order is paid (issue 23)", async () => {
    const file = fresh();
    await setSettings(file, {
      "온라인 주문 받기": "예",
      "입금 안내": "농협 351-0000-1111-22 (예금주 김토니)",
    });
    const host = await openFile(file, new Date(MORNING));
    const stranger = "010-9876-5432";
    const placed = placeOrder(
      host,
      {
        orderer: { name: "아무개", phone: stranger },
        recipients: [
          {
            name: "아무개",
            phone: stranger,
            postalCode: "06236",
            address: "서울특별시 강남구 테헤란로 5",
            item: "백도 4.5kg",
            boxes: 1,
          },
        ],
        memo: "",
      },
      { locked: (body) => (body(), true), pending: memoryStore() },
    );
    if (!placed.ok) throw new Error(placed.error);
    await host.workbook.save();
    const before = fake.accepted.length;
    const report = await sendJson(file);
    expect(fake.accepted.slice(before).filter((m) => m.to === "01098765432")).toEqual([]);
    expect(report.skipped).toContainEqual(
      expect.objectContaining({
        orderCode: placed.value.orderCode,
        reason: expect.stringContaining("입금이 확인되기 전에 문자를 보내지 않습니다"),
      }),
    );
  });

  it("never writes the key or the secret: not in any file of the folder, not in the output", () => {
    const secrets = [API_SECRET, API_KEY];
    for (const name of readdirSync(folder)) {
      const bytes = readFileSync(join(folder, name));
      const parts = zipEntries(bytes);
      const texts = parts
        ? parts.map((e) => inflate(bytes, e)?.toString("utf8") ?? "")
        : [bytes.toString("utf8")];
      for (const text of texts) for (const s of secrets) expect(text.includes(s)).toBe(false);
    }
    for (const text of outputs) for (const s of secrets) expect(text.includes(s)).toBe(false);
  });
});
