/** Tony's and Tutu's daily tools from the command line: messages, courier file, tracking numbers. */
import ExcelJS from "exceljs";
import { xlsxRecords } from "./xlsxRecords";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { openFile } from "../../src/node/files";

const NOW = ["--now", "2026-07-13T11:00:00+09:00"];
const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

describe("a shipping day from the command line", () => {
  const folder = mkdtempSync(join(tmpdir(), "peach-"));
  const file = join(folder, "orders.xlsx");

  beforeAll(async () => {
    await run("init", file, "--demo");
    // The demo shop has its account, phone and address: empty them, as a new workbook has them.
    const host = await openFile(file, new Date("2026-07-13T11:00:00+09:00"));
    const settings = host.workbook.sheet("설정")!;
    const labels = settings.readAll().map((r) => r[0]);
    for (const label of ["입금 안내", "판매자 연락처", "보내는 주소"])
      settings.write(labels.indexOf(label) + 1, 2, [[""]]);
    await host.workbook.save();
  });

  it("refuses the courier file until 설정 has the sender's phone and address", async () => {
    const out = join(folder, "early.xlsx");
    const refused = await run("export-courier", file, "--date", "2026-07-13", "--out", out, ...NOW);
    expect(refused).toEqual({ code: 2, text: "설정의 '판매자 연락처', '보내는 주소'를 먼저 적어 주세요" });
    expect(existsSync(out)).toBe(false);
    const host = await openFile(file, new Date("2026-07-13T11:00:00+09:00"));
    const settings = host.workbook.sheet("설정")!;
    const labels = settings.readAll().map((r) => r[0]);
    settings.write(labels.indexOf("판매자 연락처") + 1, 2, [["010-2468-1357"]]);
    settings.write(labels.indexOf("보내는 주소") + 1, 2, [["경상북도 청도군 청도읍 복숭아길 7"]]);
    await host.workbook.save();
  });

  it("exports the day's courier file in CJ's layout, one line per recipient, parcels = ceil(boxes / 2)", async () => {
    const out = join(folder, "cj.xlsx");
    const { code, text } = await run("export-courier", file, "--date", "2026-07-13", "--out", out, ...NOW);
    expect(code).toBe(0);
    expect(text).toMatch(/CJ대한통운 대량 예약: 7월 13일 \(월\) \d+곳/);
    const lines = await xlsxRecords(out);
    const orders = (await xlsxRecords(file, "주문")).filter(
      (r) =>
        r["출하예정일"] instanceof Date &&
        ["출하예정", "수확", "포장"].includes(String(r["진행상태"])) &&
        (r["출하예정일"] as Date).toISOString().startsWith("2026-07-13"),
    );
    expect(lines).toHaveLength(orders.length);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 8)).toEqual([
      "예약구분",
      "집하예정일",
      "받는분성명",
      "받는분전화번호",
      "받는분기타연락처",
      "받는분우편번호",
      "받는분주소(전체, 분할)",
    ]);
    for (const line of lines) {
      const order = orders.find(
        (o) => o["받는분"] === line["받는분성명"] && o["받는분 연락처"] === line["받는분전화번호"],
      )!;
      expect(line["박스수량"]).toBe(Math.ceil(Number(order["상자수"]) / 2));
      expect(line["보내는분성명"]).toBe("투투네 복숭아");
      expect(line["보내는분전화번호"]).toBe("010-2468-1357");
      expect(String(line["받는분우편번호"])).toMatch(/^\d{5}$/);
    }
    const generic = join(folder, "generic.xlsx");
    await run(
      "export-courier",
      file,
      "--date",
      "2026-07-13",
      "--out",
      generic,
      "--courier",
      "generic",
      ...NOW,
    );
    expect(Object.keys((await xlsxRecords(generic))[0]!)).toContain("택배 묶음 수");
    expect(
      (await run("export-courier", file, "--date", "2026-07-13", "--out", generic, "--courier", "dhl")).code,
    ).toBe(2);
  });

  it("takes the courier's result back: matched lines are shipped, the rest change nothing", async () => {
    const lines = await xlsxRecords(join(folder, "cj.xlsx"));
    const [first, second] = lines;
    const result = join(folder, "result.csv");
    writeFileSync(
      result,
      [
        "받는분성명,받는분전화번호,운송장번호",
        `${first!["받는분성명"]},${first!["받는분전화번호"]},6000-1111-2222`,
        `${second!["받는분성명"]},${second!["받는분전화번호"]},600011113333`,
        "없는사람,010-0000-0000,600011114444",
        `${first!["받는분성명"]},${first!["받는분전화번호"]},5.21853E+11`,
      ].join("\n"),
    );
    const { code, text } = await run("import-tracking", file, result, "--date", "2026-07-13", ...NOW);
    expect(code).toBe(0);
    expect(text).toContain("7월 13일 (월) 출하: 새 송장 2건");
    expect(text).toMatch(/4줄 .*7월 13일 \(월\) 출하 목록에 같은 받는분이나 전화번호가 없습니다/);
    expect(text).toMatch(/5줄 .*지수 형식/);
    const orders = await xlsxRecords(file, "주문");
    const shipped = orders.find(
      (o) => o["받는분"] === first!["받는분성명"] && o["받는분 연락처"] === first!["받는분전화번호"],
    )!;
    expect([shipped["진행상태"], shipped["택배사"], shipped["송장번호"]]).toEqual([
      "발송",
      "CJ대한통운",
      "600011112222",
    ]);
    const events = (await xlsxRecords(file, "이력")).filter(
      (e) => e["행ID"] === shipped["행ID"] && e["사건"] === "상태",
    );
    expect(events.map((e) => e["이후"]).slice(-1)).toEqual(["발송"]);
    expect(orders.filter((o) => o["송장번호"] === "600011114444")).toEqual([]);
    // Each waybill is in 이력.
    const tracking = (await xlsxRecords(file, "이력")).filter(
      (e) => e["행ID"] === shipped["행ID"] && e["사건"] === "송장",
    );
    expect(tracking.map((e) => e["이후"])).toEqual(["600011112222"]);

    // The same file again: nothing new, nothing changed.
    const again = await run("import-tracking", file, result, "--date", "2026-07-13", ...NOW);
    expect(again.text).toContain("7월 13일 (월) 출하: 새 송장 0건 · 이미 들어간 송장 2건");
    expect(await xlsxRecords(file, "주문")).toEqual(orders);
  });

  it("without --date matches every shipment not yet sent, and says why a line matched nothing", async () => {
    const orders = await xlsxRecords(file, "주문");
    const later = orders.find(
      (o) =>
        o["진행상태"] === "출하예정" &&
        o["출하예정일"] instanceof Date &&
        (o["출하예정일"] as Date).getTime() > Date.parse("2026-07-13T00:00:00+09:00"),
    )!;
    const shipped = orders.find((o) => o["송장번호"] === "600011112222")!;
    const result = join(folder, "later.csv");
    writeFileSync(
      result,
      [
        "받는분성명,받는분전화번호,운송장번호",
        `${later["받는분"]},${later["받는분 연락처"]},600022221111`,
        `${later["받는분"]}씨,${later["받는분 연락처"]},600022222222`,
        `${shipped["받는분"]},${shipped["받는분 연락처"]},600022223333`,
      ].join("\n"),
    );
    const { text } = await run("import-tracking", file, result, ...NOW);
    expect(text).toContain("발송 전 묶음 전체: 새 송장 1건");
    expect(text).toMatch(
      new RegExp(
        `3줄 .*가장 가까운 묶음은 ${later["주문번호"]} 주문 ${later["받는분"]}님.*받는분 이름이 다릅니다`,
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `4줄 .*${shipped["주문번호"]} 주문 ${shipped["받는분"]}님.*발송 상태라 발송할 묶음이 아닙니다`,
      ),
    );
    const after = (await xlsxRecords(file, "주문")).find((o) => o["행ID"] === later["행ID"])!;
    expect([after["진행상태"], after["송장번호"]]).toEqual(["발송", "600022221111"]);
  });

  it("offers each message once: payment requests, date changes with the reason, shipped with tracking link", async () => {
    const { text } = await run("messages", file, "--url", "https://example.com/exec", ...NOW);
    // 설정 has no account yet: a payment request says which line to fill, never a placeholder.
    expect(text).toMatch(/· 입금 요청 ━━\n설정의 '입금 안내'를 먼저 적어 주세요\n/);
    // The demo's confirmations went out the evening before; that morning's rain moved 천도.
    expect(text).toMatch(/· 출하일 변경 안내 ━━\n.*\n- .*→.* \(수확이 늦어짐: 장마\)/);
    expect(text).toMatch(
      /· 발송 안내 ━━[\s\S]*https:\/\/trace\.cjlogistics\.com\/next\/tracking\.html\?wblNo=600011112222/,
    );
    expect(text).toMatch(/주문 확인: https:\/\/example\.com\/exec\?t=[a-z2-9]{24}/);
    const marked = await run("messages", file, "--mark-sent", ...NOW);
    expect(marked.text).toMatch(/\d+건을 보냄으로 표시했습니다/);
    const waiting = (await run("messages", file, ...NOW)).text;
    expect(
      waiting
        .split("\n")
        .filter((l) => l.startsWith("━━"))
        .every((l) => l.endsWith("· 입금 요청 ━━")),
    ).toBe(true);
    const host = await openFile(file, new Date("2026-07-13T11:00:00+09:00"));
    const settings = host.workbook.sheet("설정")!;
    const labels = settings.readAll().map((r) => r[0]);
    settings.write(labels.indexOf("입금 안내") + 1, 2, [["농협 351-1234-5678-93 (예금주 김토니)"]]);
    await host.workbook.save();
    const requests = await run("messages", file, "--mark-sent", ...NOW);
    expect(requests.text).toMatch(/입금하실 곳: 농협 351-1234-5678-93 \(예금주 김토니\)/);
    expect((await run("messages", file, ...NOW)).text).toMatch(
      /^지금 보낼 메시지가 없습니다\n메시지에서 뺀 주문/,
    );
    const sent = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "메시지 보냄");
    expect(sent.length).toBeGreaterThan(10);
  });
});
