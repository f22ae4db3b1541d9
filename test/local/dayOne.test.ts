/**
 * A new workbook on day one, from the command line: what Excel broke is repaired and logged, a
 * row is withheld only for what cannot be known, nothing made up reaches a customer, the season
 * follows the clock, and a shipment without a date says why.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lookupStatus } from "../../src/app/lookups";
import { sync } from "../../src/app/sync";
import { RECONCILE } from "../../src/local/demo";
import { main } from "../../src/node/cli";
import { openFile } from "../../src/node/files";
import { xlsxRecords } from "./xlsxRecords";

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

const folder = mkdtempSync(join(tmpdir(), "peach-day-one-"));

/** Rows appended to 주문 as Tony types them (by header), and settings changed by label. */
async function edit(
  file: string,
  now: string,
  rows: Record<string, unknown>[],
  settings: Record<string, unknown> = {},
): Promise<void> {
  const host = await openFile(file, new Date(now));
  const orders = host.workbook.sheet("주문")!;
  const header = orders.readAll()[0]!.map(String);
  if (rows.length > 0) orders.append(rows.map((row) => header.map((h) => (row[h] ?? "") as string)));
  const tab = host.workbook.sheet("설정")!;
  const labels = tab.readAll().map((r) => r[0]);
  for (const [label, value] of Object.entries(settings)) {
    tab.write(labels.indexOf(label) + 1, 2, [[value as string]]);
  }
  await host.workbook.save();
}

const order = (name: string, phone: string, extra: Record<string, unknown> = {}) => ({
  주문자: name,
  "주문자 연락처": phone,
  받는분: name,
  "받는분 연락처": phone,
  우편번호: "06236",
  주소: "서울특별시 강남구 테헤란로 152",
  품목: "백도 4.5kg",
  상자수: 2,
  ...extra,
});

