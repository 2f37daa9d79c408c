import { AppShell } from "@/components/app-shell";
import { requireBankEditor } from "@/lib/dal/guard";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireBankEditor("/bank");
  return <AppShell user={user}>{children}</AppShell>;
}
