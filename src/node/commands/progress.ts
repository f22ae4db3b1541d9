import type { CommandIO } from "./types";

/** A progress reporter that speaks only for long work (over 1,000 rows) and only on a terminal. */
export function longWork(io: CommandIO): ((fraction: number, label: string) => void) & { rows: number } {
  const report = Object.assign(
    (fraction: number, label: string) => {
      if (io.progress && report.rows > 1000) io.progress(fraction, label);
    },
    { rows: 0 },
  );
  return report;
}
