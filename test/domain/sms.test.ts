import fc from "fast-check";
import { seoulInstant } from "../../src/domain/clock";
import { shippedToRecipientMessage } from "../../src/domain/messages";
import type { Settings } from "../../src/domain/schemas";
import {
  eucKrBytes,
  inQuietHours,
  planSms,
  recipientTargets,
  failedTries,
  smsBatches,
  smsDetail,
  smsNumber,
  smsTypeInDetail,
  smsTypeOf,
  SMS_REASON,
  SMS_NEXT,
  SMS_NO_KEY,
  smsFailureReason,
  smsStatuses,
  type SmsCandidate,
  type SmsSettings,
} from "../../src/domain/sms";

const ON: SmsSettings = { smsSending: "solapi", smsFrom: "010-2468-1357", smsDailyMax: 200 };
const NOON = seoulInstant("2026-07-13", 12 * 3_600_000);
const candidate = (i: number, over: Partial<SmsCandidate> = {}): SmsCandidate => ({
  id: `660-${i}:paymentRequest:1`,
  orderCode: `660-${i}`,
  label: "입금 요청",
  text: "입금 부탁드립니다",
  phone: `010-1234-${String(1000 + i).slice(-4)}`,
  ...over,
});

describe("SMS or LMS by EUC-KR bytes", () => {
  it("counts Hangul as 2 bytes and ASCII as 1", () => {
    expect(eucKrBytes("abc")).toBe(3);
    expect(eucKrBytes("복숭아")).toBe(6);
    expect(eucKrBytes("택배 5,000원")).toBe(12);
  });

  it("is SMS up to 90 bytes, LMS up to 2,000, nothing beyond", () => {
    expect(smsTypeOf("가".repeat(45))).toBe("SMS");
    expect(smsTypeOf("가".repeat(45) + "a")).toBe("LMS");
    expect(smsTypeOf("a".repeat(90))).toBe("SMS");
    expect(smsTypeOf("가".repeat(1000))).toBe("LMS");
    expect(smsTypeOf("가".repeat(1001))).toBeNull();
  });

  it("property: the type follows the byte count, and adding text never turns LMS into SMS", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ maxLength: 50 }), (a, b) => {
        const type = smsTypeOf(a);
        expect(type === "SMS").toBe(eucKrBytes(a) <= 90);
        if (type === "LMS") expect(smsTypeOf(a + b)).not.toBe("SMS");
        expect(eucKrBytes(a + b)).toBe(eucKrBytes(a) + eucKrBytes(b));
      }),
    );
  });
});

describe("quiet hours, Seoul time", () => {
  it.each([
    ["07:59", true],
    ["08:00", false],
    ["20:59", false],
    ["21:00", true],
    ["22:30", true],
    ["00:00", true],
  ])("%s is quiet: %s", (time, quiet) => {
    const [h, m] = time.split(":").map(Number) as [number, number];
    expect(inQuietHours(seoulInstant("2026-07-13", (h * 60 + m) * 60_000))).toBe(quiet);
  });

  it("property: nothing is ever planned between 21:00 and 08:00", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.nat(20), (minute, n) => {
        const now = seoulInstant("2026-07-13", minute * 60_000);
        const plan = planSms(
          Array.from({ length: n }, (_, i) => candidate(i)),
          ON,
          now,
          0,
        );
        const hour = Math.floor(minute / 60);
        if (hour >= 21 || hour < 8) {
          expect(plan.send).toEqual([]);
          if (n > 0) expect(plan.held).toBe(SMS_REASON.night);
        } else expect(plan.send).toHaveLength(n);
      }),
    );
  });
});

describe("phone numbers", () => {
  it("sends to mobile numbers as digits only, never to one that failed validation or a landline", () => {
    expect(smsNumber("010-1234-5678")).toBe("01012345678");
    expect(smsNumber("+82 10 1234 5678")).toBe("01012345678");
    expect(smsNumber("1012345678")).toBe("01012345678");
    expect(smsNumber("02-123-4567")).toBeNull();
    expect(smsNumber("전화 안 받음")).toBeNull();
    expect(smsNumber("")).toBeNull();
  });
});

