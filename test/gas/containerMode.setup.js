// The emulator's default for getActiveSpreadsheet() in a web app, read when it loads: the container.
process.env.PEACH_WEBAPP_ACTIVE = "container";
