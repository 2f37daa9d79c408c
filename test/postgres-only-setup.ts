import { ENGINE } from "./db";

// The *.pg.int.test.ts files test races on real Postgres. Run without a server they would prove
// nothing, so they fail loudly instead of being skipped.
if (ENGINE !== "postgres") {
  throw new Error(
    "This file tests races on real Postgres: run it through `npm run test:integration` (which starts an embedded Postgres) " +
      "or set TEST_DATABASE_URL=postgres://… and use --project integration-pg.",
  );
}
