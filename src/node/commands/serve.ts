import { FollowedFile } from "../files";
import { STATUS_APP, startServer } from "../server";
import { NOW_OPTION, PORT_OPTION, nowOption, portOption, stringOption } from "./args";
import type { Command } from "./types";

export const serve: Command = {
  name: "serve",
  summary: "고객 조회 페이지를 엽니다",
  usage: "peach-orders serve <파일.xlsx> [--port N] [--now 시각]",
  description:
    "고객 조회 페이지를 이 컴퓨터(127.0.0.1)에서 엽니다. 파일이 바뀌면 다시 읽습니다. 파일을 고치지 않습니다. 끝내려면 Ctrl-C.\n" +
    "  --port N    포트 (기본 8080, 0이면 빈 포트)\n" +
    "  --now 시각  시각을 고정합니다",
  examples: ["peach-orders serve 주문.xlsx", "peach-orders serve 주문.xlsx --port 8090"],
  options: { ...PORT_OPTION, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const port = portOption(args, 8080);
    const fixed = stringOption(args, "now") === undefined ? null : nowOption(args);
    const file = await FollowedFile.open(path, () => fixed ?? new Date());
    const server = await startServer(() => file.host, {
      port,
      app: STATUS_APP,
      beforeRequest: () => file.refresh(),
    });
    io.out(`고객 조회 페이지: ${server.url}  (끝내려면 Ctrl-C)`);
    return { code: 0, server };
  },
};
