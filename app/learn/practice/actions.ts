"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction } from "@/lib/actions";
import { getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";
import { startPractice, submitPractice } from "@/lib/practice/server/sessions";
import { sessionIdSchema, startPracticeSchema } from "@/lib/validation/practice";

export const startPracticeAction = authedAction(["learner"], startPracticeSchema, async (input, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  const id = await startPractice(db, user.id, exam, input);
  revalidatePath("/learn/practice");
  redirect(`/learn/practice/${id}`);
});

export const submitPracticeAction = authedAction(["learner"], z.object({ id: sessionIdSchema }), async ({ id }, { db, user }) => {
  await submitPractice(db, user.id, id);
  revalidatePath("/learn/practice");
  redirect(`/learn/practice/${id}/results`);
});

