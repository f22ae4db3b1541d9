/**
 * `npm test` runs test/gas as it is, where a web-app execution's getActiveSpreadsheet() is null,
 * and again with PEACH_WEBAPP_ACTIVE=container for the files listed in test/gas/containerMode.json
 * (jest.config.js). The switch is read in one place only, the emulator's getActiveSpreadsheet()
 * and getActive() in a web-app execution, and the emulator counts those reads: a file that never
 * makes one runs the same path under either value. This hook keeps the list exact: a file that
 * reads the switch must be listed, and a listed file must read it.
 */
import { join, relative, sep } from "node:path";
import { defaultWebAppActiveReads } from "../emulator/appsScript";
import containerMode from "./containerMode.json";

afterAll(() => {
  const file = relative(join(__dirname, "..", ".."), expect.getState().testPath!)
    .split(sep)
    .join("/");
  const reads = defaultWebAppActiveReads.count;
  const listed = containerMode.includes(file);
  if (reads > 0 && !listed)
    throw new Error(
      `${file} reads the web app's getActiveSpreadsheet() default (${reads} times): ` +
        "list it in test/gas/containerMode.json, so it runs with PEACH_WEBAPP_ACTIVE=container too",
    );
  if (reads === 0 && listed)
    throw new Error(
      `${file} never reads the web app's getActiveSpreadsheet() default: ` +
        "take it out of test/gas/containerMode.json (it would run twice the same way)",
    );
});
