"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions";
import { examPolicy, getExamByCode } from "@/lib/exam/server/exams";
import { AZ104 } from "@/lib/exam/az104";
import { recordRulesCheck } from "@/lib/rules-check/server/rules-check";
import { rulesCheckSchema } from "@/lib/validation/rules-check";

/** Grades the learner's answers to the check (rebuilt from its seed and the exam's policy) and shows the explanations. */
export const checkRulesAction = authedAction(
  ["learner"],
  async ({ db }) => rulesCheckSchema(examPolicy(await getExamByCode(db, AZ104.code))),
  async ({ seed, chosen }, { db, user }) => {
    const exam = await getExamByCode(db, AZ104.code);
    const id = await recordRulesCheck(db, user.id, examPolicy(exam), seed, chosen);
    revalidatePath("/learn");
    redirect(`/learn/rules?result=${id}`);
  },
);
