import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.DB_QUERY_LOG = "1";

const { onQuery } = await import("@/db/client");
const { exams } = await import("@/db/schema");
const { seedReferenceData } = await import("@/lib/reference/server/sync");
const { ENGINE, createTestDatabase } = await import("@/test/db");
const { EXAM_CACHE_MS, cachedExam } = await import("./exam");

let h: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

describe(`cachedExam (${ENGINE})`, () => {
  it("does not keep a failed read, then reads the row once per interval", async () => {
    const t0 = 1_000_000;
    await expect(cachedExam(h.db, "AZ-104", t0)).rejects.toThrow(/not set up/);
    await seedReferenceData(h.db);
    const seen: string[] = [];
    const stop = onQuery((q) => seen.push(q));
    try {
      const first = await cachedExam(h.db, "AZ-104", t0);
      expect(first.code).toBe("AZ-104");
      expect(seen).toHaveLength(1);
      await h.db.update(exams).set({ title: "Renamed" }).where(eq(exams.code, "AZ-104"));
      seen.length = 0;
      expect((await cachedExam(h.db, "AZ-104", t0 + EXAM_CACHE_MS - 1)).title).toBe(first.title);
      expect(seen).toHaveLength(0);
      expect((await cachedExam(h.db, "AZ-104", t0 + EXAM_CACHE_MS)).title).toBe("Renamed");
      expect(seen).toHaveLength(1);
    } finally {
      stop();
    }
  });
});
