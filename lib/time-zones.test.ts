import { describe, expect, it } from "vitest";
import { timeZoneLabel, timeZoneOptions } from "./time-zones";

describe("timeZoneOptions", () => {
  it("offers UTC first, then the runtime's IANA zones, each once", () => {
    const zones = timeZoneOptions();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Berlin");
    expect(zones).toContain("Asia/Tokyo");
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("keeps a stored zone the list lacks, so it stays selected, and ignores empty ones", () => {
    const zones = timeZoneOptions(["Etc/GMT+5", "", null, undefined, "Europe/Berlin"]);
    expect(zones[0]).toBe("Etc/GMT+5");
    expect(zones.filter((z) => z === "Europe/Berlin")).toHaveLength(1);
    expect(zones).not.toContain("");
  });
});

describe("timeZoneLabel", () => {
  it("reads as words", () => {
    expect(timeZoneLabel("America/Argentina/Buenos_Aires")).toBe("America / Argentina / Buenos Aires");
    expect(timeZoneLabel("UTC")).toBe("UTC");
  });
});
