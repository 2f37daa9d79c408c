import { redirect } from "next/navigation";
import { getCurrentUser, HOME_BY_ROLE } from "@/lib/dal/session";

export default async function Home() {
  const user = await getCurrentUser();
  redirect(user ? HOME_BY_ROLE[user.role] : "/sign-in");
}
