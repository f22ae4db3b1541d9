import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { COURIER_LAYOUTS, courierExport, courierNeeds, type HeldBooking } from "../../app/courier";
import { whyStopped } from "../../app/sync";
import { koreanDate } from "../../domain/clock";
import { withParticle } from "../../domain/korean";
import { WorkbookFileError, madeByUs, sameFile, writeSimpleXlsx } from "../../local/xlsx";
import { syncFile, withWorkbook } from "../files";
import { NOW_OPTION, clockOption, dateOption, flag, stringOption } from "./args";
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
    `  --courier 양식    ${Object.keys(COURIER_LAYOUTS).join(" 또는 ")} (기본 cj)\n` +
    "  --force          이 프로그램이 만들지 않은 파일이라도 --out 파일을 덮어씁니다 (통합 문서 자신은 절대 덮어쓰지 않습니다)",
  examples: ["peach-orders export-courier 주문.xlsx --date 2026-07-13 --out 택배_0713.xlsx"],
  options: {
    date: { type: "string" },
    out: { type: "string" },
    courier: { type: "string" },
    force: { type: "boolean" },
    ...NOW_OPTION,
  },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const date = dateOption(args, "date");
    const target = stringOption(args, "out");
    if (!date || !target) throw new UsageError("--date YYYY-MM-DD와 --out <택배.xlsx>를 적어 주세요");
    const layoutKey = stringOption(args, "courier") ?? "cj";
    const layout = COURIER_LAYOUTS[layoutKey];
    if (!layout) throw new UsageError(`--courier는 ${Object.keys(COURIER_LAYOUTS).join(" 또는 ")}입니다`);
    await assertCourierTarget(path, target, flag(args, "force"));
    await withWorkbook(path, "export-courier", clockOption(args, path, io), async (host) => {
      const result = await syncFile(host);
      if (!result) throw new WorkbookFileError(`택배 파일을 만들 수 없습니다: ${whyStopped(host).message}`);
      const needs = courierNeeds(result.settings, layoutKey);
      if (needs) throw new WorkbookFileError(needs);
      const held: HeldBooking[] = [];
      const rows = courierExport(host, result.settings, date, layoutKey, held);
      for (const h of held) io.out(`  뺀 묶음: ${h.sheetRow}행 ${h.recipientName} (${h.reason})`);
      // An empty booking never replaces a file (maybe yesterday's, with lines): nothing is written.
      if (rows.length <= 1) {
        io.out(`${koreanDate(date)}에 보낼 묶음이 없습니다. ${target} 파일은 만들거나 바꾸지 않았습니다`);
        return;
      }
      await writeSimpleXlsx(target, layout.sheetName, rows);
      io.out(`${layout.name}: ${koreanDate(date)} ${rows.length - 1}곳 → ${target}`);
    });
    return { code: 0 };
  },
};

/**
 * The courier file never replaces the workbook it comes from (not even with --force), nor, without
 * --force, a file this program did not make: Tony's own files are never overwritten by accident.
 */
async function assertCourierTarget(workbook: string, target: string, force: boolean): Promise<void> {
  if (resolve(target) === resolve(workbook) || sameFile(target, workbook))
    throw new WorkbookFileError(
      `--out ${withParticle(target, "은/는")} 주문 통합 문서 자신입니다. 택배 파일은 다른 이름으로 만드세요`,
    );
  if (!existsSync(target) || force) return;
  if (!statSync(target).isFile())
    throw new WorkbookFileError(
      `--out ${withParticle(target, "은/는")} 파일이 아니라 폴더입니다. 파일 이름을 적어 주세요`,
    );
  if (!(await madeByUs(target)))
    throw new WorkbookFileError(
      `${target} 파일이 이미 있고 이 프로그램이 만든 택배 파일이 아닙니다. 다른 이름을 적거나, 정말 덮어쓰려면 --force를 붙이세요`,
    );
}
