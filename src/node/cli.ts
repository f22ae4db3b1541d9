/**
 * `peach-orders`, the local command line. Until the local .xlsx host lands, `demo` runs the
 * embedded demo season through the domain and prints the first days' shipping plan.
 */
import demoSeason from "../../sheets-templates/demo-season.json";
import { planSeason, type Plan } from "../app/plan";
import { koreanDate } from "../domain/clock";
import { defaultSettings } from "../domain/settings";

const USAGE = `사용법: peach-orders <명령>

명령:
  demo [--days N] [--today YYYY-MM-DD]   데모 시즌의 출하 계획을 보여 줍니다
  --help                                 이 도움말`;

export function demoPlan(today: string): Plan {
  const rows = demoSeason.rows.map((cells, i) => ({
    rowId: `demo-${i + 2}`,
    orderCode: cells.orderCode,
    cells: cells as Record<string, unknown>,
  }));
  return planSeason(rows, defaultSettings(), today);
}

export function formatPlan(plan: Plan, days: number): string {
  const lines: string[] = [];
  const shipping = plan.days.filter((d) => d.capacity > 0).slice(0, days);
  for (const day of shipping) {
    lines.push(
      `■ ${koreanDate(day.date)}  출하량 ${day.capacity}상자 · 배정 ${day.assigned}상자 · 남음 ${day.capacity - day.assigned}상자`,
    );
    const onDay = plan.shipments.filter(
      (s) => s.placement?.kind === "scheduled" && s.placement.date === day.date,
    );
    onDay.forEach((s, i) =>
      lines.push(
        `   ${String(i + 1).padStart(2)}. ${s.orderCode}  ${s.fields.recipientName}  ${s.fields.item} ${s.fields.boxes}상자`,
      ),
    );
  }
  const count = (kind: string) => plan.shipments.filter((s) => s.placement?.kind === kind).length;
  const unpaid = plan.shipments.filter((s) => s.placement === null).length;
  lines.push("");
  lines.push(
    `출하예정 ${count("scheduled")}건 · 대기 ${count("waitlisted")}건 · 나눠야 할 주문 ${count("tooLarge")}건 · 입금 전 ${unpaid}건`,
  );
  lines.push(`확인이 필요한 줄 ${new Set(plan.problems.map((p) => p.rowId)).size}줄:`);
  for (const p of plan.problems) lines.push(`   ${p.rowId}  ${p.message}`);
  return lines.join("\n");
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export function main(args: string[], out: (line: string) => void = console.log): number {
  const [command, ...rest] = args;
  if (!command || command === "--help" || rest.includes("--help")) {
    out(USAGE);
    return command ? 0 : 2;
  }
  if (command === "demo") {
    const today = option(rest, "--today") ?? "2026-07-12";
    const days = Number(option(rest, "--days") ?? 5);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !Number.isInteger(days) || days < 1) {
      out("날짜는 YYYY-MM-DD, 날수는 1 이상의 정수로 적어 주세요");
      return 2;
    }
    out(`데모 시즌 출하 계획 (오늘: ${koreanDate(today)})\n`);
    out(formatPlan(demoPlan(today), days));
    return 0;
  }
  out(`알 수 없는 명령입니다: ${command}\n\n${USAGE}`);
  return 2;
}
