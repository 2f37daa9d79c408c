"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions";
import { ROLES } from "@/lib/enums";
import { kindsForRole } from "@/lib/notifications/kinds";
import { setPreference } from "@/lib/notifications/server/notifications";
import { reminderPreferencesSchema } from "@/lib/validation/reminders";

/** Saves the caller's own choice, per reminder kind of their role, for email and the in-app list. */
export const saveReminderPreferencesAction = authedAction(
  ROLES,
  ({ user }) => reminderPreferencesSchema(kindsForRole(user.role)),
  async (input, { db, user }) => {
    const kinds = kindsForRole(user.role);
    if (!kinds.length) return { status: "success", message: "There are no reminders for your role." };
    const values = input as Record<string, "on" | undefined>;
    await db.transaction(async (tx) => {
      for (const kind of kinds) await setPreference(tx, user.id, kind, { email: values[`email_${kind}`] === "on", inApp: values[`inApp_${kind}`] === "on" });
    });
    revalidatePath("/account");
    return { status: "success", message: "Reminder choices saved." };
  },
);
