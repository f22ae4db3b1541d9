import { COURIER_LAYOUTS, courierExport } from "../../app/courier";
import { koreanDate } from "../../domain/clock";
import { WorkbookFileError, writeSimpleXlsx } from "../../local/xlsx";
import { syncFile, withWorkbook } from "../files";
import { NOW_OPTION, dateOption, nowOption, stringOption } from "./args";
import { UsageError, type Command } from "./types";

export const exportCourier: Command = {
  name: "export-courier",
  summary: "택배 대량 예약 파일",
  usage:
    "peach-orders export-courier <파일.xlsx> --date YYYY-MM-DD --out <택배.xlsx> [--courier cj|generic] [--now 시각]",
  description:
    "그날 보낼 곳을 택배 대량 예약 양식(기본 CJ대한통운)으로 만듭니다. 양식은 sheets-templates/courier-layouts.json에 있습니다.\n" +
    "  --date 날짜       보낼 날 (꼭 적어야 합니다)\n" +
    "  --out 택배.xlsx   만들 파일 (꼭 적어야 합니다)\n" +
    `  --courier 양식    ${Object.keys(COURIER_LAYOUTS).join(" 또는 ")} (기본 cj)`,
  examples: ["peach-orders export-courier 주문.xlsx --date 2026-07-13 --out 택배_0713.xlsx"],
  options: { date: { type: "string" }, out: { type: "string" }, courier: { type: "string" }, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const date = dateOption(args, "date");
    const target = stringOption(args, "out");
    if (!date || !target) throw new UsageError("--date YYYY-MM-DD와 --out <택배.xlsx>를 적어 주세요");
    const layoutKey = stringOption(args, "courier") ?? "cj";
    const layout = COURIER_LAYOUTS[layoutKey];
    if (!layout) throw new UsageError(`--courier는 ${Object.keys(COURIER_LAYOUTS).join(" 또는 ")}입니다`);
    await withWorkbook(path, "export-courier", nowOption(args), async (host) => {
      const result = await syncFile(host);
      if (!result) throw new WorkbookFileError("설정 탭에 문제가 있어 택배 파일을 만들 수 없습니다");
      const rows = courierExport(host, result.settings, date, layoutKey);
      await writeSimpleXlsx(target, layout.sheetName, rows);
      io.out(`${layout.name}: ${koreanDate(date)} ${rows.length - 1}곳 → ${target}`);
    });
    return { code: 0 };
  },
};
