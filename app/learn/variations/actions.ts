"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions";
import { createVariation } from "@/lib/variations/server/variations";
import { variationFormSchema } from "@/lib/validation/variation";

/** Saves a learner's own variation of a question they missed in one of their submitted sets. */
export const writeVariationAction = authedAction(["learner"], variationFormSchema, async (input, { db, user }) => {
  const id = await createVariation(db, user, input);
  revalidatePath("/learn/variations");
  revalidatePath("/coach", "layout");
  redirect(`/learn/variations?written=${id}`);
});
