"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, authedAction } from "@/lib/actions";
import { ROLES } from "@/lib/enums";
import { markAllRead, markRead } from "@/lib/notifications/server/notifications";

const markReadSchema = z.object({
  id: z.union([z.literal("all"), z.uuid()], { error: "That notification does not exist." }),
});

/**
 * Marks one of the caller's own notifications read (anyone else's id is "not found"), or all of
 * them with id "all".
 */
export const markNotificationsReadAction = authedAction(ROLES, markReadSchema, async ({ id }, { db, user }) => {
  if (id === "all") {
    const n = await markAllRead(db, user.id);
    revalidatePath("/", "layout");
    return { status: "success", message: n ? `Marked ${n} notification${n === 1 ? "" : "s"} as read.` : "Nothing was unread." };
  }
  if (!(await markRead(db, user.id, id))) throw new ActionError("not-found", "That notification does not exist or is not yours.");
  revalidatePath("/", "layout");
  return { status: "success", message: "Marked as read." };
});
