/** Debian's Chromium for the browser tests: never a downloaded browser, no network chatter. */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium이 없습니다 (${CHROMIUM}). 'apt-get install chromium' 후 다시 실행하세요`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root in a container, and on a machine with no internet: no sandbox, no background traffic.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
