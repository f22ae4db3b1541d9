import { whyStopped } from "../../app/sync";
import { prepareSms, type HttpAnswer, type SmsReport } from "../../app/sms";
import type { HeldOrder } from "../../app/messages";
import { formatWon } from "../../domain/pricing";
import { WorkbookFileError } from "../../local/xlsx";
import { syncFile, withWorkbook } from "../files";
import { envGateway, post } from "../solapi";
import { NOW_OPTION, demoClock, flag, nowOption, stringOption } from "./args";
import type { Command } from "./types";

export const sendMessages: Command = {
  name: "send-messages",
  summary: "보낼 메시지를 솔라피 문자로 보냅니다 (설정 '문자 자동 발송')",
  usage: "peach-orders send-messages <파일.xlsx> [--dry-run] [--now 시각] [--json]",
  description:
    "'보낼 메시지'에 나오는 메시지를 주문자 휴대전화로(설정 '발송 안내 받는 분에게도'가 예이면 발송 안내는 받는 분에게도) 문자(90바이트까지 SMS, 넘으면 LMS)로 보내고, 솔라피가 받은 것만 이력에 '보냄'(누가: 문자)으로 남깁니다.\n" +
    "  못 보낸 메시지는 오류 탭에 이유와 함께 남기고 다음에 다시 보냅니다. 밤 9시–아침 8시에는 보내지 않고, 설정 '문자 하루 최대'를 넘지 않습니다.\n" +
    "  열쇠는 환경 변수 SOLAPI_API_KEY, SOLAPI_API_SECRET에서 읽습니다 (파일에 적지 않습니다). PEACH_SOLAPI_URL은 솔라피 주소를 바꿉니다.\n" +
    "  --dry-run   보낼 것만 보여 주고 아무것도 보내거나 적지 않습니다\n" +
    "  --now 시각   시각을 고정합니다 (예: 2026-07-13T09:00+09:00)\n" +
    '  --json      결과를 JSON 한 줄로 냅니다: {"sent":N,"failed":N,"skipped":[{"reason",…}],"costKrw":N}',
  examples: [
    "peach-orders send-messages 주문.xlsx --dry-run",
    "SOLAPI_API_KEY=열쇠 SOLAPI_API_SECRET=비밀 peach-orders send-messages 주문.xlsx",
    "peach-orders send-messages 주문.xlsx --dry-run --json",
  ],
  options: { "dry-run": { type: "boolean" }, ...NOW_OPTION, json: { type: "boolean" } },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const dryRun = flag(args, "dry-run");
    const gateway = envGateway();
    let exitCode = 0;
    const demo = stringOption(args, "now") === undefined ? demoClock(path, io) : null;
    await withWorkbook(
      path,
      "send-messages",
      demo ?? (stringOption(args, "now") === undefined ? new Date() : nowOption(args)),
      async (host) => {
        const result = await syncFile(host);
        if (!result) throw new WorkbookFileError(`메시지를 만들 수 없습니다: ${whyStopped(host).message}`);
        const held: HeldOrder[] = [];
        const sendable = result.settings.smsSending === "solapi";
        if (!dryRun && sendable && demo) {
          // Real texts go at the real time: the demo's morning would judge night hours wrongly.
          io.err("데모 시각으로는 문자를 보내지 않습니다: --dry-run으로 보거나 --now로 시각을 주세요");
          exitCode = 2;
          return;
        }
        if (!dryRun && sendable && !gateway.credentials) {
          io.err(
            "솔라피 열쇠가 없습니다: 환경 변수 SOLAPI_API_KEY와 SOLAPI_API_SECRET을 정해 주세요 (아무것도 보내지 않았습니다)",
          );
          exitCode = 2;
          return;
        }
        const run = prepareSms(
          host,
          result.settings,
          dryRun ? { ...gateway, credentials: null } : gateway,
          undefined,
          held,
        );
        let report: SmsReport;
        if (dryRun) {
          report = {
            sent: [],
            failed: [],
            waiting: run.plan.waiting,
            costKrw: 0,
            todayCostKrw: run.todayCostKrw,
            sentToday: run.sentToday,
            held: run.plan.held,
          };
        } else {
          const answers: HttpAnswer[] = [];
          for (const request of run.requests) answers.push(await post(request));
          report = run.finish(answers);
          if (run.requests.length > 0) await host.workbook.save();
        }
        const wouldSend = dryRun ? run.plan.send : [];
        if (flag(args, "json")) {
          io.out(
            JSON.stringify({
              sent: report.sent.length,
              failed: report.failed.length,
              skipped: [
                ...report.waiting.map((w) => ({
                  reason: w.reason,
                  orderCode: w.orderCode,
                  label: w.label,
                  id: w.id,
                })),
                ...report.failed.map((f) => ({
                  reason: f.reason,
                  orderCode: f.orderCode,
                  label: f.label,
                  id: f.id,
                })),
              ],
              costKrw: report.costKrw,
              todayCostKrw: report.todayCostKrw,
              ...(dryRun
                ? {
                    dryRun: true,
                    wouldSend: wouldSend.map((m) => ({
                      id: m.id,
                      orderCode: m.orderCode,
                      label: m.label,
                      type: m.type,
                    })),
                  }
                : {}),
            }),
          );
          return;
        }
        for (const m of wouldSend) io.out(`보낼 것: ${m.orderCode} ${m.label} (${m.type})`);
        for (const m of report.sent) io.out(`보냄: ${m.orderCode} ${m.label} (${m.type})`);
        for (const f of report.failed) io.out(`못 보냄: ${f.orderCode} ${f.label}: ${f.reason}`);
        for (const w of report.waiting) io.out(`기다림: ${w.orderCode} ${w.label}: ${w.reason}`);
        if (report.held) io.err(report.held);
        io.out(
          dryRun
            ? `미리 보기: ${wouldSend.length}건을 보낼 수 있습니다. 아무것도 보내지 않았습니다`
            : `문자 ${report.sent.length}건 보냄, ${report.failed.length}건 못 보냄 (다음에 다시), ${report.waiting.length}건 기다림 · 이번 ${formatWon(report.costKrw)}, 오늘 ${formatWon(report.todayCostKrw)}`,
        );
      },
    );
    return { code: exitCode };
  },
};
