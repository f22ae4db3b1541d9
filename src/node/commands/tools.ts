import { loadSmallTabs } from "../../app/smallTabs";
import { FollowedFile } from "../files";
import { startServer, toolsApp } from "../server";
import { envGateway } from "../solapi";
import { NOW_OPTION, PORT_OPTION, demoClock, nowOption, portOption, stringOption } from "./args";
import type { Command } from "./types";

export const tools: Command = {
  name: "tools",
  summary: "토니의 메시지 화면 (복사, 보냄)을 이 컴퓨터에서 엽니다",
  usage: "peach-orders tools <파일.xlsx> [--port N] [--url 조회주소] [--now 시각]",
  description:
    "구글 시트의 '보낼 메시지' 화면과 같은 화면을 이 컴퓨터(127.0.0.1)에서 엽니다. '보냄'은 통합 문서의 잠금을 잡고 파일을 다시 읽은 뒤 씁니다. 끝내려면 Ctrl-C.\n" +
    "  --port N       포트 (기본 8081)\n" +
    "  --url 조회주소  메시지에 넣을 조회 페이지 주소",
  examples: [
    "peach-orders tools 주문.xlsx",
    "peach-orders tools 주문.xlsx --url https://script.google.com/…/exec",
  ],
  options: { ...PORT_OPTION, url: { type: "string" }, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const port = portOption(args, 8081);
    const fixed = stringOption(args, "now") === undefined ? demoClock(path, io) : nowOption(args);
    const file = await FollowedFile.open(path, () => fixed ?? new Date());
    const settings = loadSmallTabs(file.host, true).settings;
    const statusUrl = stringOption(args, "url") ?? (settings.ok ? settings.value.statusPageUrl : "");
    const server = await startServer(() => file.host, {
      port,
      app: toolsApp(
        statusUrl,
        (change) => file.write("tools (보냄)", change),
        envGateway().credentials !== null,
      ),
      beforeRequest: () => file.refresh(),
    });
    io.out(`보낼 메시지 화면: ${server.url}  (끝내려면 Ctrl-C)`);
    return { code: 0, server };
  },
};
