import { z } from "zod";
import type { ReminderKind } from "@/lib/notifications/kinds";

/** A checked checkbox posts "on"; an unchecked one posts nothing. Nothing else is a choice. */
const checkbox = z.literal("on", { error: "Tick the box or leave it empty." }).optional();

/** The preferences form of a person with these kinds: `email_<kind>` and `inApp_<kind>` per kind. */
export function reminderPreferencesSchema(kinds: readonly ReminderKind[]) {
  return z.object(Object.fromEntries(kinds.flatMap((k) => [[`email_${k}`, checkbox], [`inApp_${k}`, checkbox]])) as Record<string, typeof checkbox>);
}
