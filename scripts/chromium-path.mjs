// Prints the path of the Chromium the browser specs use, so `npm test` needs nothing but Node and
// npm: CHROMIUM_PATH if set, else /usr/bin/chromium if it exists, else the Chromium shipped inside
// the npm package @sparticuz/chromium, extracted once into node_modules/.cache.
// playwright.config.ts runs this as a child process because Playwright loads its config
// synchronously and the extraction is asynchronous.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The folder the npm Chromium is extracted to: one per package version, so an upgrade re-extracts. */
export function npmChromiumDir() {
  const require = createRequire(path.join(root, "package.json"));
  const pkgJson = path.join(path.dirname(require.resolve("@sparticuz/chromium")), "..", "package.json");
  const { version } = JSON.parse(fs.readFileSync(pkgJson, "utf8"));
  return path.join(root, "node_modules", ".cache", `sparticuz-chromium-${version}`);
}

/**
 * Extracts the npm Chromium (about 2 s) unless an earlier run did. Several test runs may start at
 * once, so each extracts into its own staging folder and renames it into place: the final folder
 * exists only once it is complete, and the loser of a race throws its copy away.
 */
export async function extractNpmChromium() {
  const dir = npmChromiumDir();
  const binary = path.join(dir, "chromium");
  if (fs.existsSync(binary)) return binary;

  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  fs.mkdirSync(staging, { recursive: true });
  // The package inflates into os.tmpdir(), which Node reads from TMPDIR at each call.
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    const extracted = await chromium.executablePath();
    if (path.resolve(extracted) !== path.join(staging, "chromium")) {
      throw new Error(`@sparticuz/chromium extracted to ${extracted}, expected ${staging}/chromium`);
    }
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  // The package's own fonts.conf points at /tmp/fonts (its Lambda layout); this one points at the
  // fonts it shipped and still reads the machine's fonts when there are any.
  fs.writeFileSync(
    path.join(staging, "fonts.conf"),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      "<fontconfig>",
      `  <dir>${path.join(dir, "fonts")}</dir>`,
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <cachedir>${path.join(dir, "fonts-cache")}</cachedir>`,
      "</fontconfig>",
      "",
    ].join("\n"),
  );
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(binary)) throw error;
  }
  return binary;
}

/** CHROMIUM_PATH, then /usr/bin/chromium, then the npm Chromium. */
export async function resolveChromium() {
  if (process.env.CHROMIUM_PATH) {
    if (!fs.existsSync(process.env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    }
    return { path: process.env.CHROMIUM_PATH, source: "CHROMIUM_PATH" };
  }
  if (fs.existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium", source: "system" };
  return { path: await extractNpmChromium(), source: "npm" };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const found = await resolveChromium();
  if (found.source === "npm") {
    console.error(`[chromium] using @sparticuz/chromium at ${found.path} (${Date.now() - started} ms)`);
  }
  process.stdout.write(`${JSON.stringify(found)}\n`);
}
