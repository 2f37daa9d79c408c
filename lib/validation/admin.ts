import { z } from "zod";
import { ROLES, type Role } from "@/lib/enums";
import { timeZoneSchema } from "./auth";

/** The roles an admin creates accounts for; learners register themselves. */
export const STAFF_ROLES = ["coach", "admin"] as const satisfies readonly Role[];

const uuid = (what: string) => z.uuid({ error: `Unknown ${what}.` });

export const createStaffSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "A name has at most 100 characters."),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "An email address has at most 254 characters.")
    .pipe(z.email({ error: "Enter a valid email address." })),
  role: z.enum(STAFF_ROLES, { error: "Coaches and admins are created here; learners register themselves." }),
  timeZone: timeZoneSchema,
});

export const userRoleSchema = z.object({ userId: uuid("user"), role: z.enum(ROLES, { error: "Choose a role." }) });
export const userActiveSchema = z.object({ userId: uuid("user"), active: z.enum(["true", "false"]).transform((v) => v === "true") });
export const userRefSchema = z.object({ userId: uuid("user") });

export const cohortNameSchema = z.object({ name: z.string().trim().min(1, "Enter a cohort name.").max(100, "A cohort name has at most 100 characters.") });
export const cohortRenameSchema = cohortNameSchema.extend({ cohortId: uuid("cohort") });
export const cohortArchiveSchema = z.object({ cohortId: uuid("cohort"), archived: z.enum(["true", "false"]).transform((v) => v === "true") });

export const pasteEmailsSchema = z.object({
  cohortId: uuid("cohort"),
  emails: z
    .string()
    .max(200_000, "Paste at most 200 000 characters at once.")
    .transform((v) => v.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(z.string()).min(1, "Paste at least one email address.").max(5000, "Paste at most 5000 addresses at once.")),
});

export const removeMemberSchema = z.object({ cohortId: uuid("cohort"), learnerId: uuid("learner") });

export const assignCoachSchema = z.object({
  cohortId: uuid("cohort"),
  coachId: uuid("coach"),
  learnerIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.uuid({ error: "Unknown learner." })).min(1, "Choose at least one learner.").max(5000)),
});
