/** The import's report in Korean: what became of every column and of every source row. */
import type { ImportReport } from "../app/importRows";
import { withParticle } from "../domain/korean";

const HOW: Record<string, (target: string) => string> = {
  matched: (target) => target,
  aside: (target) => `${target} (이 열은 다시 계산하므로 원래 값을 옆 열에 둠)`,
  extra: (target) => `새 열 '${target}'`,
};

const lineList = (lines: number[]) =>
  lines.length > 10 ? `${lines.slice(0, 10).join(", ")} 외 ${lines.length - 10}줄` : lines.join(", ");

export function importSummary(source: string, into: string, notes: string[], report: ImportReport): string[] {
  const out = [`${source} → ${into}`];
  for (const note of notes) out.push(`  ${note}`);
  out.push(`머리글 ${report.headerRow}번째 줄에서 찾은 열:`);
  for (const c of report.columns) out.push(`  ${c.source} → ${HOW[c.how]!(c.target)}`);
  if (report.defaultItem)
    out.push(`  품목 열이 없어 모든 줄을 ${withParticle(`'${report.defaultItem}'`, "으로/로")} 채웠습니다`);
  if (report.ragged.length > 0)
    out.push(
      `머리글보다 칸이 많은 줄 ${report.ragged.length}개 (넘친 칸은 새 열에 둠): ${lineList(report.ragged)}번째 줄`,
    );
  if (report.statusesAside > 0)
    out.push(
      `진행상태로 읽을 수 없는 값 ${report.statusesAside}개는 '진행상태 (가져온 값)' 열에 두고 접수로 시작합니다`,
    );
  if (report.codesKept > 0) out.push(`원본의 주문번호 ${report.codesKept}개를 그대로 썼습니다`);
  for (const r of report.codesReplaced)
    out.push(`  ${r.line}번째 줄 주문번호 '${r.from}' → ${r.to} (${r.reason})`);
  for (const r of report.refused) out.push(`  ${r.line}번째 줄을 가져오지 않았습니다: ${r.reason}`);
  out.push(
    `원본 ${report.dataRows}줄 = 가져온 줄 ${report.added} · 이미 있던 줄 ${report.alreadyThere} · ` +
      `같은 주문이 이미 있어 건너뛴 줄 ${report.duplicates} · 빈 줄 ${report.blank} · 가져오지 못한 줄 ${report.refused.length}`,
  );
  if (report.duplicates > 0)
    out.push("  같은 주문을 일부러 한 번 더 넣으려면 --allow-duplicates를 붙여 다시 가져오세요");
  if (report.askDuplicates.length > 0)
    out.push(
      `같은 주문이 두 번 있는 것 같은 줄 ${report.askDuplicates.length}개: ${lineList(report.askDuplicates)}번째 줄. ` +
        "가져왔지만 확인 필요로 두었습니다 (하나를 지울 때까지 금액·출하일이 정해지지 않습니다)",
    );
  for (const c of report.cut)
    out.push(
      `  ${c.line}번째 줄 ${c.column} 칸이 ${c.length.toLocaleString("ko-KR")}자로 엑셀 한 칸 한도(32,767자)를 넘어 앞부분만 가져왔습니다 (확인 필요로 둠)`,
    );
  return out;
}
