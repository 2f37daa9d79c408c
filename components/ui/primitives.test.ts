import { readFileSync } from "node:fs";
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert } from "./alert";
import { Badge } from "./badge";
import { chartPalette } from "./chart-frame";
import { Field } from "./field";
import { FormField, Input, Select, type ControlProps } from "./form-field";
import { Section } from "./section";
import { HeadRow, Table, TH, THead } from "./table";

const doc = (markup: string) => {
  // A tiny attribute reader, enough for these single-element checks.
  const attr = (tag: string, name: string) => new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(markup)?.[1];
  return { attr };
};

describe("FormField", () => {
  it("ties label, hint and errors to its one control", () => {
    const html = renderToStaticMarkup(
      h(FormField, { label: "Score", hint: "From the report", errors: ["Too high"], children: h(Input, { name: "score" }) }),
    );
    const { attr } = doc(html);
    const id = attr("input", "id")!;
    expect(id).toBeTruthy();
    expect(attr("label", "for")).toBe(id);
    expect(attr("input", "aria-describedby")).toBe(`${id}-hint ${id}-error`);
    expect(attr("input", "aria-invalid")).toBe("true");
    expect(html).toContain(`id="${id}-hint"`);
    expect(html).toContain(`id="${id}-error"`);
    expect(html).toContain("Too high");
    // The label spacing is merged in, the house input classes kept.
    expect(attr("input", "class")).toMatch(/\bmt-1\b/);
    expect(attr("input", "class")).toContain("rounded-md");
  });

  it("gives two fields with the same name different ids", () => {
    const html = renderToStaticMarkup(
      h("form", null, h(FormField, { label: "A", children: h(Input, { name: "x" }) }), h(FormField, { label: "B", children: h(Input, { name: "x" }) })),
    );
    const ids = [...html.matchAll(/<input[^>]*\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("marks a required field and sets required on the control; no error means not invalid", () => {
    const html = renderToStaticMarkup(h(FormField, { label: "Name", required: true, children: h(Input, { name: "n" }) }));
    const { attr } = doc(html);
    expect(html).toMatch(/<input[^>]*required=""/);
    expect(html).toMatch(/<label[^>]*>Name<span class="text-red-700" aria-hidden="true">[^<]*\*<\/span><\/label>/);
    expect(attr("input", "aria-invalid")).toBe("false");
    expect(attr("input", "aria-describedby")).toBe(`${attr("input", "id")}-error`);
  });

  it("keeps a fixed id and a control's own aria-describedby, and hands a render prop the wiring", () => {
    const html = renderToStaticMarkup(
      h(FormField, { label: "Zone", id: "zone", children: h(Select, { name: "z", "aria-describedby": "extra", options: [{ value: "a", label: "A" }] }) }),
    );
    expect(doc(html).attr("select", "aria-describedby")).toBe("zone-error extra");
    let seen: ControlProps | undefined;
    renderToStaticMarkup(
      h(FormField, {
        label: "Zone",
        id: "z2",
        errors: ["x"],
        children: (c: ControlProps) => {
          seen = c;
          return h("input", c);
        },
      }),
    );
    expect(seen).toMatchObject({ id: "z2", "aria-describedby": "z2-error", "aria-invalid": true });
  });

  it("a compact field (a filter bar's) has the small grey label and no gap above its control", () => {
    const html = renderToStaticMarkup(h(FormField, { label: "Role", compact: true, children: h(Select, { name: "role", options: [{ value: "", label: "All" }] }) }));
    const { attr } = doc(html);
    expect(attr("label", "class")).toContain("text-xs text-slate-600");
    expect(attr("label", "class")).not.toMatch(/\btext-sm\b|\btext-slate-800\b/);
    expect(attr("select", "class")).not.toMatch(/\bmt-1\b/);
    expect(attr("label", "for")).toBe(attr("select", "id"));
  });

  it("Field keeps its name-based id", () => {
    const html = renderToStaticMarkup(h(Field, { name: "email", label: "Email", type: "email" }));
    expect(doc(html).attr("input", "id")).toBe("field-email");
    expect(doc(html).attr("input", "aria-describedby")).toBe("field-email-error");
  });
});

describe("Alert, Badge, Section, Table", () => {
  it("an alert's role follows its tone unless given, and false leaves it out", () => {
    expect(renderToStaticMarkup(h(Alert, { tone: "danger" }, "x"))).toContain('role="alert"');
    expect(renderToStaticMarkup(h(Alert, { tone: "success" }, "x"))).toContain('role="status"');
    expect(renderToStaticMarkup(h(Alert, { tone: "warning", role: false }, "x"))).not.toContain("role=");
    expect(renderToStaticMarkup(h(Alert, { tone: "warning", className: "bg-white" }, "x"))).not.toContain("bg-amber-50");
  });

  it("a badge's className overrides its tone", () => {
    const html = renderToStaticMarkup(h(Badge, { tone: "muted", className: "bg-red-100" }, "Weak"));
    expect(html).toContain("bg-red-100");
    expect(html).not.toContain("bg-slate-100");
  });

  it("a section is named by its heading, and a tint given as className wins over the card's white", () => {
    const html = renderToStaticMarkup(h(Section, { title: "Advice", headingId: "advice-h", className: "bg-brand-50/40" }, "body"));
    expect(html).toMatch(/<section aria-labelledby="advice-h"/);
    expect(html).toContain('<h2 id="advice-h"');
    expect(html).not.toMatch(/\bbg-white\b/);
  });

  it("a table has one header style and column headers by default", () => {
    const html = renderToStaticMarkup(h(Table, { caption: "Sets" }, h(THead, null, h("tr", null, h(TH, null, "Started")))));
    expect(html).toContain('<caption class="sr-only">Sets</caption>');
    expect(html).toContain("uppercase tracking-wide");
    expect(html).toContain('scope="col"');
  });
});

describe("HeadRow", () => {
  it("draws one column header per label, in order, with the cell classes merged", () => {
    const html = renderToStaticMarkup(
      h("table", null, h(HeadRow, { labels: ["Id", "Status", h("span", { key: "a", className: "sr-only" }, "Actions")], cellClassName: "px-3 py-2" })),
    );
    const cells = [...html.matchAll(/<th scope="col" class="([^"]*)">(.*?)<\/th>/g)];
    expect(cells.map((m) => m[2])).toEqual(["Id", "Status", '<span class="sr-only">Actions</span>']);
    for (const [, cls] of cells) {
      expect(cls).toContain("px-3 py-2");
      expect(cls).not.toMatch(/\bpx-4\b|\bpy-3\b/);
    }
    expect(html).toContain("uppercase tracking-wide");
  });
});

describe("chart palette", () => {
  it("every colour is a CSS variable that app/globals.css defines", () => {
    const css = readFileSync(new URL("../../app/globals.css", import.meta.url), "utf8");
    for (const value of Object.values(chartPalette)) {
      const name = /^var\((--[a-z-]+)\)$/.exec(value)?.[1];
      expect(name, value).toBeTruthy();
      expect(css).toMatch(new RegExp(`${name}:\\s*[^;]+;`));
    }
  });
});
