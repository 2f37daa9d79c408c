import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, ENGINE } from "@/test/db";

// The command as an operator runs it: its own process, the database named by the environment.
const base = fs.mkdtempSync(path.join(os.tmpdir(), "rc-admin-cli-"));
const pgliteDir = path.join(base, "pglite");
let pg: DbHandle | undefined;

beforeAll(async () => {
  if (ENGINE === "postgres") pg = await createTestDatabase();
});
afterAll(async () => {
  await pg?.close();
  fs.rmSync(base, { recursive: true, force: true });
});

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: pg?.url ?? "", PGLITE_DIR: pgliteDir, ...extraEnv };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "lib/cli/admin-create.ts", ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  if (pg) return fn(pg);
  const h = await openDatabase({ pgliteDir });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

const userByEmail = (email: string) => withDb(async (h) => (await h.db.select().from(users).where(eq(users.email, email)))[0]);

describe(`npm run admin:create (${ENGINE})`, () => {
  let firstPassword = "";

  it("creates the first admin on an empty database, printing only the one-time password on stdout", async () => {
    const r = await run(["--email", "Ops@Example.ORG", "--name", "Olu Operator", "--time-zone", "Europe/Berlin"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[A-Za-z0-9_-]{16}\n$/);
    expect(r.stderr).toMatch(/created ops@example\.org as an admin/);
    firstPassword = r.stdout.trim();
    const u = await userByEmail("ops@example.org");
    expect(u).toMatchObject({ role: "admin", active: true, name: "Olu Operator", timeZone: "Europe/Berlin", mustChangePassword: true });
    expect(await verifyPassword(u!.passwordHash, firstPassword)).toBe(true);
    // Start-up ran: the database is usable by a server straight away, and holds no demo account.
    const everyone = await withDb((h) => h.db.select({ email: users.email }).from(users));
    expect(everyone).toEqual([{ email: "ops@example.org" }]);
  }, 60_000);

  it("promotes an existing account with a fresh one-time password and retires its sessions", async () => {
    await withDb((h) => h.db.update(users).set({ role: "learner", active: false, mustChangePassword: false }).where(eq(users.email, "ops@example.org")));
    const before = await userByEmail("ops@example.org");
    const r = await run(["--email", "ops@example.org", "--name", "Olu Operator"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/promoted/);
    const after = await userByEmail("ops@example.org");
    expect(after).toMatchObject({ role: "admin", active: true, mustChangePassword: true });
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);
    expect(await verifyPassword(after!.passwordHash, r.stdout.trim())).toBe(true);
    expect(await verifyPassword(after!.passwordHash, firstPassword)).toBe(false);
  }, 60_000);

  it("refuses bad arguments with a usage message and writes nothing to stdout", async () => {
    const r = await run(["--email", "not-an-email", "--name", ""]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/usage: npm run admin:create/);
    expect(r.stderr).toMatch(/--email: /);
    expect(r.stderr).toMatch(/--name: /);
  }, 60_000);

  if (ENGINE === "pglite") {
    it("fails clearly when a running server holds the embedded directory", async () => {
      const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
      try {
        fs.writeFileSync(`${pgliteDir}.lock`, String(holder.pid));
        const r = await run(["--email", "second@example.org", "--name", "Second"]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toMatch(/already open in process \d+/);
      } finally {
        holder.kill();
        fs.rmSync(`${pgliteDir}.lock`, { force: true });
      }
    }, 60_000);
  } else {
    it("lets two runs at once on one Postgres both succeed (start-up takes turns under the advisory lock)", async () => {
      const [a, b] = await Promise.all([
        run(["--email", "a@example.org", "--name", "A"]),
        run(["--email", "b@example.org", "--name", "B"]),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect((await userByEmail("a@example.org"))!.role).toBe("admin");
      expect((await userByEmail("b@example.org"))!.role).toBe("admin");
    }, 60_000);
  }
});
