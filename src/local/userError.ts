/**
 * A problem the person can fix (a file, a port, a busy workbook): the CLI prints the Korean
 * message alone on stderr and exits with 2. Anything else is a defect of ours.
 */
export class UserError extends Error {}
