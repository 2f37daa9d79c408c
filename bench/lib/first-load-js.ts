// First-load JavaScript per app route, from the build's manifests (Next 16's build output no
// longer prints sizes): the root main files (build-manifest.json "rootMainFiles") plus every
// chunk the route's client reference manifest lists under "entryJSFiles" (its page, layouts and
// boundaries), each counted once, gzip-compressed (level 9) as a browser would receive it.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export interface RouteJs {
  route: string;
  files: number;
  rawKb: number;
  gzipKb: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name === "page_client-reference-manifest.js") out.push(p);
  }
  return out;
}

export function firstLoadJs(distPath: string): RouteJs[] {
  const build = JSON.parse(fs.readFileSync(path.join(distPath, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const sizes = new Map<string, { raw: number; gz: number }>();
  const size = (f: string) => {
    let s = sizes.get(f);
    if (!s) {
      const buf = fs.readFileSync(path.join(distPath, f));
      s = { raw: buf.length, gz: zlib.gzipSync(buf, { level: 9 }).length };
      sizes.set(f, s);
    }
    return s;
  };
  const appDir = path.join(distPath, "server", "app");
  const out: RouteJs[] = [];
  for (const file of walk(appDir)) {
    const text = fs.readFileSync(file, "utf8");
    const m = text.match(/__RSC_MANIFEST\["([^"]+)"\]\s*=\s*(\{[\s\S]*\});?\s*$/);
    if (!m) continue;
    const route = m[1]!.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    if (route.startsWith("/_")) continue;
    const manifest = JSON.parse(m[2]!) as { entryJSFiles?: Record<string, string[]> };
    const files = new Set<string>(build.rootMainFiles ?? []);
    for (const list of Object.values(manifest.entryJSFiles ?? {})) for (const f of list) files.add(f.replace(/^\/_next\//, ""));
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const s = size(f);
      raw += s.raw;
      gz += s.gz;
    }
    out.push({ route: route === "" ? "/" : route, files: files.size, rawKb: raw / 1024, gzipKb: gz / 1024 });
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}