describe("planSms", () => {
  it("property: every candidate is sent or waits with a reason, never both, the day's maximum kept", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            blocked: fc.boolean(),
            unverified: fc.boolean(),
            badPhone: fc.boolean(),
            long: fc.boolean(),
          }),
          { maxLength: 30 },
        ),
        fc.nat(10),
        fc.nat(12),
        (shapes, max, sentToday) => {
          const candidates = shapes.map((s, i) =>
            candidate(i, {
              ...(s.blocked ? { blocked: true } : {}),
              ...(s.unverified ? { unverified: true } : {}),
              ...(s.badPhone ? { phone: "02-123-4567" } : {}),
              ...(s.long ? { text: "가".repeat(60) } : {}),
            }),
          );
          const plan = planSms(candidates, { ...ON, smsDailyMax: max }, NOON, sentToday);
          const ids = [...plan.send.map((m) => m.id), ...plan.waiting.map((w) => w.id)].sort();
          expect(ids).toEqual(candidates.map((c) => c.id).sort());
          expect(plan.send.length).toBeLessThanOrEqual(Math.max(0, max - sentToday));
          for (const m of plan.send) {
            const c = candidates.find((x) => x.id === m.id)!;
            expect(c.blocked).toBeFalsy();
            expect(c.unverified).toBeFalsy(); // never a text to a number only a visitor typed
            expect(m.to).toMatch(/^01\d+$/);
            expect(m.type).toBe(smsTypeOf(c.text));
          }
          for (const w of plan.waiting) expect(w.reason).not.toBe("");
        },
      ),
    );
  });

  it("sends the oldest first when the day's maximum cuts the list, and says the rest wait", () => {
    const plan = planSms(
      [1, 2, 3, 4].map((i) => candidate(i)),
      { ...ON, smsDailyMax: 5 },
      NOON,
      3,
    );
    expect(plan.send.map((m) => m.orderCode)).toEqual(["660-1", "660-2"]);
    expect(plan.waiting.map((w) => w.reason)).toEqual([SMS_REASON.dailyMax(5), SMS_REASON.dailyMax(5)]);
    expect(plan.held).toBe(SMS_REASON.dailyMax(5));
  });

  it("sends nothing when off, paused, or without a sender number", () => {
    for (const settings of [
      { ...ON, smsSending: "off" as const },
      { ...ON, smsSending: "paused" as const },
      { ...ON, smsFrom: "" },
    ]) {
      const plan = planSms([candidate(1)], settings, NOON, 0);
      expect(plan.send).toEqual([]);
      expect(plan.waiting).toHaveLength(1);
    }
  });
});

describe("the shipping notice to recipients who are not the orderer (설정 발송 안내 받는 분에게도)", () => {
  it("goes once to each distinct recipient mobile that differs from the orderer's, compared as digits", () => {
    const targets = recipientTargets("010-1111-2222", [
      "01011112222", // the orderer, written otherwise: covered by the orderer's own notice
      "010-3333-4444",
      "010 3333 4444", // the same recipient's second address: one notice
      "02-123-4567", // a landline: no text
      "010-12", // failed validation: never
      "1055556666", // a mobile read as a number (its 0 eaten): still theirs
    ]);
    expect(targets).toEqual([
      { to: "01033334444", recipients: [1, 2] },
      { to: "01055556666", recipients: [5] },
    ]);
    // An orderer whose cell lost its 0 is still the orderer.
    expect(recipientTargets(1011112222, ["010-1111-2222"])).toEqual([]);
    // A cell with two numbers, or the international form, is still the orderer's (review finding).
    expect(recipientTargets("010 1111 2222 / 02-123-4567", ["010-1111-2222"])).toEqual([]);
    expect(recipientTargets("82-10-1111-2222", ["010-1111-2222"])).toEqual([]);
    expect(recipientTargets("+82 10-1111-2222", ["01011112222"])).toEqual([]);
    expect(recipientTargets("+82 10-1111-2222", ["010-3333-4444"])).toEqual([
      { to: "01033334444", recipients: [0] },
    ]);
  });

  it("property: distinct valid mobiles, never the orderer's, every other recipient mobile covered once", () => {
    const mobile = fc
      .tuple(
        fc.constantFrom("010", "011", "016"),
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1000, max: 9999 }),
      )
      .map(([a, b, c]) => `${a}${b}${c}`);
    const written = (digits: string, style: number) =>
      style === 0
        ? digits
        : style === 1
          ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`
          : `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
    const phone = fc.oneof(
      fc.tuple(mobile, fc.nat(2)).map(([d, s]) => written(d, s)),
      fc.constantFrom("02-123-4567", "010-12", "", "전화 없음", "+1 555 0100"),
    );
    fc.assert(
      fc.property(
        mobile,
        fc.nat(2),
        fc.array(fc.oneof(phone, fc.constant("ORDERER")), { maxLength: 12 }),
        (o, style, list) => {
          const orderer = written(o, style);
          const phones = list.map((p, i) => (p === "ORDERER" ? written(o, i % 3) : p));
          const targets = recipientTargets(orderer, phones);
          const tos = targets.map((t) => t.to);
          expect(new Set(tos).size).toBe(tos.length);
          for (const t of targets) {
            expect(t.to).toMatch(/^01[016789]\d{7,8}$/);
            expect(t.to).not.toBe(o);
            for (const i of t.recipients) expect(smsNumber(phones[i])).toBe(t.to);
          }
          const covered = targets.flatMap((t) => t.recipients).sort((a, b) => a - b);
          const expected = phones
            .map((p, i) => [smsNumber(p), i] as const)
            .filter(([to]) => to !== null && to !== o)
            .map(([, i]) => i);
          expect(covered).toEqual(expected);
        },
      ),
    );
  });

  it("tells the recipient their own parcels and tracking pages, never the order's link or amounts", () => {
    const text = shippedToRecipientMessage(
      {
        ordererName: "김토니",
        shipments: [
          {
            recipientName: "이영희",
            item: "백도 4.5kg",
            boxes: 2,
            goods: 70_000,
            shippingFee: 5_000,
            total: 75_000,
            shipDate: "2026-07-13",
            courier: "CJ대한통운",
            trackingNumber: "600012345678",
          },
        ],
      },
      { sellerName: "투투농원" } as Settings,
    );
    expect(text).toContain("[투투농원] 이영희님, 김토니님이 보내신 복숭아가 출발했습니다.");
    expect(text).toContain("백도 4.5kg 2상자");
    expect(text).toContain("trace.cjlogistics.com");
    expect(text).not.toMatch(/\d원|주문 확인|\?t=/);
  });
});

