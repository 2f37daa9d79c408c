// The load generator, run as its own Node process (so it never shares the benchmark's event
// loop). Reads a JSON job from argv[2], writes one JSON result line to stdout, progress to stderr.
//
//   {"mode":"fixed", "url", "headers", "connections", "seconds"}
//     autocannon: `connections` keep-alive clients, each sending the next request as soon as the
//     previous reply is read (closed loop), for `seconds`. Every latency is recorded (exact p50/p95).
//   {"mode":"scenario", "port", "seconds", "users":[{"name","cookie","thinkMs":[min,max],"steps":[…]}]}
//     virtual users with think time, each looping over its steps; a step is
//     {"page", "method", "path", "expect"?} or {"page", "save": {"sessionId", "positions"}}
//     (a practice autosave with the user's next sequence number).
import http from "node:http";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2]);

function summarize(latencies) {
  const s = Float64Array.from(latencies).sort();
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : null);
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.length ? s[s.length - 1] : null };
}

function fixed() {
  const latencies = [];
  const statuses = {};
  const t0 = performance.now();
  let last = t0;
  const inst = autocannon(
    { url: job.url, headers: job.headers ?? {}, connections: job.connections, duration: job.seconds, timeout: 15, pipelining: 1 },
    (err, res) => {
      if (err) {
        process.stdout.write(JSON.stringify({ error: String(err) }) + "\n");
        process.exit(1);
      }
      const elapsedS = (last - t0) / 1000;
      const ok = statuses["200"] ?? 0;
      process.stdout.write(
        JSON.stringify({
          ...summarize(latencies),
          completed: latencies.length,
          ok,
          rps: ok / Math.max(elapsedS, 0.001),
          elapsedS,
          statuses,
          errors: res.errors,
          timeouts: res.timeouts,
          non2xx: res.non2xx,
        }) + "\n",
      );
    },
  );
  inst.on("response", (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    last = performance.now();
  });
}

async function scenario() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.users.length + 4 });
  const pages = {};
  const byMinute = [];
  const t0 = performance.now();
  const end = t0 + job.seconds * 1000;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const rec = (page, status, ms) => {
    const p = (pages[page] ??= { latencies: [], statuses: {} });
    p.latencies.push(ms);
    p.statuses[status] = (p.statuses[status] ?? 0) + 1;
    const minute = Math.floor((performance.now() - t0) / 60_000);
    const m = (byMinute[minute] ??= { requests: 0, s5xx: 0, other: 0 });
    m.requests++;
    if (typeof status === "number" && status >= 500) m.s5xx++;
  };
  const send = (method, path, headers, body) =>
    new Promise((resolve) => {
      const h = { ...headers };
      if (body !== undefined) h["content-length"] = Buffer.byteLength(body);
      const req = http.request({ host: "127.0.0.1", port: job.port, method, path, agent, headers: h }, (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve("network"));
      });
      req.setTimeout(15_000, () => req.destroy(new Error("timeout")));
      req.on("error", (e) => resolve(e.message === "timeout" ? "timeout" : "network"));
      req.end(body);
    });
  let lastReport = t0;
  const reporter = setInterval(() => {
    const now = performance.now();
    const total = Object.values(pages).reduce((s, p) => s + p.latencies.length, 0);
    const s5xx = Object.values(pages).reduce((s, p) => s + Object.entries(p.statuses).filter(([k]) => Number(k) >= 500).reduce((a, [, v]) => a + v, 0), 0);
    process.stderr.write(`progress ${((now - t0) / 1000).toFixed(0)} s: ${total} requests, ${s5xx} 5xx\n`);
    lastReport = now;
  }, 30_000);
  await Promise.all(
    job.users.map(async (u, ui) => {
      let seq = 0;
      await sleep(Math.random() * (u.thinkMs[1] ?? 1000));
      for (let i = 0; performance.now() < end; i++) {
        const step = u.steps[i % u.steps.length];
        const headers = { cookie: u.cookie, accept: step.save ? "application/json" : "text/html" };
        const t = performance.now();
        let status;
        if (step.save) {
          seq++;
          const position = 1 + ((seq * 7 + ui) % step.save.positions);
          const body = JSON.stringify({ answers: [{ position, response: [["A", "B", "C", "D"][seq % 4]], flagged: false, seq, timeMs: 1000 + (seq % 50) * 1000 }] });
          status = await send("POST", `/api/practice/${step.save.sessionId}/answers`, { ...headers, "content-type": "application/json" }, body);
        } else {
          status = await send(step.method ?? "GET", step.path, headers);
        }
        rec(step.page, status, performance.now() - t);
        const [lo, hi] = u.thinkMs;
        await sleep(lo + Math.random() * (hi - lo));
      }
    }),
  );
  clearInterval(reporter);
  void lastReport;
  agent.destroy();
  const out = {};
  for (const [page, p] of Object.entries(pages)) out[page] = { ...summarize(p.latencies), statuses: p.statuses };
  process.stdout.write(JSON.stringify({ elapsedS: (performance.now() - t0) / 1000, pages: out, byMinute }) + "\n");
}

if (job.mode === "fixed") fixed();
else scenario().catch((e) => {
  process.stdout.write(JSON.stringify({ error: String(e) }) + "\n");
  process.exit(1);
});
