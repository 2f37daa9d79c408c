import { describe, expect, it } from "vitest";
import { csvCell, csvFileName, reportToCsv, toCsv } from "./csv";
import { buildCohortReport, type CohortFigures } from "./report";

/** A minimal RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("csvCell (RFC 4180)", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("Storage")).toBe("Storage");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("writes CRLF records that read back unchanged", () => {
    const rows = [["name", "note"], ["Spring, 2026", 'He said "go"\nthen left'], ["=1+1", 7]];
    const text = toCsv(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["name", "note"], ["Spring, 2026", 'He said "go"\nthen left'], ["'=1+1", "7"]]);
  });
});

describe("reportToCsv", () => {
  const figures: CohortFigures = {
    members: 3,
    active: 3,
    attempted: 2,
    passed: 1,
    nonPass: 1,
    waiting: 1,
    domains: [{ domain: "storage", learners: 2, barSum: 110, weak: 1 }],
    practice: [{ domain: "storage", category: "sas-tokens", tier: "edge", total: 4, correct: 1 }],
    examCategories: [{ category: "sas-tokens", n: 2 }],
    attempts: [
      { attemptNo: 1, outcome: "fail", n: 2 },
      { attemptNo: 2, outcome: "pass", n: 1 },
    ],
    trendAttempts: [],
    trendPractice: [],
    trendReports: [],
  };

  it("has one measure per record, named cohort first, shares as percentages and bars as lengths", () => {
    const report = buildCohortReport(figures, { from: "2026-11-16", to: "2026-11-23", weeks: 2 }, false);
    const rows = parseCsv(reportToCsv(report, '=Evil, "cohort"'));
    expect(rows[0]).toEqual(["section", "item", "measure", "value"]);
    expect(rows.every((r) => r.length === 4)).toBe(true);
    expect(rows[1]).toEqual(["scope", "cohort", "name", `'=Evil, "cohort"`]);
    expect(rows).toContainEqual(["domain", "Storage", "average_bar_length_0_100", "55"]);
    expect(rows).toContainEqual(["domain", "Storage", "weak_share_pct", "50"]);
    expect(rows).toContainEqual(["domain", "Storage", "practice_accuracy_pct", "25"]);
    expect(rows).toContainEqual(["category", "SAS tokens", "practice_misses", "3"]);
    expect(rows).toContainEqual(["category", "SAS tokens", "recorded_after_attempts", "2"]);
    expect(rows).toContainEqual(["attempts", "all", "pass_rate_pct", "33.3"]);
    expect(rows).toContainEqual(["attempts_to_pass", "2", "passes", "1"]);
    expect(rows).toContainEqual(["retake_status_now", "waiting", "learners", "1"]);
    expect(rows.filter((r) => r[0] === "week")).toHaveLength(2 * 6);
  });

  it("names the file safely", () => {
    expect(csvFileName('Spring "26"/\\x', "2026-01-05", "2026-03-29")).toBe("weak-domains-spring-26-x-2026-01-05-to-2026-03-29.csv");
    expect(csvFileName("ÄÖ", "a", "b")).toBe("weak-domains-cohort-a-to-b.csv");
  });
});
