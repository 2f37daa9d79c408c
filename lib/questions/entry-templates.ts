// Starting points for the bank editor's new entries, one per kind (draft, to be filled in).

const common = (kind: string, domain: string, category: string) => ({
  id: `new-${kind}-01`,
  exam: "AZ-104",
  domain,
  category,
  tier: "core",
  family: `new-${kind}`,
  kind,
  status: "draft",
  stem: "Write the scenario and the one requirement here (at least 40 characters).",
  explanation: "Why the answer is right (at least 20 characters).",
  sources: ["https://learn.microsoft.com/en-us/azure/"],
});

export const ENTRY_TEMPLATES: Record<string, unknown> = {
  hotspot: {
    ...common("hotspot", "identity-governance", "rbac-scope"),
    template: { format: "code", language: "azure-cli", text: "az role assignment create --role {{1}} --scope {{2}}" },
    blanks: [
      { choices: [{ key: "A", text: "Right choice" }, { key: "B", text: "Wrong choice", whyWrong: "Why it is wrong." }], why: "Why the right choice is right." },
      { choices: [{ key: "A", text: "Wrong choice", whyWrong: "Why it is wrong." }, { key: "B", text: "Right choice" }] },
    ],
    answer: ["1=A", "2=B"],
  },
  ordering: {
    ...common("ordering", "monitoring", "backup-policy"),
    options: [{ key: "A", text: "First step" }, { key: "B", text: "Second step" }, { key: "C", text: "A step not needed", whyWrong: "Why it is not needed." }],
    answer: ["1=A", "2=B"],
  },
  matching: {
    ...common("matching", "storage", "storage-redundancy"),
    options: [{ key: "A", text: "Value A" }, { key: "B", text: "Value B" }, { key: "C", text: "Value C" }],
    targets: [{ text: "Target 1", why: "Why value A fits target 1." }, { text: "Target 2", why: "Why value B fits target 2." }],
    reuseValues: false,
    answer: ["1=A", "2=B"],
  },
  "yes-no-series": {
    kind: "yes-no-series",
    id: "new-series-01",
    exam: "AZ-104",
    status: "draft",
    domain: "identity-governance",
    category: "resource-locks",
    family: "new-series",
    scenario: "The shared scenario (at least 40 characters).",
    goal: "The goal every solution is judged against.",
    solutions: [
      { id: "new-series-01-a", tier: "core", solution: "You do one thing (a proposed solution).", answer: ["Y"], why: "Why it meets the goal." },
      { id: "new-series-01-b", tier: "core", solution: "You do another thing (a proposed solution).", answer: ["N"], why: "Why it does not meet the goal." },
    ],
    sources: ["https://learn.microsoft.com/en-us/azure/"],
  },
  "case-study": {
    kind: "case-study",
    id: "new-case-study",
    exam: "AZ-104",
    status: "draft",
    title: "Company: the project",
    minutes: 10,
    overview: "Who the company is and what it does (at least 40 characters).",
    environment: "What runs today: subscriptions, networks, resources (at least 40 characters).",
    requirements: "What must be true after the change (at least 40 characters).",
    exhibits: [],
    questions: [],
    sources: ["https://learn.microsoft.com/en-us/azure/"],
  },
};
