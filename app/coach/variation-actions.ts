"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions";
import { commentOnVariation, copyVariationToBank } from "@/lib/variations/server/variations";
import { variationCommentSchema, variationRefSchema } from "@/lib/validation/variation";

const COACH = ["coach"] as const;

/** A comment on a learner's variation (only their assigned coach). */
export const commentVariationAction = authedAction(COACH, variationCommentSchema, async ({ questionId, body }, { db, user }) => {
  await commentOnVariation(db, user, questionId, body);
  revalidatePath("/coach", "layout");
  revalidatePath("/learn/variations");
  return { status: "success", message: "Comment saved: the learner sees it beside the variation." };
});

/** Copies a learner's variation into the bank as a draft and opens it in the bank editor. */
export const copyVariationToBankAction = authedAction(COACH, variationRefSchema, async ({ questionId }, { db, user }) => {
  const id = await copyVariationToBank(db, user, questionId);
  revalidatePath("/bank");
  revalidatePath("/coach", "layout");
  redirect(`/bank/${id}?copied=1`);
});
