import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareVersions, findBelowFloor, SECURITY_FLOORS } from "./version-floors";

const lock = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package-lock.json"), "utf8"));

describe("security version floors", () => {
  it("installs no copy of next, react, react-dom, next-auth or drizzle-orm below its known fixes", () => {
    expect(findBelowFloor(lock)).toEqual([]);
  });

  it("finds every guarded package in the lock file", () => {
    for (const name of Object.keys(SECURITY_FLOORS)) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBeTruthy();
    }
  });

  it("pins next-auth exactly in package.json", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8"));
    expect(pkg.dependencies["next-auth"]).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });

  it("flags a version below its floor, including nested copies and pre-releases", () => {
    const fake = {
      packages: {
        "node_modules/next": { version: "16.2.10" },
        "node_modules/foo/node_modules/react": { version: "19.2.5" },
        "node_modules/next-auth": { version: "5.0.0-beta.31" },
        "node_modules/drizzle-orm": { version: "0.45.2" },
      },
    };
    expect(findBelowFloor(fake).map((f) => f.name)).toEqual(["next", "react", "next-auth"]);
  });

  it("orders versions the semantic-version way", () => {
    expect(compareVersions("5.0.0-beta.10", "5.0.0-beta.9")).toBeGreaterThan(0);
    expect(compareVersions("5.0.0", "5.0.0-beta.32")).toBeGreaterThan(0);
    expect(compareVersions("16.4.6", "16.2.11")).toBeGreaterThan(0);
    expect(compareVersions("0.45.2", "0.45.2")).toBe(0);
  });
});
