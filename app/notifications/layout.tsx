import { AppShell } from "@/components/app-shell";
import { requireUser } from "@/lib/dal/session";

export default async function NotificationsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("/notifications");
  return <AppShell user={user}>{children}</AppShell>;
}
