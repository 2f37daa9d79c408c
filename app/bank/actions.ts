"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction } from "@/lib/actions";
import { QUESTION_STATUSES } from "@/lib/enums";
import { getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";
import { createQuestion, importQuestions, saveEntry, setQuestionStatus, updateQuestion } from "@/lib/questions/server/bank";
import { entryFormSchema } from "@/lib/validation/entry-form";
import { questionFormSchema } from "@/lib/validation/question-form";

const EDITORS = ["coach", "admin"] as const;

export const createQuestionAction = authedAction(EDITORS, questionFormSchema, async (q, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await createQuestion(db, user.id, exam.id, q);
  revalidatePath("/bank");
  redirect(`/bank?saved=${encodeURIComponent(q.id)}`);
});

export const updateQuestionAction = authedAction(EDITORS, questionFormSchema, async (q, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await updateQuestion(db, user.id, exam.id, q);
  revalidatePath("/bank");
  redirect(`/bank?saved=${encodeURIComponent(q.id)}`);
});

const statusSchema = z.object({
  id: z.string().trim().min(1).max(80),
  status: z.enum(QUESTION_STATUSES, { error: "Unknown status." }),
});

export const setQuestionStatusAction = authedAction(EDITORS, statusSchema, async ({ id, status }, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await setQuestionStatus(db, user.id, exam.id, id, status);
  revalidatePath("/bank");
  return { status: "success", message: `Question ${id} is now ${status}.` };
});

const importSchema = z.object({
  json: z.string().trim().min(2, "Paste the JSON array of questions, or choose a file.").max(5_000_000, "The file is too large (5 MB at most)."),
});

export const importQuestionsAction = authedAction(EDITORS, importSchema, async ({ json }, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  const result = await importQuestions(db, user.id, exam.id, json);
  if (!result.ok) {
    const errors = result.errors.slice(0, 200).map((e) => `${e.item === null ? "file" : `item ${e.item + 1}${e.id ? ` (${e.id.slice(0, 80)})` : ""}`}${e.path ? `, ${e.path}` : ""}: ${e.message}`);
    return {
      status: "error",
      message: `Nothing was imported: ${result.errors.length} problem${result.errors.length === 1 ? "" : "s"} found.`,
      errors: { json: errors },
    };
  }
  revalidatePath("/bank");
  return { status: "success", message: `Imported: ${result.created} new, ${result.updated} updated.` };
});

/** Writes one entry of any kind (an item, a yes/no series, a case study) from the JSON editor. */
export const saveEntryAction = authedAction(EDITORS, entryFormSchema, async ({ mode, json: entry }, { db, user }) => {
  const exam = await getExamByCode(db, AZ104.code);
  await saveEntry(db, user.id, exam.id, entry, mode === "create");
  revalidatePath("/bank");
  redirect(`/bank?saved=${encodeURIComponent(entry.id)}`);
});
