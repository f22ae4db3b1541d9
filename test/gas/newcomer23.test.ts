/**
 * Issue 23, what a newcomer tripped on, through dist/Code.js in the emulator: a missing or
 * impossible 우편번호 is 확인 필요 and kept out of the courier file (12), and a day with nothing
 * to book answers "보낼 묶음이 없습니다" instead of an empty file (13). The .xlsx twin is
 * test/local/newcomer23.test.ts.
 */
import { at, freshSpreadsheet, ORDERS, paste } from "./helpers";
import { POSTAL_ORDERS } from "../scenario/newcomer23";

describe("issue 23 · newcomer (Apps Script)", () => {
  it("12 · a missing or impossible 우편번호 is 확인 필요 and stays out of the courier file; 13 · no empty booking", () => {
    const emu = freshSpreadsheet();
    emu.now = at("2026-07-11T20:00:00+09:00");
    const labels = emu.values("설정").map((r) => r[0]);
    emu.edit("설정", labels.indexOf("판매자 연락처") + 1, 2, [["010-2468-1357"]]);
    emu.edit("설정", labels.indexOf("보내는 주소") + 1, 2, [["경상북도 청도군 청도읍 복숭아길 7"]]);
    paste(emu, [...POSTAL_ORDERS]);
    const rows = emu.records(ORDERS);
    expect(rows.map((r) => String(r["확인 필요"]))).toEqual([
      "",
      expect.stringContaining("우편번호가 비어 있습니다"),
      expect.stringContaining('없는 우편번호입니다: "00000"'),
      expect.stringContaining('없는 우편번호입니다: "99999"'),
    ]);
    const day = new Date((rows[0]!["출하예정일"] as Date).getTime() + 9 * 3600_000)
      .toISOString()
      .slice(0, 10);
    const dialog = emu.openPage("showCourierExport");
    const answer = dialog("courierFile", day, "cj") as {
      ok: boolean;
      csv: string;
      count: number;
      held: string[];
    };
    expect(answer.count).toBe(1);
    expect(answer.csv).toContain("바른씨");
    expect(answer.csv).not.toContain("빈칸씨");
    expect(answer.held).toEqual([
      expect.stringMatching(/^3행 빈칸씨: 우편번호가 비어 있습니다/),
      expect.stringMatching(/^4행 영영씨: 없는 우편번호입니다/),
      expect.stringMatching(/^5행 구구씨: 없는 우편번호입니다/),
    ]);
    const empty = dialog("courierFile", "2026-09-01", "cj") as { ok: boolean; error: string };
    expect(empty).toEqual({ ok: false, error: "보낼 묶음이 없습니다" });
  });
});
