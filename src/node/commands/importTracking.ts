import { importTracking as applyTracking, trackingSummary } from "../../app/courier";
import { readSource } from "../../local/sourceFile";
import { WorkbookFileError } from "../../local/xlsx";
import { syncFile, withWorkbook } from "../files";
import { NOW_OPTION, clockOption, dateOption, stringOption } from "./args";
import type { Command } from "./types";

export const importTracking: Command = {
  name: "import-tracking",
  summary: "택배사 결과 파일의 송장번호를 받아 발송 처리",
  usage:
    "peach-orders import-tracking <파일.xlsx> <택배결과.xlsx|csv> [--date YYYY-MM-DD] [--courier 이름] [--now 시각]",
  description:
    "택배사 결과의 받는분과 전화번호로 아직 발송하지 않은 묶음을 찾아 택배사·송장번호를 채우고 발송으로 바꿉니다. 한 묶음의 송장이 여럿이면(3상자 = 2묶음) 모두 적고, 같은 파일을 다시 가져오면 새 송장 0건입니다. 맞는 묶음이 없거나 여럿이면 아무것도 바꾸지 않고 가장 가까운 묶음과 까닭을 알려 줍니다.\n" +
    "  --date 날짜     이날 출하 목록에서만 찾습니다 (기본: 날짜와 상관없이 발송 전 묶음 전체)\n" +
    "  --courier 이름  택배사 이름 (기본 CJ대한통운)",
  examples: [
    "peach-orders import-tracking 주문.xlsx CJ결과_0713.xlsx",
    "peach-orders import-tracking 주문.xlsx CJ결과_0713.xlsx --date 2026-07-13",
  ],
  options: { date: { type: "string" }, courier: { type: "string" }, ...NOW_OPTION },
  positionals: ["파일.xlsx", "택배결과.xlsx|csv"],
  async run(args, io) {
    const [path, resultFile] = args.positionals as [string, string];
    const now = clockOption(args, path, io);
    const date = dateOption(args, "date") ?? null;
    // A courier's result file has at least a name, a phone and a tracking number column.
    const source = await readSource(resultFile, (rows) => rows.slice(0, 10).some((r) => r.length >= 3));
    await withWorkbook(path, "import-tracking", now, async (host) => {
      let report;
      try {
        report = applyTracking(
          host,
          source.rows,
          date,
          stringOption(args, "courier") ?? "CJ대한통운",
          source.lines,
        );
      } catch (error) {
        throw new WorkbookFileError(`${resultFile}: ${(error as Error).message}`);
      }
      await syncFile(host);
      io.out(trackingSummary(report, date));
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
