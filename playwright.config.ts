import { execFileSync } from "node:child_process";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// CHROMIUM_PATH, else /usr/bin/chromium, else the Chromium inside the npm package
// @sparticuz/chromium (extracted once into node_modules/.cache). The config is loaded
// synchronously, so the asynchronous extraction runs in a child process. Workers load this file
// again; the resolved path goes into CHROMIUM_PATH so they skip the lookup.
const chromium = JSON.parse(
  execFileSync(process.execPath, [path.join(__dirname, "scripts", "chromium-path.mjs")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }),
) as { path: string; source: "CHROMIUM_PATH" | "system" | "npm" };
process.env.CHROMIUM_PATH = chromium.path;
// The npm Chromium brings its own fonts; its fonts.conf also reads the machine's fonts if any.
const chromiumEnv =
  chromium.source === "npm" ? { ...process.env, FONTCONFIG_FILE: path.join(path.dirname(chromium.path), "fonts.conf") } : undefined;

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A fresh embedded database for every run, so specs never see an earlier run's data.
const PGLITE_DIR = process.env.E2E_PGLITE_DIR ?? `.data/e2e-${Date.now()}`;
process.env.E2E_PGLITE_DIR = PGLITE_DIR; // global-setup keeps this one

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Long journeys (several sign-ins, each an Argon2 hash) on a 2-core machine.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium.path,
      ...(chromiumEnv ? { env: chromiumEnv } : {}),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `npx next build && npx next start -p ${PORT}`,
    url: `http://localhost:${PORT}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // TRUST_PROXY: the header specs play a TLS-terminating proxy with X-Forwarded-Proto.
    env: { PGLITE_DIR, SEED_DEMO: "1", DATABASE_URL: "", TRUST_PROXY: "1" },
  },
});
