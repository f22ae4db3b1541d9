/**
 * The order page through dist/Code.js in the emulator: doGet's order view, the form, the live
 * quote and placing orders as web-app executions (no active spreadsheet, no document lock),
 * the limits, twenty orders at once, and what an anonymous caller can and cannot reach.
 */
import type { AppsScriptEmulator } from "../emulator/appsScript";
import { at, demoInput, EVENTS, freshSpreadsheet, ORDERS, paste } from "./helpers";

interface Answer {
  ok: boolean;
  value?: Record<string, unknown> & { orderCode?: string; token?: string; total?: number };
  error?: string;
  errors?: { field: string; message: string }[];
}

const SETTINGS = "설정";

function setSetting(emu: AppsScriptEmulator, label: string, value: unknown): void {
  const row = emu.values(SETTINGS).findIndex((r) => r[0] === label) + 1;
  if (row < 1) throw new Error(`no setting ${label}`);
  emu.edit(SETTINGS, row, 2, [[value]]);
}

const web = (emu: AppsScriptEmulator, fn: string, args: unknown[] = []) =>
  emu.run(fn, args, "webapp").value as Answer;

const order = (i: number, over: Record<string, unknown> = {}) => ({
  orderer: { name: `주문자${i}`, phone: `010-5555-${String(1000 + i)}` },
  recipients: [
    {
      name: `받는분${i}`,
      phone: "010-2222-3333",
      postalCode: "06236",
      address: `서울특별시 강남구 테헤란로 ${i}`,
      item: "백도 4.5kg",
      boxes: 3,
    },
  ],
  memo: "",
  ...over,
});

function openShop(): AppsScriptEmulator {
  const emu = freshSpreadsheet();
  emu.now = at("2026-07-13T10:00:00+09:00");
  paste(emu, demoInput(6));
  setSetting(emu, "온라인 주문 받기", "예");
  return emu;
}

