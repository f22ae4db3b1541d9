/** Every command, in the order `peach-orders --help` lists them. A new command is added here. */
import { delay } from "./delay";
import { exportCourier } from "./exportCourier";
import { importCommand } from "./import";
import { importPayments } from "./importPayments";
import { importTracking } from "./importTracking";
import { init } from "./init";
import { messages } from "./messages";
import { plan } from "./plan";
import { provision } from "./provision";
import { sendMessages } from "./sendMessages";
import { serve } from "./serve";
import { start } from "./start";
import { sync } from "./sync";
import { today } from "./today";
import { tools } from "./tools";
import type { Command } from "./types";

export const COMMANDS: readonly Command[] = [
  start,
  init,
  sync,
  importCommand,
  today,
  messages,
  sendMessages,
  delay,
  exportCourier,
  importTracking,
  importPayments,
  serve,
  tools,
  provision,
  plan,
];
