import demoSeason from "../../../sheets-templates/demo-season.json";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DEMO_MORNING } from "../../local/demo";
import { lockWorkbook } from "../../local/lock";
import { WorkbookFileError } from "../../local/xlsx";
import { setupChecklist } from "../../app/setup";
import { initFile, type FileHost } from "../files";
import { NOW_OPTION, flag, nowOption } from "./args";
import type { Command } from "./types";

export const init: Command = {
  name: "init",
  summary: "새 통합 문서를 만듭니다 (--demo: 데모 시즌 포함)",
  usage: "peach-orders init <파일.xlsx> [--demo] [--now 시각]",
  description:
    "탭 템플릿(주문, 오늘 출하, 출하 일정, 설정, 이력, 오류)으로 새 통합 문서를 만듭니다. 이미 있는 파일은 덮어쓰지 않습니다.\n" +
    "  --demo     데모 시즌 주문을 넣어 만듭니다\n" +
    "  --now 시각  시각을 고정합니다 (예: 2026-07-13T09:00+09:00)",
  examples: ["peach-orders init 주문.xlsx", "peach-orders init 연습.xlsx --demo"],
  options: { demo: { type: "boolean" }, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const demo = flag(args, "demo");
    const now = demo ? DEMO_MORNING : nowOption(args);
    if (existsSync(path)) throw new WorkbookFileError(`이미 있는 파일입니다: ${path} (덮어쓰지 않습니다)`);
    mkdirSync(dirname(path), { recursive: true });
    const lock = await lockWorkbook(path, "peach-orders init");
    let made: FileHost;
    try {
      // Checked again under the lock: another init may have made it meanwhile.
      if (existsSync(path)) throw new WorkbookFileError(`이미 있는 파일입니다: ${path} (덮어쓰지 않습니다)`);
      made = await initFile(path, demo, now);
    } finally {
      await lock.release();
    }
    io.out(`만들었습니다: ${path}${demo ? ` (데모 시즌 주문 ${demoSeason.orders}건)` : ""}`);
    // What Tony fills in 설정 first: nothing only he knows is made up for him.
    io.out(setupChecklist(made).join("\n"));
    return { code: 0 };
  },
};
