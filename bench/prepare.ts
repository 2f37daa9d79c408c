// Prepares a database for the practice-save benchmark, BEFORE the server starts (an embedded
// PGlite directory can only be open in one process at a time).
//
//   npx tsx bench/prepare.ts (--url postgres://… | --pglite <dir>) [--learners 50] [--out bench/out/learners.json]
//
// Migrates, seeds the reference data and the demo programme, creates bench learners
// bench-learner-<i>@example.com (one Argon2 hash shared by all), starts one 50-question,
// 100-minute practice set for each and writes [{ email, password, sessionId, learnerId }] for the driver.
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { prepareBenchData, SET_SIZE } from "./practice-common";

function parseArgs(argv: string[]) {
  const out: { url?: string; pglite?: string; learners: number; out: string } = { learners: 50, out: "bench/out/learners.json" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--url") out.url = next();
    else if (a === "--pglite") out.pglite = next();
    else if (a === "--learners") out.learners = Number(next());
    else if (a === "--out") out.out = next();
    else throw new Error(`Unknown argument ${a}`);
  }
  if (!out.url === !out.pglite) throw new Error("Give exactly one of --url postgres://… or --pglite <dir>");
  if (!Number.isInteger(out.learners) || out.learners < 1 || out.learners > 10_000) throw new Error("--learners must be 1..10000");
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const handle = await openDatabase(args.url ? { url: args.url } : { pgliteDir: args.pglite });
  try {
    const learners = await prepareBenchData(handle, args.learners);
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(args.out, JSON.stringify(learners, null, 2));
    console.log(`[prepare] ${handle.kind}: ${learners.length} learners with a ${SET_SIZE}-question set each → ${args.out} (${Date.now() - started} ms)`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error("[prepare] failed:", err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
