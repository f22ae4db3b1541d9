/** An error's message, whichever realm threw it (Google's services throw their own Error). */
export const messageOf = (error: unknown): string =>
  typeof (error as { message?: unknown } | null)?.message === "string"
    ? (error as { message: string }).message
    : String(error);
