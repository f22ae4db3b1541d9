import { dueMessages, markSent, type HeldOrder } from "../../app/messages";
import { WorkbookFileError } from "../../local/xlsx";
import { whyStopped } from "../../app/sync";
import { syncFile, withWorkbook } from "../files";
import { heldLines } from "../format";
import { withParticle } from "../../domain/korean";
import { SETTING_DEFS } from "../../templates";
import { NOW_OPTION, clockOption, flag, stringOption } from "./args";
import type { Command } from "./types";

const settingLabel = (key: string) => SETTING_DEFS.find((d) => d.key === key)?.label ?? key;

export const messages: Command = {
  name: "messages",
  summary: "보낼 카카오톡 메시지 (붙여 넣기용)",
  usage: "peach-orders messages <파일.xlsx> [--mark-sent] [--url 조회주소] [--now 시각]",
  description:
    "지금 보낼 메시지(입금 요청, 입금 확인, 출하일 변경, 발송)를 주문별로 보여 주고, 뺀 주문과 그 이유를 알려 줍니다.\n" +
    "  --mark-sent    보여 준 메시지를 '보냄'으로 이력에 남겨 다시 나오지 않게 합니다\n" +
    "  --url 조회주소  메시지에 넣을 조회 페이지 주소 (기본: 설정의 조회 페이지 주소)\n" +
    "  --now 시각      시각을 고정합니다 (예: 2026-07-13T09:00+09:00)",
  examples: [
    "peach-orders messages 주문.xlsx",
    "peach-orders messages 주문.xlsx --url https://script.google.com/macros/s/…/exec",
    "peach-orders messages 주문.xlsx --mark-sent",
  ],
  options: { "mark-sent": { type: "boolean" }, url: { type: "string" }, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    await withWorkbook(path, "messages", clockOption(args, path, io), async (host) => {
      const result = await syncFile(host);
      if (!result) throw new WorkbookFileError(`메시지를 만들 수 없습니다: ${whyStopped(host).message}`);
      const held: HeldOrder[] = [];
      const url = stringOption(args, "url") ?? result.settings.statusPageUrl;
      const due = dueMessages(host, result.settings, url, held);
      if (due.length === 0) io.out("지금 보낼 메시지가 없습니다");
      // Without an address the messages carry no 주문 확인 link: say why, once, before them.
      else if (!url && due.some((m) => !m.forSeller && !m.blocked))
        io.out(
          `메시지에 주문 확인 링크가 없습니다: 설정의 ${withParticle(`'${settingLabel("statusPageUrl")}'`, "이/가")} 비어 있습니다. ` +
            "웹 앱 주소(또는 serve로 연 조회 페이지 주소)를 적거나 --url 주소를 붙이면 링크가 들어갑니다",
        );
      for (const m of due) {
        io.out(`━━ ${m.orderCode} ${m.ordererName}님 · ${m.label} ━━`);
        io.out(m.text);
        io.out("");
      }
      for (const line of heldLines(held)) io.out(line);
      // A message still waiting for 설정 (no account yet) is shown but never marked sent.
      const sendable = due.filter((m) => !m.blocked);
      if (flag(args, "mark-sent") && sendable.length > 0) {
        markSent(host, sendable);
        await host.workbook.save();
        io.out(`${sendable.length}건을 보냄으로 표시했습니다`);
      }
    });
    return { code: 0 };
  },
};
