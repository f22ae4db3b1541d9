/**
 * A save keeps what Tony's file is: a symbolic link stays a link and its target is saved, a
 * hard-linked file is refused rather than split, the mode stays, a read-only file is refused. The
 * courier file never overwrites the workbook, nor a file we did not make without --force.
 */
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initFile } from "../../src/node/files";
import { cliStreams } from "./cliStreams";
import { xlsxRecords } from "./xlsxRecords";

const NOW = ["--now", "2026-07-13T09:00:00+09:00"];

async function workbook(): Promise<{ folder: string; file: string }> {
  const folder = mkdtempSync(join(tmpdir(), "peach-save-"));
  const file = join(folder, "주문.xlsx");
  const host = await initFile(file, true, new Date("2026-07-13T10:30:00+09:00"));
  // Tony has filled what the courier file needs from 설정 (a new workbook leaves it empty).
  const settings = host.workbook.sheet("설정")!;
  const labels = settings.readAll().map((r) => r[0]);
  settings.write(labels.indexOf("판매자 연락처") + 1, 2, [["010-2468-1357"]]);
  settings.write(labels.indexOf("보내는 주소") + 1, 2, [["경상북도 청도군 청도읍 복숭아길 7"]]);
  await host.workbook.save();
  return { folder, file };
}

const sync = (file: string) => cliStreams("sync", file, ...NOW);

describe("saving keeps the file Tony has", () => {
  it("a symlinked workbook is saved through to its target; the link stays a link", async () => {
    const { folder, file } = await workbook();
    const elsewhere = join(folder, "바로가기");
    mkdirSync(elsewhere);
    const link = join(elsewhere, "주문.xlsx");
    symlinkSync(file, link);
    const before = readFileSync(file);
    const inode = statSync(file).ino;
    const result = await cliStreams("sync", link, "--now", "2026-07-14T09:00:00+09:00");
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file).equals(before)).toBe(false);
    expect(readFileSync(link).equals(readFileSync(file))).toBe(true);
    expect(statSync(file).ino).not.toBe(inode); // replaced atomically, in its own folder
    expect(readdirSync(elsewhere)).toEqual(["주문.xlsx"]);
    expect(readdirSync(folder).sort()).toEqual(["바로가기", "주문.xlsx"]);
  });

  it("a hard-linked workbook is refused with a reason, both names unchanged", async () => {
    const { folder, file } = await workbook();
    const other = join(folder, "사본.xlsx");
    linkSync(file, other);
    const before = readFileSync(file);
    const result = await sync(file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/하드 링크/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).ino).toBe(statSync(other).ino);
  });

  it("the file's mode is kept: 600 stays 600", async () => {
    const { file } = await workbook();
    chmodSync(file, 0o600);
    expect((await cliStreams("sync", file, "--now", "2026-07-14T09:00:00+09:00")).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o640);
    expect((await cliStreams("sync", file, "--now", "2026-07-15T09:00:00+09:00")).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it("a read-only (444) workbook is refused, not replaced", async () => {
    const { file } = await workbook();
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const inode = statSync(file).ino;
    try {
      const result = await sync(file);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/읽기 전용/);
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(statSync(file).ino).toBe(inode);
      expect(statSync(file).mode & 0o777).toBe(0o444);
    } finally {
      chmodSync(file, 0o644);
    }
  });
});

describe("export-courier --out never overwrites what it should not", () => {
  const exportTo = (file: string, out: string, ...more: string[]) =>
    cliStreams("export-courier", file, "--date", "2026-07-13", "--out", out, ...NOW, ...more);

  it("refuses the workbook itself, by name or through a link, even with --force", async () => {
    const { folder, file } = await workbook();
    const before = readFileSync(file);
    const link = join(folder, "링크.xlsx");
    symlinkSync(file, link);
    for (const out of [file, join(folder, ".", "주문.xlsx"), link]) {
      const result = await exportTo(file, out, "--force");
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/통합 문서 자신/);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect((await xlsxRecords(file, "주문")).length).toBeGreaterThan(5);
  });

  it("refuses a file it did not make unless --force; overwrites its own courier file", async () => {
    const { folder, file } = await workbook();
    const notes = join(folder, "메모.xlsx");
    writeFileSync(notes, "토니의 메모");
    const refused = await exportTo(file, notes);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/이 프로그램이 만든 택배 파일이 아닙니다.*--force/);
    expect(readFileSync(notes, "utf8")).toBe("토니의 메모");

    const courier = join(folder, "택배.xlsx");
    expect((await exportTo(file, courier)).code).toBe(0);
    expect((await exportTo(file, courier)).code).toBe(0); // our own file of an earlier run

    expect((await exportTo(file, notes, "--force")).code).toBe(0);
    expect((await xlsxRecords(notes)).length).toBe((await xlsxRecords(courier)).length);
  });
});
