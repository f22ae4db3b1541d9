/** Files we export for Excel: user text never runs as a formula, digits keep their leading 0. */
import { parse } from "csv-parse/sync";
import { toExcelCsv } from "../src/app/csv";

describe("a CSV for Excel", () => {
  // Read back by csv-parse, independent of the code under test.
  const read = (rows: unknown[][]) => parse(toExcelCsv(rows).replace(/^\uFEFF/, "")) as string[][];

  it.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ["+821012345678", "'+821012345678"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
  ])("neutralises %j", (text, written) => {
    expect(read([[text]])[0]).toEqual([written]);
  });

  it("keeps postal codes, dashless phones and long waybills as text", () => {
    expect(read([["06236", "01012345678", "521853123456", "010-1234-5678", "문희경", 3]])[0]).toEqual([
      '="06236"',
      '="01012345678"',
      '="521853123456"',
      "010-1234-5678",
      "문희경",
      "3",
    ]);
  });
});
