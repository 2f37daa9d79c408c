import type { Role } from "@/lib/enums";

/** The reminder kinds, each opted into or out of per person and per channel (email, in-app). */
export const REMINDER_KINDS = ["retake-eligible", "plan-today", "evidence-returned", "readiness-reached", "coach-digest"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface KindInfo {
  label: string;
  /** What the person gets, for the preferences page. */
  description: string;
  /** Who the kind is for. */
  roles: readonly Role[];
}

export const KIND_INFO: Record<ReminderKind, KindInfo> = {
  "retake-eligible": {
    label: "You may sit the exam again",
    description: "At the exact moment the retake policy's wait ends.",
    roles: ["learner"],
  },
  "plan-today": {
    label: "Today's plan tasks",
    description: "At 07:00 in your time zone, on days your repair plan has tasks left.",
    roles: ["learner"],
  },
  "evidence-returned": {
    label: "Evidence returned by your coach",
    description: "When your coach sends a task's evidence back with a comment.",
    roles: ["learner"],
  },
  "readiness-reached": {
    label: "Readiness reached",
    description: "When your qualifying practice sets show you are ready to book the retake.",
    roles: ["learner"],
  },
  "coach-digest": {
    label: "Daily coaching digest",
    description: "At 07:00 in your time zone: evidence waiting for review and learners with a new attempt. Nothing on days with nothing to say.",
    roles: ["coach"],
  },
};

export function isReminderKind(v: unknown): v is ReminderKind {
  return typeof v === "string" && (REMINDER_KINDS as readonly string[]).includes(v);
}

export function kindsForRole(role: Role): ReminderKind[] {
  return REMINDER_KINDS.filter((k) => KIND_INFO[k].roles.includes(role));
}
