import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  throw new Error(
    `No Chromium at ${chromium}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.`,
  );
}

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
      executablePath: chromium,
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
