"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction } from "@/lib/actions";
import { getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";
import { startRetestForTask, submitEvidence } from "@/lib/plans/server/repair-plans";
import { evidenceSchema } from "@/lib/validation/plan";

export const submitEvidenceAction = authedAction(["learner"], evidenceSchema, async ({ taskId, text, link }, { db, user }) => {
  const outcome = await submitEvidence(db, user, taskId, { text, link });
  revalidatePath("/learn", "layout");
  revalidatePath("/coach", "layout");
  return { status: "success", message: outcome === "done" ? "Evidence saved: the task is done." : "Evidence submitted: your coach will review it." };
});

export const startRetestAction = authedAction(["learner"], z.object({ taskId: z.uuid({ error: "Unknown task." }) }), async ({ taskId }, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  const sessionId = await startRetestForTask(db, user, exam, taskId);
  revalidatePath("/learn", "layout");
  redirect(`/learn/practice/${sessionId}`);
});
