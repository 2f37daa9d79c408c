// Summarises the server's V8 CPU profile written by `practice-saves.ts --profile`:
//
//   npx tsx bench/profile-top.ts bench/out/profile-postgres [--top 25] [--match=fnA,fnB]
//
// Picks the largest .cpuprofile in the folder (the next-server process, not npx) and prints the
// self time by function and by package/area, so a bottleneck shows with numbers.
import fs from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

// The server bundles (.next-bench/server/chunks) are minified; their source maps give each frame
// its original file (app code or node_modules package) and, often, its original name.
const maps = new Map<string, SourceMap | null>();
function sourceMapFor(url: string): SourceMap | null {
  if (!url.startsWith("file://") || !url.endsWith(".js")) return null;
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = `${fileURLToPath(url)}.map`;
      if (fs.existsSync(file)) map = new SourceMap(JSON.parse(fs.readFileSync(file, "utf8")));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url) ?? null;
}

/** "next" for …/node_modules/next/dist/x.js, "@auth/core" for …/node_modules/@auth/core/y.js. */
function packageOf(url: string): string | null {
  const i = url.lastIndexOf("node_modules/");
  if (i < 0) return null;
  const parts = decodeURIComponent(url.slice(i + "node_modules/".length)).split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** The frame as the source map tells it: [function name, location as a url-ish path]. */
function resolve(frame: Node["callFrame"]): { name: string; url: string; line: number } {
  const map = sourceMapFor(frame.url);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; name?: string } | undefined;
  if (!entry?.originalSource) return { name: frame.functionName || "(anonymous)", url: frame.url, line: frame.lineNumber + 1 };
  const generated = frame.functionName;
  const name = generated && generated.length > 2 ? generated : entry.name || generated || "(anonymous)";
  let url = decodeURIComponent(entry.originalSource.replace(/^(\.\.\/)+/, "").replace(/^turbopack:\/\/\/\[project\]\//, ""));
  // A package's own source map (next's compiled runtime) names files inside the package.
  const pkg = packageOf(frame.url);
  if (!url.includes("node_modules/") && pkg) url = `node_modules/${pkg}/${url}`;
  return { name, url, line: (entry.originalLine ?? 0) + 1 };
}

function area(url: string): string {
  if (!url) return "(native/V8)";
  url = decodeURIComponent(url);
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (pkg === "next" && rest.includes("compiled")) return `next/compiled/${rest[rest.indexOf("compiled") + 1]}`;
    return pkg;
  }
  if (url.startsWith("node:")) return url;
  if (!url.includes("/") || /^(app|lib|db|components|auth|proxy|instrumentation)/.test(url)) return `app: ${url}`;
  if (url.includes(".next-bench/server/chunks")) return "app chunks (.next-bench/server/chunks)";
  if (url.includes(".next-bench")) return ".next-bench (other)";
  return path.basename(url);
}

function main() {
  const dir = process.argv[2];
  const topIdx = process.argv.indexOf("--top");
  const top = topIdx > 0 ? Number(process.argv[topIdx + 1]) : 25;
  if (!dir) throw new Error("usage: npx tsx bench/profile-top.ts <profile dir> [--top 25]");
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  if (!files[0]) throw new Error(`No .cpuprofile in ${dir}`);
  const prof = JSON.parse(fs.readFileSync(files[0], "utf8")) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  let idle = 0;
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    const r = resolve(n.callFrame);
    const fn = r.name;
    const key = `${fn}  ${area(r.url)}${r.url ? `:${r.line}` : ""}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const a = fn === "(garbage collector)" ? "(garbage collector)" : fn === "(program)" ? "(program)" : area(r.url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
  }
  const busy = total - idle;

  // Inclusive time: a sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: Node) => {
    const r = resolve(n.callFrame);
    return `${r.name}  ${area(r.url)}`;
  };
  const inclusive = new Map<string, number>();
  const inclusiveArea = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName === "(idle)") continue;
    const seen = new Set<string>();
    const areas = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (n.callFrame.functionName === "(root)") continue;
      if (n.callFrame.functionName) seen.add(keyOf(n));
      if (n.callFrame.url) areas.add(area(resolve(n.callFrame).url));
    }
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    for (const a of areas) inclusiveArea.set(a, (inclusiveArea.get(a) ?? 0) + us);
  }
  const wanted = (process.argv.find((a) => a.startsWith("--match="))?.slice("--match=".length) ?? "").split(",").filter(Boolean);
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  console.log(`${path.basename(files[0])}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)}%), percentages of busy time`);
  console.log("\nself time by area:");
  for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us)}  ${a}`);
  console.log("\ninclusive time by area (samples with any frame of it on the stack):");
  for (const [a, us] of [...inclusiveArea].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us)}  ${a}`);
  console.log("\nself time by function:");
  for (const [f, us] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(us)}  ${f}`);
  console.log(`\ninclusive time${wanted.length ? ` of functions named ${wanted.join(", ")}` : " (named functions)"}:`);
  const incl = [...inclusive].filter(([k]) => !wanted.length || wanted.some((w) => k.split("  ")[0] === w));
  for (const [f, us] of incl.sort((x, y) => y[1] - x[1]).slice(0, wanted.length ? 100 : top)) console.log(`  ${pct(us)}  ${f}`);
}

main();
