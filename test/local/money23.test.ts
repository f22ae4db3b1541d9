/**
 * Issue 23, money, on a real .xlsx workbook through `peach-orders import-payments`: one deposit
 * applied once whatever the export's layout (1), a reversal undoing the payment (2), a late
 * import of a payment made in time (3). The emulator's twin is test/gas/money23.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { initFile, openFile } from "../../src/node/files";
import { sync } from "../../src/app/sync";
import { dueMessages } from "../../src/app/messages";
import { RECONCILE } from "../../src/local/demo";
import { tab } from "../../src/templates";
import { xlsxRecords } from "./xlsxRecords";
import { PAYMENT_ORDERS, rowsFor, type OrderInput } from "../scenario/paymentOrders";
import {
  csv23,
  KAKAO_LAYOUT,
  NH_LAYOUT,
  REVERSAL_LAYOUT,
  WEB_ORDER,
  timelyDeposit,
  lateDeposit,
} from "../scenario/money23";

const run = async (...args: string[]) => {
  const out: string[] = [];
  const result = await main(args, (l) => out.push(l));
  return { code: result.code, text: out.join("\n") };
};

async function workbook(orders: readonly OrderInput[], at = "2026-07-11T20:00:00+09:00") {
  const dir = mkdtempSync(join(tmpdir(), "peach-money23-"));
  const file = join(dir, "orders.xlsx");
  const now = new Date(at);
  await initFile(file, false, now);
  const host = await openFile(file, now);
  const sheet = host.workbook.sheet(tab("orders").name)!;
  const header = sheet.readAll()[0]!.map(String);
  sheet.append(rowsFor(header, orders));
  sync(host, RECONCILE);
  await host.workbook.save();
  const bank = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return { file, bank };
}

const byCode = async (file: string) =>
  new Map((await xlsxRecords(file, "주문")).map((r) => [String(r["주문번호"]), r]));

describe("issue 23 · money on the .xlsx host (import-payments)", () => {
  it("1 · one deposit is applied once, whatever the export's layout (another bank layout, a partial, an old 이력)", async () => {
    const { file, bank } = await workbook(PAYMENT_ORDERS);
    const now = ["--now", "2026-07-13T09:00:00+09:00"];
    const first = await run(
      "import-payments",
      file,
      bank("kakao.csv", KAKAO_LAYOUT),
      "--apply",
      "4=777-001",
      ...now,
    );
    expect(first.text).toContain("반영한 입금 3건:");
    const after = JSON.stringify([...(await byCode(file)).values()]);
    // The same deposits in NH농협's layout: date and time apart, no seconds, no balance, columns
    // in another order, a space in a name; 이영희's partial payment is not paid a second time.
    const again = await run("import-payments", file, bank("nh.csv", NH_LAYOUT), ...now);
    expect(again.code).toBe(0);
    expect(again.text).toContain("반영한 입금 0건:");
    expect(again.text).toContain("이미 반영됨 3건: 바꾼 것이 없습니다");
    expect(JSON.stringify([...(await byCode(file)).values()])).toBe(after);
    // Chosen by hand in the other layout: refused, never the rest of the partial order.
    const chosen = await run(
      "import-payments",
      file,
      bank("nh2.csv", NH_LAYOUT),
      "--apply",
      "2=777-001",
      ...now,
    );
    expect(chosen.code).toBe(1);
    expect(chosen.text).toContain("2번째 줄: 이미 반영됨");
    expect((await byCode(file)).get("777-001")!["입금상태"]).toBe("미입금");

    // 이력 written before issue 23 (another fingerprint: balance and seconds in it) is read the same way.
    const host = await openFile(file, new Date("2026-07-13T09:10:00+09:00"));
    const events = host.workbook.sheet("이력")!;
    const values = events.readAll();
    const detail = values[0]!.map(String).indexOf("내용");
    values.forEach((row, i) => {
      if (i > 0 && row[values[0]!.map(String).indexOf("사건")] === "은행 입금")
        events.write(i + 1, detail + 1, [[String(row[detail]).replace(/#[0-9a-z]+\.(\d+)$/, "#old0$1.$1")]]);
    });
    await host.workbook.save();
    const legacy = await run("import-payments", file, bank("nh3.csv", NH_LAYOUT), ...now);
    expect(legacy.text).toContain("이미 반영됨 3건");
    expect(JSON.stringify([...(await byCode(file)).values()])).toBe(after);
  }, 60_000);

  it("2 · a deposit reversal sets the order back to unpaid, frees its date, logs it and tells Tony only", async () => {
    const { file, bank } = await workbook(PAYMENT_ORDERS);
    await run("import-payments", file, bank("kakao.csv", KAKAO_LAYOUT), "--now", "2026-07-13T09:00:00+09:00");
    let orders = await byCode(file);
    expect(orders.get("660-551")!["진행상태"]).toBe("출하예정");
    const reversal = await run(
      "import-payments",
      file,
      bank("reversal.csv", REVERSAL_LAYOUT),
      "--now",
      "2026-07-13T11:00:00+09:00",
    );
    expect(reversal.code).toBe(0);
    expect(reversal.text).toContain("입금취소 1건");
    expect(reversal.text).toContain("660-551 40,000원 되돌림 (미입금으로)");
    orders = await byCode(file);
    expect([orders.get("660-551")!["입금상태"], orders.get("660-551")!["진행상태"]]).toEqual([
      "미입금",
      "접수",
    ]);
    expect(orders.get("660-551")!["출하예정일"]).toBe("");
    expect(orders.get("123-456")!["입금상태"]).toBe("입금완료"); // another order's deposit stays
    const logged = (await xlsxRecords(file, "이력")).filter((e) => e["사건"] === "입금 취소");
    expect(logged.map((e) => [e["주문번호"], e["이후"]])).toEqual([["660-551", "40000"]]);
    // A note for Tony, never a message to the customer (SMS skips it).
    const host = await openFile(file, new Date("2026-07-13T11:05:00+09:00"));
    const settings = sync(host, RECONCILE)!.settings;
    const notes = dueMessages(host, settings).filter((m) => m.kind === "depositReversed");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ orderCode: "660-551", forSeller: true });
    expect(notes[0]!.text).toContain("[토니에게 · 고객에게 보내지 마세요]");
    expect(notes[0]!.text).toContain("2026-07-12 09:14에 들어온 40,000원이 2026-07-13 10:30에 취소되어");
    // The same reversal again changes nothing.
    const before = JSON.stringify([...(await byCode(file)).values()]);
    const again = await run(
      "import-payments",
      file,
      bank("r2.csv", REVERSAL_LAYOUT),
      "--now",
      "2026-07-13T11:10:00+09:00",
    );
    expect(again.text).toContain("이미 반영됨");
    expect(JSON.stringify([...(await byCode(file)).values()])).toBe(before);
  }, 60_000);

  it("3 · a late import of a payment made in time restores the order cancelled for non-payment and withdraws the 취소 message", async () => {
    const { file, bank } = await workbook([WEB_ORDER], "2026-07-10T10:00:00+09:00");
    // Four days later the reconcile cancels it (웹 주문 입금 기한 3일) and drafts the 취소 message.
    const host = await openFile(file, new Date("2026-07-14T10:00:00+09:00"));
    const settings = sync(host, RECONCILE)!.settings;
    await host.workbook.save();
    let orders = await byCode(file);
    expect(orders.get("901-234")!["진행상태"]).toBe("취소");
    expect(dueMessages(host, settings).map((m) => m.kind)).toEqual(["expired"]);
    // A deposit after the deadline does not bring it back: Tony is asked.
    const late = await run(
      "import-payments",
      file,
      bank("late.csv", lateDeposit()),
      "--now",
      "2026-07-14T12:00:00+09:00",
    );
    expect(late.text).toContain("맞는 주문이 없음");
    expect((await byCode(file)).get("901-234")!["진행상태"]).toBe("취소");
    // The deposit the customer made on day two, imported now: judged by the bank's time.
    const timely = await run(
      "import-payments",
      file,
      bank("timely.csv", timelyDeposit()),
      "--now",
      "2026-07-14T12:00:00+09:00",
    );
    expect(timely.text).toContain("입금 기한 안의 입금이라 취소를 되돌림");
    orders = await byCode(file);
    const row = orders.get("901-234")!;
    expect([row["입금상태"], row["진행상태"]]).toEqual(["입금완료", "출하예정"]);
    expect((row["입금일시"] as Date).toISOString()).toBe("2026-07-12T09:30:00.000Z"); // the bank's time
    const events = (await xlsxRecords(file, "이력")).filter((e) => e["주문번호"] === "901-234");
    expect(events.map((e) => e["사건"])).toEqual(
      expect.arrayContaining(["입금 기한 지남", "취소 되돌림", "은행 입금"]),
    );
    const fresh = await openFile(file, new Date("2026-07-14T12:05:00+09:00"));
    const kinds = dueMessages(fresh, { ...settings, paymentInstructions: "농협 1" }).map((m) => m.kind);
    expect(kinds).not.toContain("expired"); // withdrawn: never sent
    expect(kinds).toContain("paymentConfirmed");
  }, 60_000);

  it("5 · two identical lines in one import, and a corrected line imported again, are asked, not merged", async () => {
    const { file, bank } = await workbook([]);
    const header = "주문자,주문자 연락처,받는분,받는분 연락처,우편번호,주소,품목,상자수";
    const line = "두번씨,010-4444-5555,두번씨,010-4444-5555,06236,서울 강남구 테헤란로 5,백도 4.5kg,2";
    const now = ["--now", "2026-07-11T21:00:00+09:00"];
    const first = await run(
      "import",
      bank("twice.csv", [header, line, line].join("\n")),
      "--into",
      file,
      ...now,
    );
    expect(first.code).toBe(0);
    expect(first.text).toContain("같은 주문이 두 번 있는 것 같은 줄 1개: 3번째 줄");
    let rows = await xlsxRecords(file, "주문");
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => String(r["확인 필요"]).split(":")[0])).toEqual([
      "같은 주문이 두 번 있는 것 같습니다 (3행)",
      "같은 주문이 두 번 있는 것 같습니다 (2행)",
    ]);
    expect([rows[0]!["합계"], rows[1]!["합계"]]).toEqual([75000, ""]);
    // Tony deletes the copy (clears its row): the question goes, the order is billed once.
    const host = await openFile(file, new Date("2026-07-11T21:10:00+09:00"));
    const sheet = host.workbook.sheet("주문")!;
    sheet.write(3, 1, [sheet.readAll()[2]!.map(() => "")]);
    sync(host, RECONCILE);
    await host.workbook.save();
    rows = await xlsxRecords(file, "주문");
    expect(rows.filter((r) => r["주문자"])).toHaveLength(1);
    expect(rows[0]!["확인 필요"]).toBe("");
    // The same line corrected to 3 boxes, imported again: it joins that order, and is asked about.
    const corrected = await run(
      "import",
      bank("corrected.csv", [header, line.replace(/,2$/, ",3")].join("\n")),
      "--into",
      file,
      ...now,
    );
    expect(corrected.text).toContain("같은 주문이 두 번 있는 것 같은 줄 1개: 2번째 줄");
    rows = (await xlsxRecords(file, "주문")).filter((r) => r["주문자"]);
    expect(rows).toHaveLength(2);
    expect(rows[1]!["주문번호"]).toBe(rows[0]!["주문번호"]);
    expect(rows.map((r) => String(r["확인 필요"]).startsWith("같은 주문이 두 번 있는 것 같습니다"))).toEqual([
      true,
      true,
    ]);
    expect(rows[1]!["합계"]).toBe("");
    // The very same file again is still recognised as already there, never a third row.
    const again = await run("import", bank("twice2.csv", [header, line].join("\n")), "--into", file, ...now);
    expect(again.text).toContain("가져온 줄 0 · 이미 있던 줄 1");
  }, 60_000);

  it("10 · a hostile export: escape codes never reach the terminal, a screenful of candidates per deposit", async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      주문번호: `700-${String(100 + i)}`,
      주문자: `손님${String.fromCharCode(0xac00 + i * 28)}`,
      "주문자 연락처": `010-6000-${String(1000 + i)}`,
      받는분: "받는분",
      "받는분 연락처": "010-6000-9999",
      우편번호: "06236",
      주소: `서울 강남구 테헤란로 ${i + 1}`,
      품목: "백도 4.5kg",
      상자수: 1,
    }));
    const { file, bank } = await workbook(many);
    const hostile = csv23([
      ["거래일시", "구분", "거래금액", "거래 후 잔액", "거래구분", "내용", "메모"],
      [
        "2026.07.12 09:00:00",
        "입금",
        40000,
        1,
        "일반이체",
        "\u001b[2J\u001b]0;제목\u0007모르는\u001b[31m사람",
        "",
      ],
    ]);
    const result = await run(
      "import-payments",
      file,
      bank("hostile.csv", hostile),
      "--now",
      "2026-07-13T09:00:00+09:00",
    );
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    expect(result.text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.text).toContain("2줄 2026-07-12 09:00 모르는사람 40,000원: 맞는 주문이 없음");
    expect(result.text.split("\n").filter((l) => l.trim().startsWith("후보 700-"))).toHaveLength(8);
    expect(result.text).toContain("후보 4건 더 (모두 보려면 --json)");
  }, 60_000);
});
