import demoSeason from "../../../sheets-templates/demo-season.json";
import { koreanDate, seoulDateOf } from "../../domain/clock";
import { DEMO_ORDERS_AT } from "../../local/demo";
import { demoPlan, formatPlan } from "../format";
import { stringOption } from "./args";
import { UsageError, type Command } from "./types";

export const plan: Command = {
  name: "plan",
  summary: "데모 시즌의 날짜별 출하 계획 (파일을 쓰지 않습니다)",
  usage: "peach-orders plan [--days N]",
  description:
    "데모 시즌(시즌 전날 저녁)의 출하 계획을 날짜별로 보여 줍니다. 날마다 품목별 배정(하루 최대가 있으면 함께)도 보여 줍니다. 파일을 만들거나 고치지 않습니다.\n" +
    "  --days N   보여 줄 출하일 수 (기본 5)",
  examples: ["peach-orders plan", "peach-orders plan --days 10"],
  options: { days: { type: "string" } },
  positionals: [],
  async run(args, io) {
    const days = Number(stringOption(args, "days") ?? 5);
    if (!Number.isInteger(days) || days < 1) throw new UsageError("--days는 1 이상의 정수로 적어 주세요");
    const evening = seoulDateOf(DEMO_ORDERS_AT);
    io.out(`데모 시즌 출하 계획 (${koreanDate(evening)} 저녁, 주문 ${demoSeason.orders}건)\n`);
    io.out(formatPlan(demoPlan(), days, evening));
    return { code: 0 };
  },
};
