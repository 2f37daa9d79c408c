import { AppShell } from "@/components/app-shell";
import { requireCoach } from "@/lib/dal/guard";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireCoach("/coach");
  return <AppShell user={user}>{children}</AppShell>;
}
