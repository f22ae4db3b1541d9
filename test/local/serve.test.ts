/** `serve <file.xlsx>`: the status page over Tony's workbook, following the file as it changes. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/node/cli";
import { initFile, openFile } from "../../src/node/files";
import { tab } from "../../src/templates";

describe("serve a workbook file", () => {
  it("answers lookups from the file and sees a change saved by another program", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "peach-")), "orders.xlsx");
    await initFile(file, true, new Date("2026-07-13T10:30:00+09:00"));
    const host = await openFile(file, new Date());
    const rows = host.workbook.sheet(tab("orders").name)!.readAll();
    const header = rows[0]!.map(String);
    const at = (row: unknown[], h: string) => String(row[header.indexOf(h)] ?? "");
    const index = rows.findIndex((r) => at(r, "입금상태") === "미입금" && at(r, "확인 필요") === "");
    const row = rows[index]!;
    const code = at(row, "주문번호");
    const last4 = at(row, "주문자 연락처").slice(-4);

    const out: string[] = [];
    const result = await main(["serve", file, "--port", "0", "--now", "2026-07-13T11:00:00+09:00"], (l) =>
      out.push(l),
    );
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out.join("\n"))![0];
    const ask = async () =>
      (await (
        await fetch(`${url}/rpc/lookupStatus`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ args: [code, last4] }),
        })
      ).json()) as {
        value: { ok: boolean; view: { paid: boolean } };
      };
    try {
      expect((await ask()).value.view.paid).toBe(false);
      // Tony marks it paid in Excel and saves.
      await new Promise((r) => setTimeout(r, 20));
      host.workbook
        .sheet(tab("orders").name)!
        .write(index + 1, header.indexOf("입금상태") + 1, [["입금완료"]]);
      await host.workbook.save();
      expect((await ask()).value.view.paid).toBe(true);
    } finally {
      await result.server?.close();
    }
  });
});
