/** An expected refusal with a message for the user (the rule, the missing right…). */
export class ActionError extends Error {
  constructor(
    public readonly code: "unauthenticated" | "forbidden" | "not-found" | "conflict" | "invalid",
    message: string,
    public readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}
