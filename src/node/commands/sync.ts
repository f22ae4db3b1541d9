import { sync as reconcile, whyStopped } from "../../app/sync";
import { RECONCILE } from "../../local/demo";
import { tab } from "../../templates";
import { syncJson, withWorkbook } from "../files";
import { attentionLines } from "../format";
import { longWork } from "./progress";
import { NOW_OPTION, clockOption, flag } from "./args";
import type { Command } from "./types";
import { withJournal } from "../webOrders";

export const sync: Command = {
  name: "sync",
  summary: "구글 시트의 자동 점검과 같은 정리를 합니다",
  usage: "peach-orders sync <파일.xlsx> [--now 시각] [--json]",
  description:
    "주문번호·금액·출하일을 정리하고 오늘 출하, 출하 일정, 이력, 오류 탭을 고칩니다. 확인이 필요한 줄을 행·열·이유로 보여 줍니다.\n" +
    "  --now 시각  시각을 고정합니다 (예: 2026-07-13T09:00+09:00)\n" +
    "  --json     결과를 JSON 한 줄로 냅니다 (docs/cli.md)",
  examples: ["peach-orders sync 주문.xlsx", "peach-orders sync 주문.xlsx --json > 결과.json"],
  options: { ...NOW_OPTION, json: { type: "boolean" } },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const bar = longWork(io);
    bar(0, "파일을 읽는 중");
    await withWorkbook(path, "sync", clockOption(args, path, io), async (host) => {
      bar.rows = (host.workbook.sheet(tab("orders").name)?.readAll().length ?? 0) - 1;
      bar(0.4, "정리하는 중");
      // Web orders kept in the journal while the file was open in Excel go in first.
      const result = await withJournal(host, path, async () => {
        const synced = reconcile(host, RECONCILE);
        bar(0.8, "저장하는 중");
        await host.workbook.save();
        return synced;
      });
      bar(1, "끝");
      if (flag(args, "json")) {
        io.out(JSON.stringify(syncJson(result, result ? null : whyStopped(host))));
      } else if (result) {
        const flagged = result.rows.filter((s) => s.problems.length > 0).length;
        io.out(
          `정리했습니다: ${result.rows.length}줄, 출하예정 ${result.rows.filter((s) => s.shipDate).length}건, 확인이 필요한 줄 ${flagged}줄`,
        );
        for (const line of attentionLines(result)) io.out(line);
      } else {
        io.err(`계산하지 못했습니다: ${whyStopped(host).message} (오류 탭에도 적었습니다)`);
      }
    });
    return { code: 0 };
  },
};