describe("the order page on Apps Script", () => {
  it("is off until Tony switches it on, and then serves the form", () => {
    const emu = freshSpreadsheet();
    const page = emu.run("doGet", [{ parameter: { view: "order" } }], "webapp").value as {
      getContent(): string;
      getTitle(): string;
    };
    expect(page.getTitle()).toBe("복숭아 주문하기");
    expect(page.getContent()).toContain('content="https://script.google.com/macros/s/EMULATED/exec"');
    expect(web(emu, "getOrderForm").value).toMatchObject({ open: false, items: [] });
    const before = emu.values(ORDERS).length;
    expect(web(emu, "placeOrder", [order(1)])).toMatchObject({
      ok: false,
      error: "지금은 온라인 주문을 받지 않습니다. 카카오톡으로 주문해 주세요",
    });
    expect(emu.values(ORDERS)).toHaveLength(before);
    setSetting(emu, "온라인 주문 받기", "예");
    const form = web(emu, "getOrderForm").value!;
    expect(form).toMatchObject({ open: true, maxRecipients: 10, maxBoxes: 50 });
    expect((form.items as { name: string }[]).map((i) => i.name)).toContain("백도 4.5kg");
    const status = emu.run("doGet", [{ parameter: {} }], "webapp").value as { getContent(): string };
    expect(status.getContent()).toContain(
      'href="https://script.google.com/macros/s/EMULATED/exec?view=order"',
    );
  });

  it("quotes with the sheet's fee per place and the ship date if paid now", () => {
    const emu = openShop();
    const quote = web(emu, "quoteOrder", [order(1)]);
    expect(quote.ok).toBe(true);
    expect(quote.value).toMatchObject({ goods: 105000, shippingFee: 10000, total: 115000 });
    expect(quote.value!.earliestShipDate).toBe("2026-07-14");
    expect(quote.value!.shipDateText).toContain("오늘 입금하시면 7월 14일 (화) 출하 예정");
    // Typing on the page: a warm quote reads no sheet (settings and the capacity queue are cached).
    expect(emu.run("quoteOrder", [order(2)], "webapp").roundTrips).toBe(0);
    const bad = web(emu, "quoteOrder", [order(1, { orderer: { name: "", phone: "12" } })]);
    expect(bad.errors!.map((e) => e.field)).toEqual(["orderer.name", "orderer.phone"]);
  });

  it("places an order: rows appended as text, 접수 from the web, 이력, messages, the status link", () => {
    const emu = openShop();
    const hostile = "=<img src=x onerror=alert(1)>";
    const before = emu.values(ORDERS);
    const placed = web(emu, "placeOrder", [
      order(7, { orderer: { name: hostile, phone: "01055551007" }, memo: "+경비실" }),
    ]);
    expect(placed.ok).toBe(true);
    const { orderCode, token, total } = placed.value!;
    expect(total).toBe(115000);
    expect(emu.values(ORDERS).slice(0, before.length)).toEqual(before); // nothing else touched
    const rows = emu.records(ORDERS).filter((r) => r["주문번호"] === orderCode);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      주문자: hostile,
      "주문자 연락처": "010-5555-1007",
      진행상태: "접수",
      입금상태: "미입금",
      "주문 경로": "웹",
      메모: "+경비실",
      합계: 115000,
      조회토큰: token,
    });
    const events = emu.records(EVENTS).filter((e) => e["주문번호"] === orderCode);
    expect(events.map((e) => [e["누가"], e["사건"], e["내용"]])).toEqual([["고객", "접수", "웹 주문"]]);
    const lookup = web(emu, "lookupByToken", [token]) as unknown as { ok: boolean; view: { total: string } };
    expect(lookup.ok).toBe(true);
    expect(lookup.view.total).toBe("115,000원");
    const due = emu.openPage("showMessages")("getDueMessages") as {
      messages: { orderCode: string; kind: string }[];
    };
    expect(due.messages.filter((m) => m.orderCode === orderCode).map((m) => m.kind)).toEqual([
      "paymentRequest",
    ]);
    // The reconcile finds nothing to redo on a web row.
    const snapshot = JSON.stringify(emu.records(ORDERS).filter((r) => r["주문번호"] === orderCode));
    emu.fireTimer("reconcile");
    expect(JSON.stringify(emu.records(ORDERS).filter((r) => r["주문번호"] === orderCode))).toBe(snapshot);
  });

  it("returns the first order for the same order twice, and holds the limits", () => {
    const emu = openShop();
    const first = web(emu, "placeOrder", [order(1)]);
    expect(web(emu, "placeOrder", [order(1)]).value!.orderCode).toBe(first.value!.orderCode);
    const samePhone = (n: number) => order(1, { recipients: [{ ...order(1).recipients[0], boxes: n }] });
    expect(web(emu, "placeOrder", [samePhone(1)]).ok).toBe(true);
    expect(web(emu, "placeOrder", [samePhone(2)]).ok).toBe(true);
    const fourth = web(emu, "placeOrder", [samePhone(4)]);
    expect(fourth.ok).toBe(false);
    expect(fourth.errors![0]!.field).toBe("orderer.phone");
    expect(web(emu, "placeOrder", [{ ...order(2), website: "http://spam" }]).ok).toBe(false);
    expect(web(emu, "placeOrder", [{ ...order(3), memo: "가".repeat(17_000) }]).ok).toBe(false);
    setSetting(emu, "웹 주문 10분당 최대", 3);
    expect(web(emu, "placeOrder", [order(5)])).toMatchObject({
      ok: false,
      error: "주문이 많아 잠시 후 다시 시도해 주세요",
    });
    emu.now = at("2026-07-13T10:11:00+09:00");
    expect(web(emu, "placeOrder", [order(5)]).ok).toBe(true);
    expect(emu.records(ORDERS).filter((r) => r["주문 경로"] === "웹")).toHaveLength(4);
  });

  it("refuses before payment a place bigger than any day can ship, and an invisible character (issue 23)", () => {
    const emu = openShop();
    setSetting(emu, "하루 기본 출하량(상자)", 5);
    const rows = emu.records(ORDERS).length;
    const big = order(1, {
      recipients: [{ ...order(1).recipients[0]!, boxes: 6 }],
    });
    for (const fn of ["quoteOrder", "placeOrder"]) {
      const answer = web(emu, fn, [big]);
      expect(answer.ok).toBe(false);
      expect(answer.errors).toEqual([
        {
          field: "recipients[0].boxes",
          message: "한 곳에 보내는 상자가 하루 출하량(5상자)보다 많습니다. 받는 곳을 나누어 주문해 주세요",
        },
      ]);
    }
    const backwards = web(emu, "placeOrder", [order(2, { memo: "\u202e요세두 에앞 문" })]);
    expect(backwards.errors?.map((e) => e.field)).toEqual(["memo"]);
    expect(emu.records(ORDERS)).toHaveLength(rows);
    // Five boxes fit a day: taken.
    expect(
      web(emu, "placeOrder", [order(3, { recipients: [{ ...order(3).recipients[0]!, boxes: 5 }] })]).ok,
    ).toBe(true);
  });

  it("issue 23 · 18: one recipient with two items: two rows, one shipment, one fee; the limits on the total", () => {
    const emu = openShop();
    const one = order(8).recipients[0]!;
    const twoItems = order(8, {
      recipients: [
        { ...one, item: "백도 4.5kg", boxes: 2 },
        { ...one, item: "황도 4.5kg", boxes: 1 },
      ],
    });
    // Goods 2 × 35,000 + 38,000; one fee on the recipient's 3 boxes.
    expect(web(emu, "quoteOrder", [twoItems]).value).toMatchObject({
      goods: 108000,
      shippingFee: 10000,
      total: 118000,
      places: [{ recipients: [0, 1], boxes: 3, shippingFee: 10000 }],
    });
    const placed = web(emu, "placeOrder", [twoItems]);
    expect(placed.value!.total).toBe(118000);
    emu.fireTimer("reconcile");
    const rows = emu.records(ORDERS).filter((r) => r["주문번호"] === placed.value!.orderCode);
    expect(rows.map((r) => [r["받는분"], r["주소"], r["품목"], r["상자수"]])).toEqual([
      ["받는분8", "서울특별시 강남구 테헤란로 8", "백도 4.5kg", 2],
      ["받는분8", "서울특별시 강남구 테헤란로 8", "황도 4.5kg", 1],
    ]);
    // The sheet reads them as one shipment: its amounts add up to the quote, and no row is held.
    expect(rows.reduce((sum, r) => sum + Number(r["합계"]), 0)).toBe(118000);
    expect(rows.map((r) => r["확인 필요"])).toEqual(["", ""]);
    expect(
      (web(emu, "lookupByToken", [placed.value!.token]) as unknown as { view: { total: string } }).view.total,
    ).toBe("118,000원");

    // 30 + 21 boxes: each line under 설정's 50, the recipient over it. One item twice: asked to merge.
    const over = order(9, {
      recipients: [
        { ...one, boxes: 30 },
        { ...one, item: "황도 4.5kg", boxes: 21 },
      ],
    });
    const twice = order(9, { recipients: [one, { ...one, boxes: 1 }] });
    const before = emu.records(ORDERS).length;
    for (const fn of ["quoteOrder", "placeOrder"]) {
      expect(web(emu, fn, [over]).errors!.map((e) => e.field)).toEqual([
        "recipients[0].boxes",
        "recipients[1].boxes",
      ]);
      expect(web(emu, fn, [twice]).errors).toEqual([
        {
          field: "recipients[1].item",
          message: "같은 분께 같은 품목이 두 줄 있습니다. 상자수를 한 줄에 합쳐 주세요",
        },
      ]);
    }
    expect(emu.records(ORDERS)).toHaveLength(before);
  });

  it("takes twenty orders at once, interleaved: each lands once, with distinct codes", () => {
    const emu = openShop();
    setSetting(emu, "웹 주문 10분당 최대", 100);
    const answers: Answer[] = [];
    const place = (i: number): void => {
      // After 1 round trip the outer run is still reading; after 3 it holds the lock and appends
      // (the tab reads are one call each: Sheet.getSheetValues; the tabs are found by A1 handles,
      // no call, since issue 22).
      if (i + 1 < 20) emu.interleave(i % 2 === 0 ? 3 : 1, () => place(i + 1));
      answers[i] = web(emu, "placeOrder", [order(i)]);
    };
    place(0);
    expect(Array.from({ length: 20 }, (_, i) => answers[i]?.ok)).toEqual(Array(20).fill(true));
    const codes = answers.map((a) => a.value!.orderCode);
    expect(new Set(codes).size).toBe(20);
    const pendingBefore = Object.keys(emu.scriptProperties.all()).filter((k) => k.includes("pending"));
    expect(pendingBefore.length).toBeGreaterThan(0); // some found the lock busy and wait
    emu.fireTimer("reconcile");
    const web20 = emu.records(ORDERS).filter((r) => r["주문 경로"] === "웹");
    expect(web20.map((r) => r["주문번호"]).sort()).toEqual([...codes].sort());
    expect(Object.keys(emu.scriptProperties.all()).filter((k) => k.includes("pending"))).toEqual([]);
    emu.fireTimer("reconcile");
    expect(emu.records(ORDERS).filter((r) => r["주문 경로"] === "웹")).toHaveLength(20);
  });

  it("cancels an unpaid web order after the deadline, with 이력 and a message for Tony", () => {
    const emu = openShop();
    const placed = web(emu, "placeOrder", [order(9)]).value!;
    emu.now = at("2026-07-16T10:00:00+09:00");
    emu.fireTimer("reconcile");
    const row = emu.records(ORDERS).find((r) => r["주문번호"] === placed.orderCode)!;
    expect(row["진행상태"]).toBe("취소");
    const events = emu.records(EVENTS).filter((e) => e["주문번호"] === placed.orderCode);
    expect(events.map((e) => e["사건"])).toContain("입금 기한 지남");
    const due = emu.openPage("showMessages")("getDueMessages") as {
      messages: { orderCode: string; kind: string; text: string }[];
    };
    const message = due.messages.find((m) => m.orderCode === placed.orderCode)!;
    expect(message.kind).toBe("expired");
    expect(message.text).toContain("3일 안에 입금이 확인되지 않아 취소");
  });

  it("gives an anonymous caller nothing of anyone else's, whatever it sends", () => {
    const emu = openShop();
    const others = emu.records(ORDERS);
    const secrets = others
      .flatMap((r) => [r["주문자"], r["주문자 연락처"], r["조회토큰"], r["주소"]])
      .map(String);
    const hostile: unknown[] = [
      null,
      [],
      "x",
      { orderer: "__proto__" },
      { orderer: { name: { toString: 1 } }, recipients: "all" },
      { recipients: Array.from({ length: 500 }, () => ({})) },
      order(1, { recipients: [{ ...order(1).recipients[0], boxes: 51 }] }),
    ];
    for (const input of hostile) {
      for (const fn of ["quoteOrder", "placeOrder"]) {
        const text = JSON.stringify(web(emu, fn, [input]));
        expect(JSON.parse(text).ok).toBe(false);
        for (const s of secrets) expect(text).not.toContain(s);
      }
    }
    const text = JSON.stringify([web(emu, "quoteOrder", [order(1)]), web(emu, "placeOrder", [order(1)])]);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(emu.records(ORDERS).slice(0, others.length)).toEqual(others);
  });
});