describe("a new workbook on day one", () => {
  it("init in November plans for next summer and prints what to fill in 설정", async () => {
    const file = join(folder, "november.xlsx");
    const { code, text } = await run("init", file, "--now", "2026-11-25T10:00:00+09:00");
    expect(code).toBe(0);
    expect(text).toContain("설정 탭에서 먼저 채우고 확인할 것");
    expect(text).toMatch(
      /\[ \] 입금 안내: 비어 있습니다\. .*\(예: 카카오뱅크 3333-01-2345678 \(예금주 토니\)\)/,
    );
    expect(text).toMatch(/\[ \] 판매자 연락처: 비어 있습니다/);
    expect(text).toMatch(/\[ \] 보내는 주소: 비어 있습니다/);
    expect(text).toContain("7월 13일 (화)–9월 19일 (일)"); // 2027
    const settings = await xlsxRecords(file, "설정");
    const value = (label: string) => settings.find((r) => r["항목"] === label)?.["값"];
    expect([value("입금 안내"), value("판매자 연락처"), value("보내는 주소")]).toEqual(["", "", ""]);
    const today = await run("today", file, "--date", "2027-07-01");
    expect(today.text).toContain("7월 1일 (목) · 시즌(7월 13일–9월 19일) 전이라 출하일이 아직 없습니다");
  });

  it("repairs a lost-zero postal code, phone and a loosely written item, logs each, and withholds nothing", async () => {
    const file = join(folder, "repairs.xlsx");
    await run("init", file, "--now", "2026-07-10T09:00:00+09:00");
    await edit(file, "2026-07-10T09:00:00+09:00", [
      order("문희경", "1023456789", { 우편번호: 4524, "받는분 연락처": 1098765432, 품목: "황도4.5KG" }),
      order("이순자", "010-3333-4444", { 우편번호: "4524", 입금상태: "입금완료" }),
      order("김영희", "010-5555-6666", { 품목: "사과 5kg", 상자수: 3 }),
      order("박철수", "212345678", { 우편번호: "123", 입금상태: "입금완료" }),
    ]);
    const synced = await run("sync", file, "--now", "2026-07-10T10:00:00+09:00", "--json");
    const json = JSON.parse(synced.text) as {
      shipments: { recipient: string; boxes: number; total: number | null; shipDate: string | null }[];
      problems: { row: number; field: string; message: string }[];
    };
    const byName = new Map(json.shipments.map((s) => [s.recipient, s]));
    expect(byName.get("문희경")).toMatchObject({ boxes: 2, total: 81000 });
    expect(byName.get("이순자")).toMatchObject({ boxes: 2, total: 75000, shipDate: "2026-07-13" });
    // A row with a real problem still shows its boxes, and its problem names the closest items.
    expect(byName.get("김영희")).toMatchObject({ boxes: 3, total: null });
    expect(json.problems.find((p) => p.field === "item")!.message).toMatch(
      /^품목: 설정에 없는 품목입니다: "사과 5kg". 비슷한 품목: /,
    );
    // A postal code that is no code at all stays a problem, but the row is priced and scheduled.
    expect(json.problems.filter((p) => p.row === 5).map((p) => p.field)).toEqual(["postalCode"]);
    expect(byName.get("박철수")).toMatchObject({ total: 75000, shipDate: "2026-07-13" });
    expect(json.problems).toHaveLength(2);

    const rows = await xlsxRecords(file, "주문");
    expect(rows.map((r) => [r["우편번호"], r["주문자 연락처"], r["받는분 연락처"], r["품목"]])).toEqual([
      ["04524", "010-2345-6789", "010-9876-5432", "황도 4.5kg"],
      ["04524", "010-3333-4444", "010-3333-4444", "백도 4.5kg"],
      ["06236", "010-5555-6666", "010-5555-6666", "사과 5kg"],
      ["123", "02-1234-5678", "02-1234-5678", "백도 4.5kg"],
    ]);
    const repairs = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "자동 고침");
    expect(repairs.map((e) => [e["이전"], e["이후"], e["내용"]])).toEqual(
      expect.arrayContaining([
        ["4524", "04524", "우편번호: 엑셀이 지운 앞자리 0을 되살림"],
        ["1023456789", "010-2345-6789", "주문자 연락처: 엑셀이 지운 앞자리 0을 되살림"],
        ["1098765432", "010-9876-5432", "받는분 연락처: 엑셀이 지운 앞자리 0을 되살림"],
        ["황도4.5KG", "황도 4.5kg", "품목: 설정의 품목 이름으로 맞춤"],
        ["212345678", "02-1234-5678", "주문자 연락처: 엑셀이 지운 앞자리 0을 되살림"],
      ]),
    );
    // Repaired rows get their messages: the repaired order's payment request is offered.
    await edit(file, "2026-07-10T10:00:00+09:00", [], {
      "입금 안내": "농협 351-1234-5678-93 (예금주 김토니)",
    });
    const messages = await run("messages", file, "--now", "2026-07-10T10:00:00+09:00");
    expect(messages.text).toMatch(/문희경님 · 입금 요청 ━━\n.*\n- 문희경님께 황도 4.5kg 2상자: 76,000원/);
    // A second pass repairs nothing again.
    await run("sync", file, "--now", "2026-07-10T11:00:00+09:00");
    expect((await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "자동 고침")).toHaveLength(
      repairs.length,
    );
  });

  it("a paid order after the season says the season is over, on every surface", async () => {
    const file = join(folder, "late.xlsx");
    await run("init", file, "--now", "2026-07-10T09:00:00+09:00");
    await edit(file, "2026-09-25T09:00:00+09:00", [
      order("최말순", "010-7777-8888", { 입금상태: "입금완료" }),
    ]);
    await run("sync", file, "--now", "2026-09-25T10:00:00+09:00");
    const messages = await run("messages", file, "--now", "2026-09-25T10:00:00+09:00");
    expect(messages.text).toContain("- 최말순님 2상자: 시즌(7월 13일–9월 19일)이 끝나 출하일이 없습니다");
    expect(messages.text).not.toContain("대기 중 출하 예정");
    const host = await openFile(file, new Date("2026-09-25T10:00:00+09:00"));
    sync(host, RECONCILE);
    const code = String((await xlsxRecords(file, "주문"))[0]!["주문번호"]);
    const answer = lookupStatus(host, code, "8888");
    expect(answer.ok && answer.view.recipients[0]).toMatchObject({
      status: "대기",
      shipDate: "",
      shipDateNote: "시즌(7월 13일–9월 19일)이 끝나 출하일이 없습니다",
    });
    const today = await run("today", file, "--date", "2026-09-25");
    expect(today.text).toContain("9월 25일 (금) · 시즌(7월 13일–9월 19일)이 끝났습니다");
  });

  it("a paid order that finds no room says the season's capacity is taken", async () => {
    const file = join(folder, "full.xlsx");
    await run("init", file, "--now", "2026-07-10T09:00:00+09:00");
    await edit(
      file,
      "2026-07-10T09:00:00+09:00",
      [
        order("앞사람", "010-1111-0001", { 입금상태: "입금완료" }),
        order("뒷사람", "010-1111-0002", { 입금상태: "입금완료" }),
      ],
      { "시즌 종료일": "2026-07-13", "하루 기본 출하량(상자)": 2 },
    );
    await run("sync", file, "--now", "2026-07-10T10:00:00+09:00");
    const messages = await run("messages", file, "--now", "2026-07-10T10:00:00+09:00");
    expect(messages.text).toContain("- 앞사람님 2상자: 7월 13일 (월) 출하 예정");
    expect(messages.text).toContain("- 뒷사람님 2상자: 이번 시즌 출하량이 다 차서 대기 중입니다");
  });
});
