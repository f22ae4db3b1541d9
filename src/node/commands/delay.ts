import { ALL_ITEMS, delayHarvest, MAX_DELAY_DAYS } from "../../app/delay";
import { koreanDate } from "../../domain/clock";
import { withWorkbook } from "../files";
import { withJournal } from "../webOrders";
import { NOW_OPTION, clockOption, flag, stringOption } from "./args";
import type { Command } from "./types";

export const delay: Command = {
  name: "delay",
  summary: "비나 추위로 수확이 늦어질 때 그 품목의 출하일을 미룹니다",
  usage: "peach-orders delay <파일.xlsx> --item <품목|전체> --days N [--reason 텍스트] [--now 시각] [--json]",
  description:
    "설정의 수확 기간을 오늘부터 N일 뒤로 옮기고, 아직 수확하지 않은 그 품목의 출하일을 입금 순서대로 N일 이상 미룹니다. 바뀐 주문마다 이력에 출하일 변경(이유와 함께)이 남고, 고객 메시지가 준비됩니다.\n" +
    `  --item 품목   설정의 품목 이름 (예: 황도, 황도 4.5kg) 또는 ${ALL_ITEMS}\n` +
    `  --days N     미룰 날수 (1–${MAX_DELAY_DAYS})\n` +
    "  --reason 텍스트  고객에게도 보이는 이유 (예: 비)\n" +
    "  --now 시각   시각을 고정합니다 (예: 2026-07-20T09:00+09:00)\n" +
    '  --json       {"moved":[{"orderCode","rowId","from","to"}],"waitlisted":[…]}',
  examples: [
    "peach-orders delay 주문.xlsx --item 황도 --days 3 --reason 비",
    `peach-orders delay 주문.xlsx --item ${ALL_ITEMS} --days 2 --reason "저온" --json`,
  ],
  options: {
    ...NOW_OPTION,
    item: { type: "string" },
    days: { type: "string" },
    reason: { type: "string" },
    json: { type: "boolean" },
  },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const item = stringOption(args, "item");
    const days = stringOption(args, "days");
    if (!item || !days) {
      io.err("--item 과 --days 를 적어 주세요 (예: --item 황도 --days 3)");
      return { code: 2 };
    }
    let code = 0;
    await withWorkbook(path, "delay", clockOption(args, path, io), async (host) => {
      const answer = await withJournal(host, path, async () => {
        const result = delayHarvest(host, {
          item,
          days: Number(days),
          reason: stringOption(args, "reason") ?? "",
        });
        if (result.ok) await host.workbook.save();
        return result;
      });
      if (!answer.ok) {
        io.err(answer.error);
        code = 1;
        return;
      }
      const { report } = answer;
      if (flag(args, "json")) {
        io.out(JSON.stringify({ moved: report.moved, waitlisted: report.waitlisted }));
        return;
      }
      for (const w of report.windows) io.out(`설정: ${w}`);
      io.out(`출하일이 바뀐 줄 ${report.moved.length}개, 대기로 간 줄 ${report.waitlisted.length}개`);
      for (const m of report.moved) io.out(`- ${m.orderCode}: ${koreanDate(m.from)} → ${koreanDate(m.to!)}`);
      for (const w of report.waitlisted) io.out(`- ${w.orderCode}: ${koreanDate(w.from)} → 대기`);
      if (report.moved.length + report.waitlisted.length > 0)
        io.out("고객에게 보낼 '출하일 변경' 메시지가 준비되었습니다: peach-orders messages");
    });
    return { code };
  },
};
