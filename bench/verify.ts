// Checks, after a benchmark run and with the server stopped, that every practice item holds the
// sequence number of the last save the server acknowledged for it (and untouched items hold 0).
//
//   npx tsx bench/verify.ts (--url postgres://… | --pglite <dir>) --expect bench/out/expect-<engine>.json
//
// The expectation file is [{ sessionId, seqs: { "<position>": lastAckedSeq } , uncertain?: number[] }];
// positions listed as uncertain (a save whose answer never arrived) are skipped.
// Prints one JSON line { checkedSessions, checkedItems, mismatches: [...] }; exits 1 on a mismatch.
import fs from "node:fs";
import { inArray } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { practiceItems } from "@/db/schema";

interface Expectation {
  sessionId: string;
  seqs: Record<string, number>;
  uncertain?: number[];
}

function parseArgs(argv: string[]) {
  const out: { url?: string; pglite?: string; expect?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === "--url") out.url = v;
    else if (a === "--pglite") out.pglite = v;
    else if (a === "--expect") out.expect = v;
    else throw new Error(`Unknown argument ${a}`);
  }
  if (!out.url === !out.pglite) throw new Error("Give exactly one of --url postgres://… or --pglite <dir>");
  if (!out.expect) throw new Error("--expect <file> is required");
  return out as { url?: string; pglite?: string; expect: string };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const expectations = JSON.parse(fs.readFileSync(args.expect, "utf8")) as Expectation[];
  const handle = await openDatabase(args.url ? { url: args.url, max: 2 } : { pgliteDir: args.pglite });
  try {
    const rows = expectations.length
      ? await handle.db
          .select({ sessionId: practiceItems.sessionId, position: practiceItems.position, seq: practiceItems.seq })
          .from(practiceItems)
          .where(inArray(practiceItems.sessionId, expectations.map((e) => e.sessionId)))
      : [];
    const stored = new Map(rows.map((r) => [`${r.sessionId}/${r.position}`, r.seq]));
    const mismatches: { sessionId: string; position: number; expected: number; stored: number | null }[] = [];
    let checkedItems = 0;
    for (const e of expectations) {
      const skip = new Set(e.uncertain ?? []);
      const positions = new Set([...rows.filter((r) => r.sessionId === e.sessionId).map((r) => r.position), ...Object.keys(e.seqs).map(Number)]);
      for (const position of positions) {
        if (skip.has(position)) continue;
        checkedItems++;
        const expected = e.seqs[String(position)] ?? 0;
        const got = stored.get(`${e.sessionId}/${position}`) ?? null;
        if (got !== expected) mismatches.push({ sessionId: e.sessionId, position, expected, stored: got });
      }
    }
    console.log(JSON.stringify({ checkedSessions: expectations.length, checkedItems, mismatches: mismatches.slice(0, 20), mismatchCount: mismatches.length }));
    process.exitCode = mismatches.length ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error("[verify] failed:", err instanceof Error ? err.stack ?? err.message : err);
  process.exit(2);
});
