import type { Role } from "@/lib/enums";

export interface NavItem {
  href: string;
  label: string;
}

export const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  learner: [
    { href: "/learn", label: "Home" },
    { href: "/learn/status", label: "Retake status" },
    { href: "/learn/attempts", label: "Attempts" },
    { href: "/learn/practice", label: "Practice" },
    { href: "/learn/plan", label: "Plan" },
    { href: "/learn/variations", label: "Variations" },
  ],
  coach: [
    { href: "/coach", label: "Learners" },
    { href: "/bank", label: "Question bank" },
  ],
  admin: [
    { href: "/admin", label: "Overview" },
    { href: "/admin/users", label: "People" },
    { href: "/admin/cohorts", label: "Cohorts" },
    { href: "/admin/analytics", label: "Weak domains" },
    { href: "/admin/audit", label: "Audit log" },
    { href: "/admin/mail", label: "Mail" },
    { href: "/bank", label: "Question bank" },
  ],
};
