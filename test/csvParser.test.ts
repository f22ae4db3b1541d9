/**
 * One way to read CSV. Pasted text (both hosts, src/app/csv.ts) and files (csv-parse in strict
 * mode, src/local/sourceFile.ts) must read every input the same: the same rows and line numbers,
 * or the same structural problem at the same line. fast-check throws random texts made of the
 * characters that matter (quotes, delimiters, every kind of line end) at both.
 */
import fc from "fast-check";
import { CSV_PROBLEM_TEXT, parseCsv, parsePasted, pastedProblem } from "../src/app/csv";
import { parseCsvFile } from "../src/local/sourceFile";

const DELIMITERS = [",", "\t", ";", "|"];
const PIECES = ["a", "김", " ", '"', '""', ",", "\t", ";", "|", "\n", "\r\n", "\r", "\uFEFF", "=1"];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join(""));

/** Lines of a text: every line end ends one; a last line without one counts too. */
const lineCount = (t: string) => {
  const unified = t.replace(/\r\n?/g, "\n");
  return unified === "" ? 0 : unified.split("\n").length - (unified.endsWith("\n") ? 1 : 0);
};

describe("CSV: pasted text and files are read one way", () => {
  it("the paste parser and csv-parse agree on random texts: rows and lines, or the problem and its line", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...DELIMITERS), (t, delimiter) => {
        expect(parseCsv(t, delimiter)).toEqual(parseCsvFile(t, delimiter));
      }),
      { numRuns: 3000 },
    );
  });

  it("rows in = rows kept: every line of the text is in exactly one row, or the problem names a line that exists", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...DELIMITERS), (t, delimiter) => {
        const parsed = parseCsv(t, delimiter);
        if (!parsed.ok) {
          expect(parsed.line).toBeGreaterThanOrEqual(1);
          expect(parsed.line).toBeLessThanOrEqual(Math.max(1, lineCount(t)));
          return;
        }
        const breaksInCells = parsed.rows.flat().reduce((n, cell) => n + cell.split("\n").length - 1, 0);
        expect(parsed.rows.length + breaksInCells).toBe(lineCount(t));
        // Each row starts on the line after the previous row ended.
        parsed.rows.forEach((row, i) => {
          const next = parsed.lines[i]! + row.reduce((n, cell) => n + cell.split("\n").length - 1, 0) + 1;
          if (i + 1 < parsed.rows.length) expect(parsed.lines[i + 1]).toBe(next);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("an unterminated quote names the line its row began on, and nothing is read", () => {
    const lines = [
      "받는분\t전화\t송장",
      "김민수\t010-1111-2222\t600011112222",
      '"이영희\t010-3333-4444\t600011113333',
    ];
    for (let i = 0; i < 15; i++) lines.push(`손님${i}\t010-5555-${String(1000 + i)}\t6000222${i}`);
    const parsed = parsePasted(lines.join("\n"));
    expect(parsed).toEqual({ ok: false, problem: "quoteNotClosed", line: 3 });
    expect(parseCsvFile(lines.join("\n"), "\t")).toEqual(parsed);
    expect(pastedProblem(parsed as { problem: "quoteNotClosed"; line: number })).toBe(
      "붙여 넣은 내용의 3번째 줄을 읽을 수 없습니다: 따옴표가 닫히지 않았습니다. 아무 줄도 반영하지 않았습니다. 그 줄을 고쳐 다시 붙여 넣어 주세요",
    );
  });

  it("a quote inside a field and text after a closing quote name their line", () => {
    expect(parseCsv('a,b\nc,d"e\n')).toEqual({ ok: false, problem: "quoteInsideField", line: 2 });
    expect(parseCsv('a,b\n"c\nc"x,d\n')).toEqual({ ok: false, problem: "textAfterClosingQuote", line: 3 });
    expect(Object.keys(CSV_PROBLEM_TEXT).sort()).toEqual(
      ["quoteInsideField", "quoteNotClosed", "textAfterClosingQuote"].sort(),
    );
  });

  it("mixed line ends (CRLF, LF, CR) each end a line, in files and pastes: no line is joined into a cell", () => {
    const mixed = "이름,상자\r\n김,1\n이,2\r박,3\r\n";
    const rows = [
      ["이름", "상자"],
      ["김", "1"],
      ["이", "2"],
      ["박", "3"],
    ];
    expect(parseCsvFile(mixed, ",")).toEqual({ ok: true, rows, lines: [1, 2, 3, 4] });
    expect(parsePasted(mixed)).toEqual({ ok: true, rows, lines: [1, 2, 3, 4] });
  });

  it("a quoted cell with line breaks keeps them, and the next row's line counts them", () => {
    const pasted = '받는분\t메모\n김민수\t"문 앞에\n두세요"\n이영희\t\n';
    expect(parsePasted(pasted)).toEqual({
      ok: true,
      rows: [
        ["받는분", "메모"],
        ["김민수", "문 앞에\n두세요"],
        ["이영희", ""],
      ],
      lines: [1, 2, 4],
    });
  });
});
