// `npm run demo`: the production server on the embedded database, seeded with the demo
// programme when it has no account yet (SEED_DEMO=1), on any platform npm runs on.
import { spawn } from "node:child_process";

const child = spawn("npx", ["next", "start", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, SEED_DEMO: process.env.SEED_DEMO ?? "1" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
