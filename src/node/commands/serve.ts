import { FollowedFile } from "../files";
import { customerApp, startServer } from "../server";
import { applyJournalTo, localOrderRpc } from "../webOrders";
import { NOW_OPTION, PORT_OPTION, demoClock, nowOption, portOption, stringOption } from "./args";
import type { Command } from "./types";

export const serve: Command = {
  name: "serve",
  summary: "고객 조회 페이지를 엽니다",
  usage: "peach-orders serve <파일.xlsx> [--port N] [--now 시각]",
  description:
    "고객 조회 페이지와 주문 페이지(/?view=order)를 이 컴퓨터(127.0.0.1)에서 엽니다. 파일이 바뀌면 다시 읽습니다. 웹 주문이 들어올 때만 파일에 씁니다. 끝내려면 Ctrl-C.\n" +
    "  --port N    포트 (기본 8080, 0이면 빈 포트)\n" +
    "  --now 시각  시각을 고정합니다",
  examples: ["peach-orders serve 주문.xlsx", "peach-orders serve 주문.xlsx --port 8090"],
  options: { ...PORT_OPTION, ...NOW_OPTION },
  positionals: ["파일.xlsx"],
  async run(args, io) {
    const [path] = args.positionals as [string];
    const port = portOption(args, 8080);
    const fixed = stringOption(args, "now") === undefined ? demoClock(path, io) : nowOption(args);
    const file = await FollowedFile.open(path, () => fixed ?? new Date());
    // Web orders kept in the journal while the file was open in Excel go in now, if they can.
    await applyJournalTo(file).catch((error: unknown) => io.err(String((error as Error).message ?? error)));
    const server = await startServer(() => file.host, {
      port,
      app: customerApp(localOrderRpc(file)),
      beforeRequest: () => file.refresh(),
    });
    io.out(`고객 조회 페이지: ${server.url}  (끝내려면 Ctrl-C)`);
    return { code: 0, server };
  },
};
