import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bankEntrySchema, formatIssues, questionBankSchema } from "../validation/question";
import { entriesFromRows, flattenBank } from "./entries";

// The README documents the bank's JSON format with one example per kind; they must stay valid.
const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const section = readme.slice(readme.indexOf("### The bank's JSON format"), readme.indexOf("### Scoring"));
const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as { kind: string; id: string });

describe("the README's bank format examples", () => {
  it("show every kind once", () => {
    expect(examples.map((e) => e.kind).sort()).toEqual(["case-study", "hotspot", "matching", "ordering", "single", "yes-no-series"]);
  });

  it.each(examples.map((e) => [e.kind, e] as const))("%s passes the bank schema", (_kind, example) => {
    const result = bankEntrySchema.safeParse(example);
    expect(result.success ? [] : formatIssues(result.error)).toEqual([]);
  });

  it("survive the way into rows and back unchanged, all together as one bank", () => {
    const bank = questionBankSchema.parse(examples);
    const rows = flattenBank(bank);
    // 1 single + 1 hotspot + 1 ordering + 1 matching + 3 solutions + 3 case-study questions
    expect(rows.questions).toHaveLength(10);
    expect(rows.groups.map((g) => g.kind).sort()).toEqual(["case-study", "yes-no-series"]);
    const again = questionBankSchema.parse(entriesFromRows(rows.groups, rows.questions));
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(again)).toEqual(byId(bank));
  });
});
