import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, signInHttp } from "./helpers";

/*
 * A malformed id in a URL is "not found" (404) on every page and route that takes one, for the
 * role that may open it. The case that used to fail: 36 hex digits without dashes, which the old
 * /^[0-9a-f-]{36}$/ checks accepted and Postgres then refused with an error (a 500 page).
 */

const NO_DASHES = "3f1c2a9e8b7d4c6e9f001234567890abcdef";
const WRONG_DASHES = "3f1c2a9e8-b7d-4c6e-9f00-1234567890ab";

const PATHS: Record<keyof typeof DEMO, string[]> = {
  coach: ["/coach/learners/{id}", "/coach/learners/{id}/plan", "/coach/learners/{id}/variations", "/plans/{id}/print", "/plans/{id}/calendar.ics"],
  admin: ["/admin/cohorts/{id}"],
  learner: ["/learn/attempts/{id}/edit", "/learn/practice/{id}", "/learn/practice/{id}/results", "/plans/{id}/print", "/plans/{id}/calendar.ics"],
  coach2: [],
};

for (const [who, paths] of Object.entries(PATHS) as [keyof typeof DEMO, string[]][]) {
  if (!paths.length) continue;
  test(`malformed ids are 404 for ${who}`, async ({ playwright, baseURL }) => {
    const request: APIRequestContext = await playwright.request.newContext({ baseURL });
    try {
      expect(await signInHttp(request, DEMO[who])).toBe(true);
      for (const path of paths) {
        for (const id of [NO_DASHES, WRONG_DASHES]) {
          const url = path.replace("{id}", id);
          const res = await request.get(url, { maxRedirects: 0 });
          expect(res.status(), url).toBe(404);
        }
      }
    } finally {
      await request.dispose();
    }
  });
}
