import { describe, expect, it } from "vitest";
import { heatStripLabel } from "./heat-strip";

describe("heat strip text alternative", () => {
  it("lists every bar weakest first with its domain, and says which are weak", () => {
    const label = heatStripLabel(
      [
        { domain: "identity-governance", bar: 72 },
        { domain: "storage", bar: 55 },
        { domain: "compute", bar: 80 },
        { domain: "networking", bar: 41 },
        { domain: "monitoring", bar: 66 },
      ],
      ["networking", "storage"],
    );
    expect(label).toBe(
      "Score-report bars, weakest first: Networking 41 (weak), Storage 55 (weak), Monitoring 66, Identity & governance 72, Compute 80",
    );
  });
});
