import { importTracking as applyTracking } from "../../app/courier";
import { koreanDate, seoulDateOf } from "../../domain/clock";
import { readSource } from "../../local/sourceFile";
import { WorkbookFileError } from "../../local/xlsx";
import { syncFile, withWorkbook } from "../files";
import { NOW_OPTION, dateOption, nowOption, stringOption } from "./args";
import type { Command } from "./types";

export const importTracking: Command = {
  name: "import-tracking",
  summary: "택배사 결과 파일의 송장번호를 받아 발송 처리",
  usage:
    "peach-orders import-tracking <파일.xlsx> <택배결과.xlsx|csv> [--date YYYY-MM-DD] [--courier 이름] [--now 시각]",
  description:
    "택배사 결과의 받는분과 전화번호로 출하 목록을 찾아 택배사·송장번호를 채우고 발송으로 바꿉니다. 맞는 줄이 없거나 여럿이면 아무것도 바꾸지 않고 알려 줍니다.\n" +
    "  --date 날짜     이날 출하 목록에서 찾습니다 (기본 오늘)\n" +
    "  --courier 이름  택배사 이름 (기본 CJ대한통운)",
  examples: ["peach-orders import-tracking 주문.xlsx CJ결과_0713.xlsx --date 2026-07-13"],
  options: { date: { type: "string" }, courier: { type: "string" }, ...NOW_OPTION },
  positionals: ["파일.xlsx", "택배결과.xlsx|csv"],
  async run(args, io) {
    const [path, resultFile] = args.positionals as [string, string];
    const now = nowOption(args);
    const date = dateOption(args, "date") ?? seoulDateOf(now);
    const lines = await readSource(resultFile);
    await withWorkbook(path, "import-tracking", now, async (host) => {
      let report;
      try {
        report = applyTracking(host, lines, date, stringOption(args, "courier") ?? "CJ대한통운");
      } catch (error) {
        throw new WorkbookFileError(`${resultFile}: ${(error as Error).message}`);
      }
      await syncFile(host);
      io.out(`${koreanDate(date)} 발송 처리 ${report.matched.length}건`);
      for (const m of report.matched)
        io.out(`  ${m.line}줄 → ${m.orderCode} ${m.recipient} ${m.trackingNumber}`);
      if (report.unmatched.length > 0) {
        io.out(`바꾸지 않은 줄 ${report.unmatched.length}건:`);
        for (const u of report.unmatched) io.out(`  ${u.line}줄 (${u.text}): ${u.reason}`);
      }
    });
    return { code: 0 };
  },
};
