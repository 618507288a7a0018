/** A command line that cannot be carried out as given (exit code 2): the message says what to fix. */
export class UsageError extends Error {}
