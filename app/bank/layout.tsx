import { AppShell } from "@/components/app-shell";
import { requireRole } from "@/lib/dal/session";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireRole(["coach", "admin"], "/bank");
  return <AppShell user={user}>{children}</AppShell>;
}
