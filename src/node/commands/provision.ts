import { existsSync } from "node:fs";
import { WorkbookFileError } from "../../local/xlsx";
import { provision as provisionSheet, type SheetsClient } from "../provision";
import { stringOption } from "./args";
import { UsageError, type Command } from "./types";

export const provision: Command = {
  name: "provision",
  summary: "구글 시트에 탭을 만들거나 고칩니다 (Sheets API)",
  usage: "peach-orders provision --sheet <스프레드시트 ID> --key <서비스계정 키.json>",
  description:
    "메뉴의 '탭 만들기 / 고치기'와 같은 일을 컴퓨터에서 Sheets API로 합니다. 서비스 계정 이메일에 시트 편집 권한을 주어야 합니다. 있는 내용은 건드리지 않습니다.\n" +
    "  --sheet ID     스프레드시트 주소의 /d/ 와 /edit 사이\n" +
    "  --key 파일     서비스 계정 키(JSON)",
  examples: ["peach-orders provision --sheet 1AbC…xyz --key 서비스계정.json"],
  options: { sheet: { type: "string" }, key: { type: "string" } },
  positionals: [],
  async run(args, io) {
    const spreadsheetId = stringOption(args, "sheet");
    const keyFile = stringOption(args, "key");
    if (!spreadsheetId || !keyFile)
      throw new UsageError("--sheet <스프레드시트 ID>와 --key <서비스계정 키.json>을 적어 주세요");
    if (!existsSync(keyFile)) throw new WorkbookFileError(`키 파일이 없습니다: ${keyFile}`);
    const { google } = await import("googleapis");
    const auth = new google.auth.GoogleAuth({
      keyFile,
      scopes: ["https://www.googleapis.com/auth/spreadsheets"],
    });
    const client = google.sheets({ version: "v4", auth }) as unknown as SheetsClient;
    let result;
    try {
      result = await provisionSheet(client, spreadsheetId);
    } catch (error) {
      throw new WorkbookFileError(`시트에 연결하지 못했습니다: ${(error as Error).message}`);
    }
    io.out(
      result.requests === 0
        ? "모든 탭과 열이 이미 있습니다"
        : `만든 탭: ${result.created.join(", ") || "없음"} · 보낸 변경 ${result.requests}건`,
    );
    return { code: 0 };
  },
};
