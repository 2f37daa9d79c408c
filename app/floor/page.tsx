import { connection } from "next/server";

// The benchmark's floor: a dynamic page of this build that renders a constant. It goes through
// the same proxy (Auth.js session check) and root layout as every page, and does nothing else:
// no session lookup, no database. `npm run bench` compares every page against it.
export const metadata = { title: "Floor" };

export default async function FloorPage() {
  await connection();
  return <main id="main">ok</main>;
}
