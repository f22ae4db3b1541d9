import { col, ORDERS, seasonWithRows, TODAY, paste, demoInput } from "./helpers";
it("probe", () => {
  const emu = seasonWithRows(1000);
  emu.now = new Date("2026-07-13T09:00:00+09:00");
  emu.fireTimer("reconcile");
  for (const [name, fn] of [
    ["memo", () => emu.edit(ORDERS, 50, col(emu, ORDERS, "메모"), [["문 앞에 두세요"]])],
    ["pay", () => emu.edit(ORDERS, 56, col(emu, ORDERS, "입금상태"), [["입금완료"]])],
    ["tick", () => emu.edit(TODAY, 3, col(emu, TODAY, "수확", 2), [[true]])],
    ["pack", () => emu.edit(TODAY, 3, col(emu, TODAY, "포장", 2), [[true]])],
    ["courier", () => emu.edit(TODAY, 3, col(emu, TODAY, "택배사", 2), [["CJ대한통운"]])],
    ["tracking", () => emu.edit(TODAY, 3, col(emu, TODAY, "송장번호", 2), [["600012345678"]])],
    ["ship", () => emu.edit(TODAY, 3, col(emu, TODAY, "발송", 2), [[true]])],
    ["paste", () => { const o = emu.spreadsheet.tab(ORDERS); o.maxRows = o.lastRow() + 10; return paste(emu, demoInput(5)); }],
  ] as const) {
    emu.now = new Date(emu.now.getTime() + 60_000);
    const r = fn();
    const last = emu.executionLog.at(-1)!;
    const sheetCalls = Object.entries(last.calls).map(([k, v]) => `${k}:${v}`).join(" ");
    console.log(name, r.roundTrips, last.cellsRead, Math.round(last.modelledMs), Math.round(last.jsMs), sheetCalls);
  }
});
