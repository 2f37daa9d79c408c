import type { Metadata } from "next";
import Link from "next/link";
import { Alert, buttonClasses, cn } from "@/components/ui";
import { signOutAction } from "@/app/(auth)/actions";
import { PageHeader } from "@/components/app-shell";
import { cardClass } from "@/components/ui/styles";
import { EXPORT_SECTIONS } from "@/lib/account/server/export";
import { SELF_DELETING_ROLES } from "@/lib/account/server/account";
import { requireUser } from "@/lib/dal/session";
import { timeZoneOptions } from "@/lib/time-zones";
import { DeleteAccountForm } from "./delete-account-form";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { ReminderPreferences } from "./reminders/reminder-preferences";

export const metadata: Metadata = { title: "Account" };

function Section({ id, title, description, children, tone = "default" }: { id: string; title: string; description?: React.ReactNode; children: React.ReactNode; tone?: "default" | "danger" }) {
  return (
    <section aria-labelledby={`${id}-h`} className={cn(cardClass, tone === "danger" && "border-red-200")}>
      <h2 id={`${id}-h`} className={`text-lg font-semibold ${tone === "danger" ? "text-red-800" : "text-slate-900"}`}>
        {title}
      </h2>
      {description && <div className="mb-4 mt-1 max-w-prose text-sm text-slate-600">{description}</div>}
      {children}
    </section>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ changed?: string | string[] }> }) {
  const user = await requireUser("/account");
  const { changed } = await searchParams;
  const canDelete = SELF_DELETING_ROLES.includes(user.role);
  return (
    <>
      <PageHeader title="Account" description={`Signed in as ${user.email}. Your name, time zone, password and data.`} />
      {changed === "password" && (
        <Alert tone="success" className="mb-6">
          Your password was changed. Every other browser and device was signed out; this one stays signed in.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <Section id="profile" title="Name and time zone">
          <ProfileForm name={user.name} timeZone={user.timeZone} zones={timeZoneOptions([user.timeZone])} />
        </Section>

        <Section id="password" title="Password" description="Changing it signs you out on every other browser and device; this one stays signed in.">
          <PasswordForm />
        </Section>

        <Section
          id="sessions"
          title="Sign out everywhere"
          description="Ends every session of your account on every browser and device, this one included. Use it if you signed in on a shared or lost device. (Signing out from the account menu does the same.)"
        >
          <form action={signOutAction}>
            <button type="submit" className={buttonClasses({ variant: "secondary" })}>
              Sign out everywhere
            </button>
          </form>
        </Section>

        <Section id="reminders" title="Reminders" description="What Retake Coach may tell you, and how: by email, in the app's notification list, both or neither.">
          <ReminderPreferences user={user} />
        </Section>

        <Section id="data" title="Download my data" description="A JSON file with everything Retake Coach keeps about you:">
          <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-slate-600">
            <li>your profile (name, email, role, time zone; never your password)</li>
            {EXPORT_SECTIONS.map((s) => (
              <li key={s.key}>{s.description}</li>
            ))}
          </ul>
          {/* A plain link: the route answers with a file (Content-Disposition: attachment). */}
          <a href="/account/export.json" download className={buttonClasses({ variant: "secondary" })}>
            Download my data (JSON)
          </a>
        </Section>

        {canDelete ? (
          <Section
            id="delete"
            title="Delete my account"
            tone="danger"
            description={
              <>
                <p>
                  This deletes your account and everything in it for good: your attempts and notes, practice sets and answers, repair
                  plans and evidence, and your cohort memberships. Your coach and your cohort&apos;s figures no longer include you. It
                  cannot be undone; <Link href="/account/export.json" className={buttonClasses({ variant: "link" })}>download your data</Link> first if you
                  want a copy.
                </p>
              </>
            }
          >
            <DeleteAccountForm email={user.email} />
          </Section>
        ) : (
          <Section id="delete" title="Delete my account" description="Coach and admin accounts are removed by an admin (Admin → People), so that a programme is never left without one." >
            <p className="text-sm text-slate-600">Ask an admin to deactivate your account.</p>
          </Section>
        )}
      </div>
    </>
  );
}
