import { myReminderPreferences } from "@/lib/dal/notifications";
import type { CurrentUser } from "@/lib/dal/session";
import { KIND_INFO, kindsForRole } from "@/lib/notifications/kinds";
import { ReminderPreferencesForm } from "./preferences-form";

/** The account page's reminders section: the signed-in person's own choices, per kind of their role. */
export async function ReminderPreferences({ user }: { user: CurrentUser }) {
  const kinds = kindsForRole(user.role);
  if (!kinds.length) return <p className="text-sm text-slate-600">There are no reminders for admins. Mail the app could not send is listed under Admin → Mail.</p>;
  const prefs = await myReminderPreferences(user);
  return <ReminderPreferencesForm choices={kinds.map((k) => ({ kind: k, label: KIND_INFO[k].label, description: KIND_INFO[k].description, ...prefs[k] }))} />;
}
