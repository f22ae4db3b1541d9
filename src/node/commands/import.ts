import { importRows } from "../../app/importRows";
import { loadSmallTabs } from "../../app/smallTabs";
import { sync } from "../../app/sync";
import { RECONCILE } from "../../local/demo";
import { readSource } from "../../local/sourceFile";
import { WorkbookFileError } from "../../local/xlsx";
import { withWorkbook } from "../files";
import { attentionLines } from "../format";
import { NOW_OPTION, nowOption, stringOption } from "./args";
import { longWork } from "./progress";
import { UsageError, type Command } from "./types";

export const importCommand: Command = {
  name: "import",
  summary: "토니의 엑셀이나 CSV(UTF-8, CP949)를 주문 탭으로 가져옵니다",
  usage: "peach-orders import <원본.xlsx|csv> --into <파일.xlsx> [--now 시각]",
  description:
    "머리글(이름, 연락처, 주소, 상자수 같은 흔한 말)로 열을 찾아 주문 탭 아래에 붙입니다. 같은 파일을 다시 가져와도 두 번 들어가지 않습니다.\n" +
    "가져간 통합 문서가 없으면 템플릿으로 만듭니다. 끝나면 확인이 필요한 줄을 행·열·이유로 보여 줍니다.\n" +
    "  --into 파일.xlsx  가져갈 통합 문서 (꼭 적어야 합니다)\n" +
    "  --now 시각        시각을 고정합니다 (예: 2026-07-13T09:00+09:00)",
  examples: [
    "peach-orders import 토니주문.xlsx --into 주문.xlsx",
    "peach-orders import 카톡주문.csv --into 주문.xlsx",
  ],
  options: { into: { type: "string" }, ...NOW_OPTION },
  positionals: ["원본.xlsx|csv"],
  async run(args, io) {
    const [source] = args.positionals as [string];
    const into = stringOption(args, "into");
    if (!into) throw new UsageError("--into <파일.xlsx>로 가져갈 통합 문서를 적어 주세요");
    const now = nowOption(args);
    const bar = longWork(io);
    bar(0, "원본을 읽는 중");
    const rows = await readSource(source);
    bar.rows = rows.length;
    await withWorkbook(
      into,
      "import",
      now,
      async (host) => {
        bar(0.2, `${rows.length}줄을 가져오는 중`);
        const settings = loadSmallTabs(host, true).settings;
        if (!settings.ok)
          throw new WorkbookFileError(`${into}의 설정 탭에 문제가 있습니다: ${settings.error}`);
        let report;
        try {
          report = importRows(host, rows, settings.value);
        } catch (error) {
          throw new WorkbookFileError(`${source}: ${(error as Error).message}`);
        }
        bar(0.5, "정리하는 중");
        const result = sync(host, RECONCILE);
        bar(0.8, "저장하는 중");
        await host.workbook.save();
        bar(1, "끝");
        io.out(`${source} → ${into}`);
        io.out(`머리글 ${report.headerRow}번째 줄에서 찾은 열:`);
        for (const m of report.matches) io.out(`  ${m.source} → ${m.target ?? "(그대로 덧붙임)"}`);
        if (report.defaultItem) io.out(`  품목 열이 없어 모든 줄을 '${report.defaultItem}'(으)로 채웠습니다`);
        const flagged = result ? result.rows.filter((s) => s.problems.length > 0).length : 0;
        io.out(
          `가져온 줄 ${report.added} · 이미 있던 줄 ${report.alreadyThere} · 확인이 필요한 줄 ${flagged}`,
        );
        if (result) for (const line of attentionLines(result)) io.out(line);
      },
      { create: true },
    );
    return { code: 0 };
  },
};
