"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction } from "@/lib/actions";
import { deleteAttempt, recordAttempt, updateAttempt } from "@/lib/attempts/server/attempts";
import { getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";
import { attemptFormSchema, attemptIdSchema } from "@/lib/validation/attempt";

async function attemptSchema({ db, user }: { db: Parameters<typeof getExamByCode>[0]; user: { timeZone: string } }) {
  const exam = await getExamByCode(db, AZ104.code);
  return attemptFormSchema({ timeZone: user.timeZone, passingScore: exam.passingScore, maxScore: exam.maxScore, now: new Date() });
}

function refresh() {
  revalidatePath("/learn", "layout");
}

export const recordAttemptAction = authedAction(["learner"], attemptSchema, async (input, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await recordAttempt(db, user, exam, input);
  refresh();
  redirect("/learn/status?recorded=1");
});

const updateSchema = (ctx: Parameters<typeof attemptSchema>[0]) =>
  attemptSchema(ctx).then((s) => z.object({ id: z.uuid({ error: "Unknown attempt." }) }).and(s));

export const updateAttemptAction = authedAction(["learner"], updateSchema, async (input, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await updateAttempt(db, user, exam, input.id, input);
  refresh();
  redirect("/learn/attempts?updated=1");
});

export const deleteAttemptAction = authedAction(["learner"], attemptIdSchema, async ({ id }, { db, user }) => {
  await deleteAttempt(db, user, id);
  refresh();
  return { status: "success", message: "The attempt was deleted." };
});
