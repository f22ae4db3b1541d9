import { main } from "../../src/node/cli";

/** Runs the CLI in this process with stdout and stderr apart, as a pipe sees them. */
export async function cliStreams(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const result = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  await result.server?.close();
  return { code: result.code, out: out.join("\n"), err: err.join("\n") };
}
