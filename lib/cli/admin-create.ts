// `npm run admin:create -- --email E --name "N" [--time-zone Z]`: the first admin (or any later
// one) for a deployment without demo accounts. Standard output carries only the one-time password
// and a newline, so `pw=$(npm run -s admin:create -- …)` works; everything else goes to stderr.
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase } from "@/db/client";
import { createOrPromoteAdmin } from "@/lib/admin/server/users-and-cohorts";
import { env } from "@/lib/env";
import { startUp } from "@/lib/server/startup";
import { createStaffSchema } from "@/lib/validation/admin";

// Libraries that print to stdout (a driver notice, a migrator message) must not mix with the password.
const writeStdout = process.stdout.write.bind(process.stdout);
console.log = console.error;
console.info = console.error;

const argsSchema = createStaffSchema.pick({ name: true, email: true, timeZone: true }).extend({
  timeZone: createStaffSchema.shape.timeZone.optional(),
});

export function parseAdminArgs(argv: string[]): z.infer<typeof argsSchema> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: "string" }, name: { type: "string" }, "time-zone": { type: "string" } },
    strict: true,
  });
  const parsed = argsSchema.safeParse({ email: values.email, name: values.name, timeZone: values["time-zone"] });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${i.path.join(".").replace("timeZone", "time-zone")}: ${i.message}`);
    throw new Error(`usage: npm run admin:create -- --email E --name "N" [--time-zone Europe/London]\n${lines.join("\n")}`);
  }
  return parsed.data;
}

async function main() {
  const input = parseAdminArgs(process.argv.slice(2));
  const e = env();
  // Fails with a clear message when a running server holds the embedded directory.
  const handle = await openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
  try {
    await startUp(handle, { log: (line) => console.error(`[admin:create] ${line}`) });
    const result = await createOrPromoteAdmin(handle.db, input);
    console.error(
      `[admin:create] ${result.created ? "created" : "promoted"} ${input.email} as an admin (${handle.kind}). ` +
        "The password below is for one sign-in: it must be replaced before anything else opens.",
    );
    writeStdout(`${result.password}\n`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
