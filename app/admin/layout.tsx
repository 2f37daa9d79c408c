import { AppShell } from "@/components/app-shell";
import { requireAdmin } from "@/lib/dal/guard";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireAdmin("/admin");
  return <AppShell user={user}>{children}</AppShell>;
}
