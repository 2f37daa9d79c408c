"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/actions";
import { getExamByCode } from "@/lib/attempts/service";
import { AZ104 } from "@/lib/exam/az104";
import { addTask, assignPlan, createDraftPlan, editTask, moveTask, removeTask, reviewTask, setTargetDate } from "@/lib/repair-plans/service";
import { planIdSchema, generatePlanSchema, reviewSchema, targetDateSchema, taskAddSchema, taskEditSchema, taskMoveSchema, taskRefSchema } from "@/lib/validation/plan";

const COACH = ["coach"] as const;

function refresh() {
  revalidatePath("/coach", "layout");
  revalidatePath("/learn", "layout");
}

export const generatePlanAction = authedAction(COACH, generatePlanSchema, async (input, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await createDraftPlan(db, user, input.learnerId, exam, { startDate: input.startDate, lengthDays: input.lengthDays });
  refresh();
  return { status: "success", message: "Draft plan generated. Review and edit it, then assign it." };
});

export const assignPlanAction = authedAction(COACH, planIdSchema, async ({ planId }, { db, user }) => {
  await assignPlan(db, user, planId);
  refresh();
  return { status: "success", message: "Plan assigned: the learner sees it now." };
});

export const editTaskAction = authedAction(COACH, taskEditSchema, async (input, { db, user }) => {
  await editTask(db, user, input.planId, input.taskId, input);
  refresh();
  return { status: "success", message: "Task saved." };
});

export const addTaskAction = authedAction(COACH, taskAddSchema, async (input, { db, user }) => {
  await addTask(db, user, input.planId, input);
  refresh();
  return { status: "success", message: "Task added." };
});

export const removeTaskAction = authedAction(COACH, taskRefSchema, async ({ planId, taskId }, { db, user }) => {
  await removeTask(db, user, planId, taskId);
  refresh();
  return { status: "success", message: "Task removed." };
});

export const moveTaskAction = authedAction(COACH, taskMoveSchema, async ({ planId, taskId, direction }, { db, user }) => {
  await moveTask(db, user, planId, taskId, direction);
  refresh();
  return { status: "success" };
});

export const setTargetDateAction = authedAction(COACH, targetDateSchema, async ({ planId, targetDate, confirmEarly }, { db, user }) => {
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
