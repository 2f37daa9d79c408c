"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions";
import { getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";
import { addTask, assignPlan, createDraftPlan, editTask, moveTask, removeTask, reviewTask, setTargetDate, takeOverPlan } from "@/lib/plans/server/repair-plans";
import { acceptNextCycle } from "@/lib/plans/server/cycles";
import { acceptCycleSchema, planIdSchema, generatePlanSchema, reviewSchema, targetDateSchema, taskAddSchema, taskEditSchema, taskMoveSchema, taskRefSchema } from "@/lib/validation/plan";

const COACH = ["coach"] as const;
/**
 * The plan editor's actions serve the learner's coach and a self-coached learner working on their
 * own plan: the service decides which plan each may touch (a learner only a plan they control).
 */
const EDITORS = ["coach", "learner"] as const;

function refresh() {
  revalidatePath("/coach", "layout");
  revalidatePath("/learn", "layout");
}

export const generatePlanAction = authedAction(EDITORS, generatePlanSchema, async (input, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await createDraftPlan(db, user, input.learnerId, exam, { startDate: input.startDate, lengthDays: input.lengthDays });
  refresh();
  // A self-coached learner goes straight to their draft in the editor.
  if (user.role === "learner") redirect("/learn/plan/edit");
  return { status: "success", message: "Draft plan generated. Review and edit it, then assign it." };
});

export const assignPlanAction = authedAction(EDITORS, planIdSchema, async ({ planId }, { db, user }) => {
  await assignPlan(db, user, planId);
  refresh();
  return { status: "success", message: user.role === "learner" ? "Plan started: today's tasks are on your plan page." : "Plan assigned: the learner sees it now." };
});

export const takeOverPlanAction = authedAction(COACH, planIdSchema, async ({ planId }, { db, user }) => {
  await takeOverPlan(db, user, planId);
  refresh();
  return { status: "success", message: "You have taken over this plan: you edit it now and review new evidence." };
});

export const editTaskAction = authedAction(EDITORS, taskEditSchema, async (input, { db, user }) => {
  await editTask(db, user, input.planId, input.taskId, input);
  refresh();
  return { status: "success", message: "Task saved." };
});

export const addTaskAction = authedAction(EDITORS, taskAddSchema, async (input, { db, user }) => {
  await addTask(db, user, input.planId, input);
  refresh();
  return { status: "success", message: "Task added." };
});

export const removeTaskAction = authedAction(EDITORS, taskRefSchema, async ({ planId, taskId }, { db, user }) => {
  await removeTask(db, user, planId, taskId);
  refresh();
  return { status: "success", message: "Task removed." };
});

export const moveTaskAction = authedAction(EDITORS, taskMoveSchema, async ({ planId, taskId, direction }, { db, user }) => {
  await moveTask(db, user, planId, taskId, direction);
  refresh();
  return { status: "success" };
});

export const setTargetDateAction = authedAction(EDITORS, targetDateSchema, async ({ planId, targetDate, confirmEarly }, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  const result = await setTargetDate(db, user, planId, exam, targetDate, confirmEarly);
  if (result.status === "confirm") {
    return { status: "error", message: result.message, errors: { confirmEarly: [result.message] }, values: { targetDate, planId, needsConfirm: "1" } };
  }
  refresh();
  return { status: "success", message: `Target retake date set to ${targetDate}.` };
});

export const reviewTaskAction = authedAction(COACH, reviewSchema, async ({ taskId, decision, comment }, { db, user }) => {
  await reviewTask(db, user, taskId, decision, comment);
  refresh();
  return { status: "success", message: decision === "accept" ? "Evidence accepted." : "Sent back to the learner with your comment." };
});

/**
 * Accepts a plan's next cycle (its closing retest still shows core gaps): the coach for a plan they
 * control, a self-coached learner for their own plan. The service checks which plan each may touch.
 */
export const acceptCycleAction = authedAction(EDITORS, acceptCycleSchema, async ({ planId, basisSessionId }, { db, user }) => {
  const { firstDay, lastDay } = await acceptNextCycle(db, user, planId, basisSessionId);
  refresh();
  return { status: "success", message: `Next cycle added: days ${firstDay} and ${lastDay} rebuild, prove and retest the categories still missed.` };
});
