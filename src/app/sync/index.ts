/**
 * The pass behind every edit and every reconcile (pass.ts: read → decide → write → views), and
 * the words its callers use (mode.ts). The season's rules are in domain/season/.
 */
export {
  EDIT_ROLE,
  editedTabNamed,
  passOf,
  type EditedRows,
  type EditedTab,
  type Pass,
  type SyncMode,
  type TimedEdit,
} from "./mode";
export { sync, syncEdit, type EditScope, type SyncResult, type TodayPatch } from "./pass";
export { whyStopped } from "./read";
