/**
 * The provider's answers read by src/app/sms.ts, as a hostile or odd provider could write them
 * (issue 24, safety): an answer echoing the key and the secret never puts them in 오류, 이력 or
 * the report; a failure naming the number internationally (+82 10-…) fails that message; a
 * failure naming a number the request did not hold fails the whole request, so no message is
 * marked sent that may not have gone; and a message the provider answered for is tried
 * SMS_MAX_TRIES times, then left to Tony (no request texted again all season).
 */
import { createHmac } from "node:crypto";
import { prepareSms, type HttpAnswer, type SmsGateway } from "../src/app/sms";
import { loadSmallTabs } from "../src/app/smallTabs";
import { DEMO_MORNING, demoHost } from "../src/local/demo";
import type { Settings } from "../src/domain/schemas";
import { SMS_MAX_TRIES, SMS_REASON } from "../src/domain/sms";

const KEY = "NCSHOSTILEKEY42";
const SECRET = "HOSTILESECRETabcdef0123456789";
const gateway: SmsGateway = {
  credentials: { apiKey: KEY, apiSecret: SECRET },
  baseUrl: "https://api.example",
  hmacSha256Hex: (key, data) => createHmac("sha256", key).update(data).digest("hex"),
};
const OK: HttpAnswer = {
  status: 200,
  body: JSON.stringify({ groupInfo: { count: {} }, failedMessageList: [] }),
};

function sendingDay() {
  const host = demoHost();
  host.clock.now = DEMO_MORNING;
  const loaded = loadSmallTabs(host, true).settings;
  if (!loaded.ok) throw new Error(loaded.error);
  const settings: Settings = {
    ...loaded.value,
    smsSending: "solapi",
    smsFrom: "010-2468-1357",
    paymentInstructions: "카카오뱅크 3333-01-2345678 (예금주 토니)",
  };
  const run = prepareSms(host, settings, gateway);
  expect(run.requests.length).toBeGreaterThan(0);
  const smsLines = () =>
    (host.workbook.sheet("이력")!.readAll() as unknown[][]).filter(
      (r) => r[1] === "문자" && r[4] === "메시지 보냄",
    );
  return { host, run, settings, smsLines };
}

describe("the provider's answers, read with suspicion", () => {
  it("never writes the key or the secret, even when the provider's answer or the network's error echoes them", () => {
    const { host, run } = sendingDay();
    const answers: HttpAnswer[] = run.requests.map((_, i) =>
      i % 2 === 0
        ? {
            status: 403,
            body: JSON.stringify({
              errorCode: "SignatureDoesNotMatch",
              errorMessage: `apiKey=${KEY}, secret=${SECRET}`,
            }),
          }
        : { error: `connect ECONNREFUSED https://${KEY}:${SECRET}@api.example` },
    );
    const report = run.finish(answers);
    expect(report.sent).toEqual([]);
    expect(report.failed.length).toBeGreaterThan(0);
    const written = JSON.stringify([
      report,
      host.workbook.sheet("오류")!.readAll(),
      host.workbook.sheet("이력")!.readAll(),
    ]);
    expect(written).toContain("SignatureDoesNotMatch"); // the provider's reason is kept for Tony…
    expect(written).not.toContain(KEY); // …without the key
    expect(written).not.toContain(SECRET);
  });

  it("fails the message whose number the answer writes internationally (+82 10-…), and only that one", () => {
    const { run, smsLines } = sendingDay();
    const [first, ...rest] = run.requests;
    const victim = first!.messages[0]!;
    const intl = `+82 ${victim.to.slice(1, 3)}-${victim.to.slice(3, -4)}-${victim.to.slice(-4)}`;
    const report = run.finish([
      {
        status: 200,
        body: JSON.stringify({
          groupInfo: { count: {} },
          failedMessageList: [{ to: intl, statusCode: "3059", statusMessage: "수신 거부" }],
        }),
      },
      ...rest.map(() => OK),
    ]);
    expect(report.failed.map((f) => f.id)).toEqual([victim.id]);
    expect(report.sent.map((m) => m.id)).not.toContain(victim.id);
    expect(smsLines().some((r) => String(r[7]).includes(victim.id))).toBe(false);
    expect(smsLines()).toHaveLength(report.sent.length); // the others are marked, by 문자
    expect(report.failed[0]!.numberRefused).toBe(true);
  });

  it("fails the whole request when the answer names a number the request did not hold", () => {
    const { run, smsLines } = sendingDay();
    const [first, ...rest] = run.requests;
    const held = new Set(first!.messages.map((m) => m.to));
    const stranger = ["01099990000", "01099990001", "01099990002"].find((n) => !held.has(n))!;
    const report = run.finish([
      {
        status: 200,
        body: JSON.stringify({
          groupInfo: { count: {} },
          failedMessageList: [{ to: stranger, statusCode: "1062", statusMessage: "수신번호 형식 오류" }],
        }),
      },
      ...rest.map(() => OK),
    ]);
    const firstIds = new Set(first!.messages.map((m) => m.id));
    expect(report.sent.filter((m) => firstIds.has(m.id))).toEqual([]);
    expect(report.failed.filter((f) => firstIds.has(f.id))).toHaveLength(firstIds.size);
    expect(smsLines().filter((r) => [...firstIds].some((id) => String(r[7]).includes(id)))).toEqual([]);
  });

  it("tries a message the provider answered for three times, then leaves it to Tony; an outage does not count", () => {
    const { host, run, settings } = sendingDay();
    const target = run.requests[0]!.messages[0]!;
    const strangerFailure = (): HttpAnswer => ({
      status: 200,
      body: JSON.stringify({
        groupInfo: { count: {} },
        failedMessageList: [{ to: "01099990009", statusCode: "3059", statusMessage: "?" }],
      }),
    });
    const attempt = (answer: (r: { messages: { id: string }[] }) => HttpAnswer) => {
      const next = prepareSms(host, settings, gateway);
      next.finish(next.requests.map((r) => (r.messages.some((m) => m.id === target.id) ? answer(r) : OK)));
      return next;
    };
    // The first run's answer, then an outage (no answer, a 500): those sent nothing and do not count.
    run.finish(run.requests.map((r, i) => (i === 0 ? strangerFailure() : OK)));
    attempt(() => ({ status: 500, body: "{}" }));
    attempt(() => ({ error: "timeout" }));
    expect(prepareSms(host, settings, gateway).plan.send.map((m) => m.id)).toContain(target.id);
    attempt(strangerFailure);
    attempt(strangerFailure); // the third answered failure
    const after = prepareSms(host, settings, gateway);
    expect(after.plan.send.map((m) => m.id)).not.toContain(target.id);
    expect(after.plan.waiting.find((w) => w.id === target.id)?.reason).toBe(SMS_REASON.gaveUp);
    const tries = (host.workbook.sheet("이력")!.readAll() as unknown[][]).filter(
      (r) => r[4] === "문자 못 보냄" && String(r[7]).endsWith(target.id),
    );
    expect(tries).toHaveLength(SMS_MAX_TRIES);
  });
});
