import { describe, expect, it } from "vitest";
import { composeMail } from "./compose";

describe("composeMail", () => {
  const unsubscribe = { pageUrl: "https://rc.example/unsubscribe?token=t", oneClickUrl: "https://rc.example/api/unsubscribe?token=t", kindLabel: "Today's plan tasks" };

  it("greets by name, carries a plain-text part with the link and the unsubscribe link, and the one-click headers", () => {
    const m = composeMail({ subject: "Today", name: "Kim Lee", paragraphs: ["Two tasks today."], items: ["Rebuild peering"], action: { label: "Open your plan", url: "https://rc.example/learn/plan" } }, unsubscribe);
    expect(m.text).toMatch(/^Hello Kim Lee,/);
    expect(m.text).toContain("- Rebuild peering");
    expect(m.text).toContain("Open your plan: https://rc.example/learn/plan");
    expect(m.text).toContain("Stop them with one click: https://rc.example/unsubscribe?token=t");
    expect(m.headers).toEqual({ "List-Unsubscribe": "<https://rc.example/api/unsubscribe?token=t>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  it("escapes names and text in the HTML part and keeps header values on one line", () => {
    const m = composeMail({ subject: "Hi\r\nBcc: victim@example.com", name: "<img src=x onerror=alert(1)>", paragraphs: ["a & b"] });
    expect(m.html).not.toContain("<img");
    expect(m.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(m.html).toContain("a &amp; b");
    expect(m.subject).toBe("Hi Bcc: victim@example.com");
    expect(m.headers).toEqual({});
  });
});
