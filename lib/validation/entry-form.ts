// The bank editor for every kind: one entry of the bank's JSON format (an item or a yes/no series
// or case study), checked by the same schema as the files and the importer. Each problem comes back
// on the json field as "path: message", so the editor lists them all and keeps the text.

import { z } from "zod";
import { bankEntrySchema, formatIssues, type BankEntry } from "./question";

export const entryFormSchema = z.object({
  mode: z.enum(["create", "update"], { error: "Unknown editor mode." }),
  json: z
    .string({ error: "Paste the entry's JSON." })
    .trim()
    .min(2, "Paste the entry's JSON.")
    .max(200_000, "An entry is at most 200,000 characters.")
    .transform((raw, ctx): BankEntry => {
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: `Not valid JSON: ${(err as Error).message.slice(0, 200)}` });
        return z.NEVER;
      }
      if (Array.isArray(data)) {
        ctx.addIssue({ code: "custom", message: "One entry (an object), not an array: use Import for several." });
        return z.NEVER;
      }
      const parsed = bankEntrySchema.safeParse(data);
      if (!parsed.success) {
        for (const issue of formatIssues(parsed.error)) ctx.addIssue({ code: "custom", message: `${issue.path || "entry"}: ${issue.message}` });
        return z.NEVER;
      }
      return parsed.data;
    }),
});
