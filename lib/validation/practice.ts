import { z } from "zod";
import { PRACTICE_MODES } from "@/lib/enums";
import { DOMAIN_KEYS } from "@/lib/exam/az104";

export const sessionIdSchema = z.uuid({ error: "Unknown practice set." });

export const saveAnswerSchema = z.strictObject({
  position: z.number().int().min(1).max(200),
  // An option key (single, multiple), Y or N (yes/no), or "<part>=<key>" (hotspot, ordering, matching).
  response: z
    .array(z.string().regex(/^(?:[A-F]|[YN]|[1-9]=[A-H])$/, "a response entry is an option key, Y, N or <part>=<key>"))
    .max(6)
    .nullable(),
  flagged: z.boolean(),
  seq: z.number().int().min(1).max(1_000_000_000),
  timeMs: z.number().int().min(0).max(24 * 3_600_000),
  /** The learner left the item for good (a yes/no solution moved past, a case study's section left). */
  closed: z.boolean().optional(),
});

export const saveBatchSchema = z.strictObject({
  answers: z.array(saveAnswerSchema).min(1).max(200),
});

export const PRESET_KEYS = ["50-100", "25-50", "10-20"] as const;

export const startPracticeSchema = z
  .object({
    mode: z.enum(PRACTICE_MODES, { error: "Choose a kind of set." }),
    preset: z.enum(PRESET_KEYS, { error: "Choose a length." }),
    focusDomains: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.enum(DOMAIN_KEYS, { error: "Choose domains from the list." })).max(DOMAIN_KEYS.length)),
  })
  .superRefine((v, ctx) => {
    if (v.mode === "domain-focus" && v.focusDomains.length === 0) {
      ctx.addIssue({ code: "custom", path: ["focusDomains"], message: "Choose at least one domain to focus on." });
    }
  })
  .transform((v) => {
    const [size, minutes] = v.preset.split("-").map(Number) as [number, number];
    return { mode: v.mode, size, minutes, focusDomains: v.mode === "domain-focus" ? [...new Set(v.focusDomains)] : [] };
  });
