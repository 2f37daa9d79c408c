// `node scripts/run-tethered.mjs <command> [args…]`: runs the command in its own process group for
// as long as whoever started us holds our stdin. When that pipe closes (the caller finished,
// crashed or was killed outright) or we get SIGINT/SIGTERM, the whole group gets SIGTERM, then
// SIGKILL after 10 s. The browser specs start their extra `next start` servers through this, so a
// killed test worker never leaves a server running on its port.
import { spawn } from "node:child_process";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write("usage: node scripts/run-tethered.mjs <command> [args…]\n");
  process.exit(2);
}

const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"], detached: true });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  setTimeout(() => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  }, 10_000).unref();
}

process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, stop);
child.on("exit", (code, signal) => {
  // Anything the command left in its group goes with it.
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // nothing left
  }
  process.exit(code ?? (signal ? 1 : 0));
});
