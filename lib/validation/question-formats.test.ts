import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bankEntrySchema, formatIssues, questionBankSchema } from "./question";

// The README's examples (one per kind, checked valid in lib/questions/readme-examples.test.ts),
// broken one field at a time: each problem must come back at its exact path.
const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const section = readme.slice(readme.indexOf("### The bank's JSON format"), readme.indexOf("### Scoring"));
const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
const example = (kind: string) => structuredClone(examples.find((e) => e.kind === kind)!) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function issues(entry: unknown) {
  const r = bankEntrySchema.safeParse(entry);
  return r.success ? [] : formatIssues(r.error).map((i) => `${i.path}: ${i.message}`);
}

describe("hotspot", () => {
  it("requires a whyWrong on every wrong choice of a blank and none on the right one", () => {
    const h = example("hotspot");
    delete h.blanks[0].choices[1].whyWrong;
    h.blanks[1].choices[1].whyWrong = "This one is right, so no.";
    expect(issues(h)).toEqual([
      expect.stringMatching(/^blanks\.0\.choices\.1\.whyWrong: required for a wrong choice/),
      expect.stringMatching(/^blanks\.1\.choices\.1\.whyWrong: must be absent on a correct choice/),
    ]);
  });

  it("needs each blank marked exactly once, an answer per blank, and a language for code", () => {
    const h = example("hotspot");
    h.template.text = "az role assignment create --role {{1}} --scope {{1}} {{3}}";
    delete h.template.language;
    expect(issues(h)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^template\.language: name the code's language/),
        expect.stringMatching(/^template\.text: mark blank 1 exactly once/),
        expect.stringMatching(/^template\.text: mark blank 2 exactly once/),
        expect.stringMatching(/^template\.text: \{\{3\}\} has no blank/),
      ]),
    );
    const h2 = example("hotspot");
    h2.answer = ["1=A", "1=B"];
    expect(issues(h2)).toEqual([expect.stringMatching(/^answer\.1: blank 1 is answered twice/)]);
    const h3 = example("hotspot");
    h3.answer = ["1=A", "2=E"];
    expect(issues(h3)).toEqual(expect.arrayContaining([expect.stringMatching(/^answer\.1: blank 2 has no choice "E"/)]));
    const h4 = example("hotspot");
    h4.answer = ["1=A"];
    expect(issues(h4)).toEqual([expect.stringMatching(/^answer: blank 2 has no answer/)]);
    const h5 = example("hotspot");
    h5.answer = ["A", "2=B"];
    expect(issues(h5)).toEqual([expect.stringMatching(/^answer\.0: write each part as/)]);
  });

  it("limits blanks to 4 and choices to 5", () => {
    const h = example("hotspot");
    h.blanks[0].choices = Array.from({ length: 6 }, (_, i) => ({ key: "ABCDEF"[i], text: `Choice ${i}`, ...(i ? { whyWrong: "Wrong for a reason." } : {}) }));
    expect(issues(h)).toEqual(expect.arrayContaining([expect.stringMatching(/^blanks\.0\.choices: a blank has at most 5 choices/)]));
  });
});

describe("ordering", () => {
  it("wants every place once, steps that exist, no step twice, and a whyWrong on steps left out", () => {
    const o = example("ordering");
    o.answer = ["1=B", "2=B", "3=F"];
    expect(issues(o)).toEqual(expect.arrayContaining([expect.stringMatching(/^answer\.1: step "B" is placed twice/), expect.stringMatching(/^answer\.2: there is no step "F"/)]));
    const o2 = example("ordering");
    delete o2.options[2].whyWrong;
    expect(issues(o2)).toEqual([expect.stringMatching(/^options\.2\.whyWrong: required for a wrong step/)]);
    const o3 = example("ordering");
    o3.answer = ["1=B", "3=D"];
    expect(issues(o3)).toEqual([expect.stringMatching(/^answer\.1: there is no place 3/)]);
  });
});

describe("matching", () => {
  it("enforces reuseValues and one value per target", () => {
    const m = example("matching");
    m.answer = ["1=A", "2=A", "3=D"];
    expect(issues(m)).toEqual([expect.stringMatching(/^answer\.1: value "A" is used twice but reuseValues is false/)]);
    m.reuseValues = true;
    expect(issues(m)).toEqual([]);
    const m2 = example("matching");
    delete m2.reuseValues;
    expect(issues(m2)).toEqual([expect.stringMatching(/^reuseValues: reuseValues is true/)]);
    const m3 = example("matching");
    delete m3.targets[1].why;
    expect(issues(m3)).toEqual([expect.stringMatching(/^targets\.1\.why: /)]);
  });
});

describe("groups", () => {
  it("checks a series' solutions at their paths", () => {
    const s = example("yes-no-series");
    s.solutions[1].answer = ["yes"];
    expect(issues(s)).toEqual([expect.stringMatching(/^solutions\.1\.answer\.0: a solution's answer is \["Y"\]/)]);
    const s1 = example("yes-no-series");
    s1.solutions[2].solution = s1.solutions[0].solution;
    expect(issues(s1)).toEqual([expect.stringMatching(/^solutions\.2\.solution: same solution as solutions\.0/)]);
    const s2 = example("yes-no-series");
    s2.solutions.push({ ...s2.solutions[0], id: "ig-locks-series-demo-d" }, { ...s2.solutions[0], id: "ig-locks-series-demo-e" });
    expect(issues(s2)).toEqual(expect.arrayContaining([expect.stringMatching(/^solutions: a series has at most 4 solutions/)]));
  });

  it("checks a case study's questions at their paths, and keeps exam and status on the study", () => {
    const c = example("case-study");
    delete c.questions[0].options[1].whyWrong;
    c.questions[2].exam = "AZ-104";
    c.questions[1].kind = "yes-no";
    expect(issues(c)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^questions\.0\.options\.1\.whyWrong: required for a wrong option/),
        expect.stringMatching(/^questions\.2: Unrecognized key: "exam"/),
        expect.stringMatching(/^questions\.1\.kind: unknown kind/),
      ]),
    );
    const c2 = example("case-study");
    c2.questions = c2.questions.slice(0, 2);
    expect(issues(c2)).toEqual([expect.stringMatching(/^questions: a case study has at least 3 questions/)]);
  });

  it("finds duplicate ids across items and groups' members, naming where", () => {
    const single = example("single");
    const series = example("yes-no-series");
    series.solutions[2].id = single.id;
    const r = questionBankSchema.safeParse([single, series]);
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toEqual([
      { item: 0, path: "id", message: `duplicate id "${single.id}" (also at item 1 (solutions.2))` },
      { item: 1, path: "solutions.2.id", message: `duplicate id "${single.id}" (also at item 0)` },
    ]);
  });

  it("names an unknown kind without echoing the value", () => {
    expect(issues({ ...example("single"), kind: "x".repeat(5000) })).toEqual([expect.stringMatching(/^kind: unknown kind: use one of "single", "multiple", "hotspot", "ordering", "matching", "yes-no-series", "case-study"$/)]);
  });
});

describe("exhibits", () => {
  it("checks a table's rows against its columns and a code block's language", () => {
    const q = example("single");
    q.exhibits[0].rows[1] = ["200", "AllowHttps"];
    q.exhibits.push({ type: "code", title: "Output", language: "cobol", text: "x" });
    expect(issues(q)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^exhibits\.0\.rows\.1: a row has 5 cells/), expect.stringMatching(/^exhibits\.1\.language: /)]),
    );
  });
});
