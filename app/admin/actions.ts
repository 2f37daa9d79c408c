"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions";
import {
  addMembersByEmail,
  assignCoach,
  changeRole,
  createCohort,
  createStaff,
  removeMember,
  resetPassword,
  setActive,
  updateCohort,
} from "@/lib/admin/server/users-and-cohorts";
import {
  assignCoachSchema,
  cohortArchiveSchema,
  cohortNameSchema,
  cohortRenameSchema,
  createStaffSchema,
  pasteEmailsSchema,
  removeMemberSchema,
  userActiveSchema,
  userRefSchema,
  userRoleSchema,
} from "@/lib/validation/admin";

const ADMIN = ["admin"] as const;

function refresh() {
  revalidatePath("/admin", "layout");
  revalidatePath("/coach", "layout");
}

export const createStaffAction = authedAction(ADMIN, createStaffSchema, async (input, { db, user }) => {
  const password = await createStaff(db, user, input);
  refresh();
  return { status: "success", message: `Created ${input.email} as ${input.role}. One-time password (shown once, pass it on safely): ${password}` };
});

export const changeRoleAction = authedAction(ADMIN, userRoleSchema, async ({ userId, role }, { db, user }) => {
  await changeRole(db, user, userId, role);
  refresh();
  return { status: "success", message: `Role changed to ${role}. It applies on the user's next request.` };
});

export const setActiveAction = authedAction(ADMIN, userActiveSchema, async ({ userId, active }, { db, user }) => {
  await setActive(db, user, userId, active);
  refresh();
  return { status: "success", message: active ? "Reactivated." : "Deactivated: access ends on the user's next request." };
});

export const resetPasswordAction = authedAction(ADMIN, userRefSchema, async ({ userId }, { db, user }) => {
  const password = await resetPassword(db, user, userId);
  refresh();
  return { status: "success", message: `One-time password (shown once): ${password}` };
});

export const createCohortAction = authedAction(ADMIN, cohortNameSchema, async ({ name }, { db, user }) => {
  const id = await createCohort(db, user, name);
  refresh();
  redirect(`/admin/cohorts/${id}`);
});

export const renameCohortAction = authedAction(ADMIN, cohortRenameSchema, async ({ cohortId, name }, { db, user }) => {
  await updateCohort(db, user, cohortId, { name });
  refresh();
  return { status: "success", message: "Cohort renamed." };
});

export const archiveCohortAction = authedAction(ADMIN, cohortArchiveSchema, async ({ cohortId, archived }, { db, user }) => {
  await updateCohort(db, user, cohortId, { archived });
  refresh();
  return { status: "success", message: archived ? "Cohort archived." : "Cohort restored." };
});

export const addMembersAction = authedAction(ADMIN, pasteEmailsSchema, async ({ cohortId, emails }, { db, user }) => {
  const results = await addMembersByEmail(db, user, cohortId, emails);
  refresh();
  const added = results.filter((r) => r.result === "added").length;
  return {
    status: "success",
    message: `${added} added, ${results.length - added} not added.`,
    values: { results: results.map((r) => `${r.email}: ${r.result}`) },
  };
});

export const removeMemberAction = authedAction(ADMIN, removeMemberSchema, async ({ cohortId, learnerId }, { db, user }) => {
  await removeMember(db, user, cohortId, learnerId);
  refresh();
  return { status: "success", message: "Removed from the cohort." };
});

export const assignCoachAction = authedAction(ADMIN, assignCoachSchema, async ({ coachId, learnerIds }, { db, user }) => {
  const n = await assignCoach(db, user, coachId, learnerIds);
  refresh();
  return { status: "success", message: `Coach assigned to ${n} learner${n === 1 ? "" : "s"}.` };
});
