import { importRows } from "../../app/importRows";
import { loadSmallTabs } from "../../app/smallTabs";
import { sync } from "../../app/sync";
import { RECONCILE } from "../../local/demo";
import { readSource } from "../../local/sourceFile";
import { WorkbookFileError } from "../../local/xlsx";
import { withWorkbook } from "../files";
import { attentionLines } from "../format";
import { importSummary } from "../importReport";
import { NOW_OPTION, clockOption, flag, stringOption } from "./args";
import { longWork } from "./progress";
import { UsageError, type Command } from "./types";

export const importCommand: Command = {
  name: "import",
  summary: "토니의 엑셀이나 CSV(UTF-8, UTF-16, CP949)를 주문 탭으로 가져옵니다",
  usage: "peach-orders import <원본.xlsx|csv> --into <파일.xlsx> [--allow-duplicates] [--now 시각]",
  description:
    "머리글(이름, 연락처, 주소, 상자수 같은 흔한 말)로 열을 찾아 주문 탭 아래에 붙입니다. 같은 파일을 다시 가져와도 두 번 들어가지 않습니다.\n" +
    "가져간 통합 문서가 없으면 템플릿으로 만듭니다. 끝나면 확인이 필요한 줄을 행·열·이유로 보여 줍니다.\n" +
    "원본의 모든 줄이 가져온 줄 또는 까닭과 함께 알린 줄로 셈해집니다. CSV 따옴표가 깨진 파일은 그 줄을 알리고 아무것도 가져오지 않습니다.\n" +
    "  --into 파일.xlsx      가져갈 통합 문서 (꼭 적어야 합니다)\n" +
    "  --allow-duplicates   주문 탭에 이미 있는 같은 주문(주문자·받는분·주소·품목·상자수·날짜)도 가져옵니다\n" +
    "  --now 시각        시각을 고정합니다 (예: 2026-07-13T09:00+09:00)",
  examples: [
    "peach-orders import 토니주문.xlsx --into 주문.xlsx",
    "peach-orders import 카톡주문.csv --into 주문.xlsx",
  ],
  options: { into: { type: "string" }, "allow-duplicates": { type: "boolean" }, ...NOW_OPTION },
  positionals: ["원본.xlsx|csv"],
  async run(args, io) {
    const [source] = args.positionals as [string];
    const into = stringOption(args, "into");
    if (!into) throw new UsageError("--into <파일.xlsx>로 가져갈 통합 문서를 적어 주세요");
    const now = clockOption(args, into, io);
    const bar = longWork(io);
    bar(0, "원본을 읽는 중");
    const read = await readSource(source);
    bar.rows = read.rows.length;
    await withWorkbook(
      into,
      "import",
      now,
      async (host) => {
        bar(0.2, `${read.rows.length}줄을 가져오는 중`);
        const settings = loadSmallTabs(host, true).settings;
        if (!settings.ok)
          throw new WorkbookFileError(`${into}의 설정 탭에 문제가 있습니다: ${settings.error}`);
        let report;
        try {
          report = importRows(host, read, settings.value, {
            allowDuplicates: flag(args, "allow-duplicates"),
          });
        } catch (error) {
          throw new WorkbookFileError(`${source}: ${(error as Error).message}`);
        }
        // The source's rows are in 주문 now: let them go before the pass over the whole tab.
        read.rows.length = 0;
        bar(0.5, "정리하는 중");
        const result = sync(host, RECONCILE);
        bar(0.8, "저장하는 중");
        await host.workbook.save();
        bar(1, "끝");
        for (const line of importSummary(source, into, read.notes, report)) io.out(line);
        if (result) for (const line of attentionLines(result)) io.out(line);
      },
      { create: true },
    );
    return { code: 0 };
  },
};