describe("requests never name one number twice", () => {
  it("property: batches hold every message once, each number at most once per batch", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("010a", "010b", "010c"), { maxLength: 20 }), (tos) => {
        const messages = tos.map((to, i) => ({ to, i }));
        const batches = smsBatches(messages);
        expect(
          batches
            .flat()
            .map((m) => m.i)
            .sort((a, b) => a - b),
        ).toEqual(messages.map((m) => m.i));
        for (const b of batches) expect(new Set(b.map((m) => m.to)).size).toBe(b.length);
      }),
    );
  });
});

it("이력's 내용 tells a message sent by text from one marked by hand", () => {
  expect(smsTypeInDetail(smsDetail("LMS", "660-551:shipped:1"))).toBe("LMS");
  expect(smsTypeInDetail("660-551:shipped:1")).toBeNull();
});

describe("what the messages page says of each message", () => {
  const settings = { smsSending: "solapi" as const, smsFrom: "010-2468-1357", smsDailyMax: 1 };
  const c = (id: string, phone = "010-1111-2222") => ({
    id,
    orderCode: "660-1",
    label: "입금 요청",
    text: "안녕",
    phone,
  });
  const noon = new Date("2026-07-11T12:00:00+09:00");

  it("next, waiting for the day's maximum or a number, failed with a Korean reason", () => {
    const plan = planSms([c("a"), c("b"), c("x", "02-123-4567")], settings, noon, 0);
    const failures = new Map([["a", '솔라피가 이 메시지를 받지 않았습니다 (3059 "BlockedNumber")']]);
    const statuses = smsStatuses(plan, failures, true);
    expect(statuses.get("a")).toEqual({
      state: "failed",
      reason: "솔라피가 이 번호로 보내지 않았습니다 (자세한 이유는 오류 탭). 다음 발송 때 다시 보냅니다",
    });
    expect(statuses.get("b")).toEqual({ state: "waiting", reason: SMS_REASON.dailyMax(1) });
    expect(statuses.get("x")!.reason).toBe(SMS_REASON.badPhone);
    expect(smsStatuses(plan, new Map(), true).get("a")).toEqual({ state: "next", reason: SMS_NEXT });
    expect(smsStatuses(plan, new Map(), false).get("a")).toEqual({ state: "waiting", reason: SMS_NO_KEY });
  });

  it("never repeats the provider's words", () => {
    const raws = [
      "솔라피에 연결하지 못했습니다: ECONNREFUSED",
      "솔라피가 받지 않았습니다 (HTTP 403 SignatureDoesNotMatch: bad)",
      "솔라피가 받지 않았습니다 (HTTP 500 InternalError: oops)",
      "솔라피가 받지 않았습니다 (HTTP 400 NotEnoughBalance: 잔액 부족)",
      "솔라피의 답을 읽을 수 없습니다 (HTTP 200)",
    ];
    const reasons = raws.map(smsFailureReason);
    expect(new Set(reasons).size).toBe(raws.length);
    for (const r of reasons) {
      expect(r).not.toMatch(/[A-Za-z]{4,}|HTTP|\d{3}/);
      expect(r).toMatch(/다음 발송 때 다시 보냅니다$/);
    }
  });

  it("an old failure is not shown once sending is off", () => {
    const plan = planSms([c("a")], { ...settings, smsSending: "off" }, noon, 0);
    expect(smsStatuses(plan, new Map([["a", "x"]]), true).get("a")!.state).toBe("waiting");
  });
});

describe("failed tries, from 이력", () => {
  it("counts each message's 문자 못 보냄 lines, and nothing else", () => {
    const line = (event: string, detail: string) => ({ event, detail });
    const tries = failedTries([
      line("문자 못 보냄", smsDetail("LMS", "660-551:paymentRequest:1")),
      line("문자 못 보냄", smsDetail("SMS", "660-551:paymentRequest:1")),
      line("메시지 보냄", smsDetail("LMS", "660-551:paymentRequest:1")),
      line("문자 못 보냄", smsDetail("LMS", "660-552:shipped:2")),
      line("문자 못 보냄", "손으로 적은 말"),
    ]);
    expect(Object.fromEntries(tries)).toEqual({ "660-551:paymentRequest:1": 2, "660-552:shipped:2": 1 });
  });
});
