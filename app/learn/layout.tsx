import { AppShell } from "@/components/app-shell";
import { requireLearner } from "@/lib/dal/guard";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireLearner("/learn");
  return <AppShell user={user}>{children}</AppShell>;
}
