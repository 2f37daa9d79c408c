// `npm run soak`: mixed traffic against the production server on Postgres for several minutes.
//
//   npm run soak [-- --minutes 5] [--learners 12] [--port 3207] [--no-build] [--keep-build] [--dist-dir .next-e]
//                [--warmup-s N] [--max-slope-mb-min 2]
//
// Learners practise (open their set, save answers one at a time, look at their home and retake
// status), both coaches watch their dashboards, the admin reads cohort pages, each with think time,
// all signed in over HTTP as browsers do (virtual users in a separate load-generator process).
// RSS of the real next-server process is sampled every 2 s. Prints p95 per page and an RSS
// summary; exits 1 on any 5xx (or network error/time-out), or when RSS after the warm-up grows:
// least-squares slope above max(--max-slope-mb-min, 1 % of the median RSS) per minute. See
// bench/README.md for why that threshold.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadScenario, type ScenarioUser } from "./lib/load";
import { OUT, ROOT, STAMP, cleanupAll, installCleanupHandlers, log, run, setLogPrefix, sleep, tail } from "./lib/proc";
import { buildServer, createDatabase, DEFAULT_DIST_DIR, ensurePostgres, signIn, startServer } from "./lib/server";

setLogPrefix("soak");


/** The shortest stretch after the warm-up over which an RSS trend is judged. */
const MIN_TREND_WINDOW_S = 120;
function parse(argv: string[]) {
  const o = { minutes: 5, learners: 12, port: 3207, build: true, keepBuild: false, distDir: DEFAULT_DIST_DIR, warmupS: -1, maxSlope: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a} needs a positive number`);
      return n;
    };
    if (a === "--minutes") o.minutes = num();
    else if (a === "--learners") o.learners = Math.min(23, Math.round(num()));
    else if (a === "--port") o.port = num();
    else if (a === "--no-build") o.build = false;
    else if (a === "--keep-build") o.keepBuild = true;
    else if (a === "--dist-dir") o.distDir = argv[++i]!;
    else if (a === "--warmup-s") o.warmupS = num();
    else if (a === "--max-slope-mb-min") o.maxSlope = num();
    else throw new Error(`Unknown argument ${a}`);
  }
  if (o.warmupS < 0) o.warmupS = Math.max(30, Math.round(o.minutes * 60 * 0.25));
  return o;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den ? num / den : 0;
}

async function main() {
  const o = parse(process.argv.slice(2));
  installCleanupHandlers();
  fs.mkdirSync(OUT, { recursive: true });
  const seconds = Math.round(o.minutes * 60);
  const hard = setTimeout(() => {
    console.error("[soak] hard timeout: cleaning up");
    cleanupAll();
    process.exit(3);
  }, (seconds + 15 * 60) * 1000);
  log(`${o.minutes} min of mixed traffic, ${o.learners} learners + 2 coaches + 1 admin, warm-up ${o.warmupS} s, port ${o.port}, load avg ${os.loadavg()[0]!.toFixed(1)}`);
  await buildServer(o.distDir, { build: o.build, keepBuild: o.keepBuild });
  await ensurePostgres();
  const db = createDatabase("postgres", "soak");
  const seedFile = path.join(OUT, `seed-${STAMP}-soak.json`);
  const sr = await run("npx", ["tsx", "bench/lib/seed.ts", ...db.target, "--open-sets", String(o.learners), "--runs", "3", "--out", seedFile], {
    timeoutMs: 5 * 60_000,
    logFile: path.join(OUT, `seed-${STAMP}-soak.log`),
  });
  if (sr.code !== 0) throw new Error(`seed failed:\n${tail(sr.output)}`);
  log(tail(sr.output, 1));
  const seed = JSON.parse(fs.readFileSync(seedFile, "utf8")) as {
    cohortId: string;
    personas: Record<"coach" | "coach2" | "admin", { email: string; password: string }> & { soakLearners: { email: string; password: string; sessionId: string }[] };
  };
  const server = await startServer({ port: o.port, distDir: o.distDir, engine: "postgres", dbEnv: db.env, label: "soak" });
  log(`server up in ${(server.startupMs / 1000).toFixed(1)} s`);

  const users: ScenarioUser[] = [];
  for (const l of seed.personas.soakLearners) {
    const cookie = await signIn(o.port, l.email, l.password);
    const save = { page: "save answer (POST)", save: { sessionId: l.sessionId, positions: 50 } };
    users.push({
      name: l.email,
      cookie,
      thinkMs: [1000, 4000],
      steps: [
        { page: "practice question", path: `/learn/practice/${l.sessionId}` },
        save,
        save,
        save,
        { page: "learner home", path: "/learn" },
        save,
        save,
        { page: "retake status", path: "/learn/status" },
        save,
        { page: "practice history", path: "/learn/practice/history" },
      ],
    });
  }
  for (const c of [seed.personas.coach, seed.personas.coach2]) {
    users.push({
      name: c.email,
      cookie: await signIn(o.port, c.email, c.password),
      thinkMs: [3000, 8000],
      steps: [
        { page: "coach dashboard", path: "/coach" },
        { page: "coach dashboard", path: "/coach?sort=eligible" },
        { page: "coach dashboard", path: "/coach?sort=score" },
      ],
    });
  }
  users.push({
    name: seed.personas.admin.email,
    cookie: await signIn(o.port, seed.personas.admin.email, seed.personas.admin.password),
    thinkMs: [4000, 10000],
    steps: [
      { page: "admin cohort page", path: `/admin/analytics?cohort=${seed.cohortId}` },
      { page: "admin cohorts list", path: "/admin/cohorts" },
      { page: "admin cohort page", path: "/admin/analytics" },
    ],
  });
  log(`${users.length} virtual users signed in; running ${seconds} s…`);

  const samples: { t: number; mb: number }[] = [];
  const t0 = performance.now();
  const timer = setInterval(() => samples.push({ t: (performance.now() - t0) / 1000, mb: server.rssMb() }), 2000);
  samples.push({ t: 0, mb: server.rssMb() });
  const res = await loadScenario({ port: o.port, seconds, users }, (line) => line.startsWith("progress") && log(line));
  clearInterval(timer);
  await sleep(5000);
  const rssAfter = server.rssMb();
  const peak = server.peakRssMb();
  server.stop();
  db.drop();

  // Report.
  let s5xx = 0;
  let broken = 0;
  const rows = [["page", "requests", "p50 ms", "p95 ms", "max ms", "5xx", "other not 2xx", "statuses"]];
  for (const [page, st] of Object.entries(res.pages).sort()) {
    const e5 = Object.entries(st.statuses).filter(([k]) => Number(k) >= 500).reduce((a, [, v]) => a + v, 0);
    const net = (st.statuses.network ?? 0) + (st.statuses.timeout ?? 0);
    const other = Object.entries(st.statuses).filter(([k]) => !(Number(k) >= 200 && Number(k) < 300) && !(Number(k) >= 500)).reduce((a, [, v]) => a + v, 0);
    s5xx += e5;
    broken += net;
    rows.push([page, String(st.n), st.p50?.toFixed(1) ?? "–", st.p95?.toFixed(1) ?? "–", st.max?.toFixed(0) ?? "–", String(e5), String(other), JSON.stringify(st.statuses)]);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const fmtRow = (r: string[]) => "| " + r.map((c, i) => (i === 0 || i === 7 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(" | ") + " |";
  const after = samples.filter((s) => s.t >= o.warmupS);
  const mbs = after.map((s) => s.mb).sort((a, b) => a - b);
  const med = mbs[Math.floor(mbs.length / 2)] ?? 0;
  const slopeMbMin = after.length >= 5 ? slope(after.map((s) => s.t / 60), after.map((s) => s.mb)) : NaN;
  const limit = Math.max(o.maxSlope, 0.01 * med);
  // A V8 heap saw-tooths by tens of MB: under two minutes after the warm-up a fitted slope says
  // nothing, so a short run reports it without judging it.
  const judgedS = after.length ? after.at(-1)!.t - after[0]!.t : 0;
  const judged = judgedS >= MIN_TREND_WINDOW_S;
  const growth = judged && Number.isFinite(slopeMbMin) && slopeMbMin > limit;

  const out: string[] = [];
  out.push(`# npm run soak — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, Postgres, ${o.minutes} min`);
  out.push("");
  out.push(`${users.length} virtual users (${seed.personas.soakLearners.length} learners, think 1–4 s; 2 coaches, 3–8 s; 1 admin, 4–10 s); ${Object.values(res.pages).reduce((a, p) => a + p.n, 0)} requests in ${res.elapsedS.toFixed(0)} s; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}.`);
  out.push("");
  out.push(fmtRow(rows[0]!));
  out.push("|" + w.map((x, i) => (i === 0 || i === 7 ? "-".repeat(x + 2) : "-".repeat(x + 1) + ":")).join("|") + "|");
  for (const r of rows.slice(1)) out.push(fmtRow(r));
  out.push("");
  out.push(`Requests per minute: ${res.byMinute.map((m) => m?.requests ?? 0).join(", ")}; 5xx per minute: ${res.byMinute.map((m) => m?.s5xx ?? 0).join(", ")}.`);
  out.push(
    `RSS (next-server, every 2 s, ${samples.length} samples): start ${samples[0]!.mb.toFixed(0)} MB; after the ${o.warmupS} s warm-up min ${mbs[0]?.toFixed(0)} / median ${med.toFixed(0)} / max ${mbs.at(-1)?.toFixed(0)} MB; ` +
      `trend ${slopeMbMin.toFixed(2)} MB/min (limit ${limit.toFixed(2)}); 5 s after the load ${rssAfter.toFixed(0)} MB; peak ${peak.toFixed(0)} MB.`,
  );
  out.push(`RSS by minute (last sample of each): ${Array.from({ length: Math.ceil(seconds / 60) }, (_, m) => samples.filter((s) => s.t < (m + 1) * 60).at(-1)?.mb.toFixed(0)).join(", ")} MB.`);
  const verdict = [s5xx ? `${s5xx} responses were 5xx` : "", broken ? `${broken} network errors/time-outs` : "", growth ? `RSS grows ${slopeMbMin.toFixed(2)} MB/min after warm-up (limit ${limit.toFixed(2)})` : ""].filter(Boolean);
  out.push(
    verdict.length
      ? `**FAILED**: ${verdict.join("; ")}.`
      : judged
        ? "**PASSED**: zero 5xx, no network errors, no RSS growth trend after warm-up."
        : `**PASSED** (zero 5xx, no network errors); the RSS trend was **not judged**: ${judgedS.toFixed(0)} s after the warm-up, at least ${MIN_TREND_WINDOW_S} s are needed (use --minutes 3 or more).`,
  );
  console.log("\n" + out.join("\n"));
  const file = path.join(OUT, `soak-${STAMP}.md`);
  fs.writeFileSync(file, out.join("\n") + "\n");
  fs.writeFileSync(path.join(OUT, `soak-${STAMP}.json`), JSON.stringify({ options: o, result: res, samples }, null, 2));
  console.log(`\n(written to ${path.relative(ROOT, file)})`);
  clearTimeout(hard);
  cleanupAll();
  process.exitCode = verdict.length ? 1 : 0;
}

main().catch((err) => {
  console.error(`[soak] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  cleanupAll();
  process.exit(1);
});
