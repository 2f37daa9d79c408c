import { AppShell } from "@/components/app-shell";
import { requireSessionUser } from "@/lib/dal/session";

/**
 * The account area, for every role. It is also where a person with a one-time password must go
 * first: for them the frame has no navigation (every other page would send them back here), and
 * each page below checks again (the change-password page is the only one open to them).
 */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await requireSessionUser("/account");
  return (
    <AppShell user={user} restricted={user.mustChangePassword}>
      {children}
    </AppShell>
  );
}
