// Test-only preload (`node -r`): a save's rename of its temporary file waits up to 30 s, after
// saying so in the file PEACH_TEST_HOLD_RENAME names, so a test can kill the process while the
// temporary file is on disk whatever the machine's load (polling for it lost the race when two
// jest workers and the child shared two cores).
const fs = require("node:fs");
const rename = fs.renameSync;
fs.renameSync = function renameSync(from, to) {
  const marker = process.env.PEACH_TEST_HOLD_RENAME;
  if (marker && String(from).endsWith(".tmp")) {
    fs.writeFileSync(marker, String(from));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  }
  return rename.call(this, from, to);
};
