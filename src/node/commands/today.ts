import { seoulDateOf, seoulMidnight } from "../../domain/clock";
import { syncFile, withWorkbook } from "../files";
import { formatToday } from "../format";
import { NOW_OPTION, clockOption, dateOption } from "./args";
import type { Command } from "./types";

export const today: Command = {
  name: "today",
  summary: "그날의 출하 목록 (투투가 보는 그대로, 메모 포함)",
  usage: "peach-orders today <파일.xlsx> [--date YYYY-MM-DD] [--now 시각]",
  description:
    "그날의 출하 목록을 보여 주고 오늘 출하 탭에 씁니다. 설정에 품목별 줄(수확 기간, 하루 최대)이 있으면 품목별 배정도 보여 줍니다.\n" +
    "  --date 날짜  보여 줄 날 (기본 오늘)\n" +
    "  --now 시각   시각을 고정합니다 (예: 2026-07-13T09:00+09:00)",
  examples: ["peach-orders today 주문.xlsx", "peach-orders today 주문.xlsx --date 2026-07-14"],
  options: { date: { type: "string" }, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const date = dateOption(args, "date");
    const now = clockOption(args, path, io, () => (date ? seoulMidnight(date) : new Date()));
    await withWorkbook(path, "today", now, async (host) => {
      const result = await syncFile(host, date);
      io.out(formatToday(host, { result, date: date ?? seoulDateOf(now) }));
    });
    return { code: 0 };
  },
};
