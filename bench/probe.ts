import { join } from "node:path";
process.env.PEACH_DIST = join(__dirname, "..", "dist");
import { seasonDay } from "./seasonDay";
const size = Number(process.env.SIZE ?? 1000);
const t = Date.now();
const d = seasonDay(size, {
  costs: (process.env.COSTS as "floor" | "worst") ?? "floor",
  faults: !!process.env.FAULTS,
});
console.log(JSON.stringify(d));
console.log(`real ${(Date.now() - t) / 1000} s`);
