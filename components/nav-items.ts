import type { Role } from "@/db/schema";

export interface NavItem {
  href: string;
  label: string;
}

export const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  learner: [
    { href: "/learn", label: "Home" },
    { href: "/learn/status", label: "Retake status" },
    { href: "/learn/attempts", label: "Attempts" },
  ],
  coach: [{ href: "/coach", label: "Learners" }],
  admin: [{ href: "/admin", label: "Overview" }],
};
