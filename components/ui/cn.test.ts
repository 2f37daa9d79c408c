import { describe, expect, it } from "vitest";
import { cn } from "./cn";
import { buttonClasses } from "./button";
import { cardClass } from "./styles";

describe("cn", () => {
  it("lets a later conflicting padding win", () => {
    expect(cn("px-4", "px-2")).toBe("px-2");
    expect(cn("px-4 py-2", "px-3 py-1")).toBe("px-3 py-1");
  });

  it("lets a later background and border colour win, the project's brand colours included", () => {
    expect(cn("bg-white", "bg-amber-50")).toBe("bg-amber-50");
    expect(cn("bg-white", "bg-brand-50/40")).toBe("bg-brand-50/40");
    expect(cn("border-slate-300", "border-amber-400")).toBe("border-amber-400");
    expect(cn("hover:bg-slate-50", "hover:bg-amber-100")).toBe("hover:bg-amber-100");
  });

  it("keeps classes that do not conflict (font size and text colour are different properties)", () => {
    expect(cn("text-sm text-slate-800", "text-amber-900")).toBe("text-sm text-amber-900");
    expect(cn("border", "border-red-500")).toBe("border border-red-500");
  });

  it("drops falsy inputs and reads objects and arrays", () => {
    expect(cn("a", false, null, undefined, 0, "", ["b", { c: true, d: false }])).toBe("a b c");
  });

  it("makes the three overrides that used to be dead take effect", () => {
    const flagged = buttonClasses({ variant: "secondary", className: "border-amber-400 bg-amber-50 text-amber-900 hover:bg-amber-100" });
    expect(flagged).toContain("bg-amber-50");
    expect(flagged).not.toMatch(/\bbg-white\b/);
    expect(flagged).not.toMatch(/\bborder-slate-300\b/);
    expect(flagged).not.toMatch(/\btext-slate-800\b/);

    const compact = buttonClasses({ variant: "secondary", size: "sm" });
    expect(compact).toContain("px-3");
    expect(compact).toContain("py-1");
    expect(compact).not.toMatch(/\bpx-4\b/);
    expect(compact).not.toMatch(/\bpy-2\b/);

    const tinted = cn(cardClass, "border-brand-100 bg-brand-50/40");
    expect(tinted).not.toMatch(/\bbg-white\b/);
    expect(tinted).not.toMatch(/\bborder-slate-200\b/);
  });
});
