// The review of one item after submission, for every kind: for each part (an option, a blank, a
// place, a target) the learner's response beside the right one, and why. A yes/no solution shows
// its series' scenario and goal, a case study's question its study's tabs (as sections here).

import { TBody, TD, TH, THead, Table, cn } from "@/components/ui";
import { CodeBlock, ExhibitList, languageLabel, splitBlanks } from "@/components/practice/exhibits";
import type { ReviewItem, RunnerGroup } from "@/lib/practice/dto";

/** A score sum: "7", "7.67" (partial credit makes "correct" a sum, not a count). */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : (Math.round(n * 100) / 100).toString();
}

const mark = (right: boolean) => (
  <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${right ? "bg-emerald-700 text-white" : "bg-red-700 text-white"}`}>{right ? "Right" : "Wrong"}</span>
);

function GroupContext({ group, item }: { group: RunnerGroup; item: ReviewItem }) {
  if (group.kind === "yes-no-series") {
    return (
      <div className="mt-2 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-slate-900">
        <p className="text-xs font-semibold uppercase tracking-wide text-sky-900">
          Yes/no series · solution {item.group?.order} of {item.group?.size}
        </p>
        <p className="mt-1 whitespace-pre-line">{group.scenario}</p>
        <p className="mt-1">
          <span className="font-semibold">Goal: </span>
          {group.goal}
        </p>
        <ExhibitList exhibits={group.exhibits} heading="Scenario exhibits" />
      </div>
    );
  }
  return (
    <details className="mt-2 rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm text-slate-900">
      <summary className="cursor-pointer font-semibold text-indigo-950">
        Case study: {group.title} · question {item.group?.order} of {item.group?.size}
      </summary>
      <h4 className="mt-2 font-semibold">Overview</h4>
      <p className="whitespace-pre-line">{group.overview}</p>
      <h4 className="mt-2 font-semibold">Existing environment</h4>
      <p className="whitespace-pre-line">{group.environment}</p>
      <h4 className="mt-2 font-semibold">Requirements</h4>
      <p className="whitespace-pre-line">{group.requirements}</p>
      <ExhibitList exhibits={group.exhibits} />
    </details>
  );
}

function OptionsReview({ item }: { item: ReviewItem }) {
  const response = new Set(item.response ?? []);
  const answer = new Set(item.answer);
  return (
    <ul className="mt-3 space-y-2">
      {item.options.map((opt) => {
        const isAnswer = answer.has(opt.key);
        const chosen = response.has(opt.key);
        return (
          <li key={opt.key} className={`rounded-md border p-2.5 text-sm ${isAnswer ? "border-emerald-300 bg-emerald-50" : chosen ? "border-red-300 bg-red-50" : "border-slate-200"}`}>
            <div className="flex flex-wrap items-start gap-2">
              {item.kind !== "yes-no" && <span className="font-mono font-semibold text-slate-500">{opt.key}</span>}
              <span className="flex-1 text-slate-900">{opt.text}</span>
              {chosen && <span className="rounded bg-slate-800 px-1.5 py-0.5 text-xs font-semibold text-white">Your answer</span>}
              {isAnswer && <span className="rounded bg-emerald-700 px-1.5 py-0.5 text-xs font-semibold text-white">Correct answer</span>}
            </div>
            {!isAnswer && opt.whyWrong && (
              <p className="mt-1 pl-6 text-xs text-slate-700">
                <span className="font-semibold">Why it is wrong: </span>
                {opt.whyWrong}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** One row per part: what the learner gave, what was right, and why. */
function PartsTable({
  caption,
  partLabel,
  rows,
}: {
  caption: string;
  partLabel: string;
  rows: { part: string; given: string; expected: string; right: boolean; why: string | null }[];
}) {
  return (
    <div className="mt-3 overflow-x-auto">
      <Table bare caption={caption} data-testid="parts-review">
        <THead plain className="font-bold">
          <tr>
            <TH plain className="py-1">
              {partLabel}
            </TH>
            <TH plain className="py-1">
              Your response
            </TH>
            <TH plain className="py-1">
              Correct
            </TH>
            <TH plain className="py-1">
              Why
            </TH>
          </tr>
        </THead>
        <TBody className="align-top">
          {rows.map((r) => (
            <tr key={r.part} data-right={r.right}>
              <TH plain scope="row" className="py-1.5">
                {r.part} {mark(r.right)}
              </TH>
              <TD plain className={cn("py-1.5", r.right ? "text-emerald-900" : "text-red-900")}>{r.given}</TD>
              <TD plain className="py-1.5 text-emerald-900">{r.expected}</TD>
              <TD plain className="py-1.5 text-xs text-slate-700">{r.why ?? "—"}</TD>
            </tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

function PartsReview({ item }: { item: ReviewItem }) {
  const parts = item.parts ?? [];
  if (item.kind === "hotspot" && item.hotspot) {
    const h = item.hotspot;
    const choice = (blank: number, key: string | null) => h.blanks[blank - 1]?.choices.find((c) => c.key === key);
    const filled = splitBlanks(h.text).map((p) => (typeof p === "number" ? `[${choice(p, parts.find((x) => x.part === p)?.expected ?? null)?.text ?? "?"}]` : p)).join("");
    return (
      <>
        <div className="mt-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Completed correctly</p>
          {h.format === "code" ? (
            <CodeBlock language={h.language ?? "output"} title={`The answer (${languageLabel(h.language)})`} text={filled} />
          ) : (
            <p className="mt-1 rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm">{filled}</p>
          )}
        </div>
        <PartsTable
          caption={`Question ${item.position}: each blank`}
          partLabel="Blank"
          rows={parts.map((p) => {
            const given = choice(p.part, p.given);
            return {
              part: `Blank ${p.part}`,
              given: p.given === "" ? "answered twice" : (given?.text ?? "none"),
              expected: choice(p.part, p.expected)?.text ?? p.expected,
              right: p.right,
              why: (!p.right && given?.whyWrong ? `${given.whyWrong} ` : "") + (h.blanks[p.part - 1]?.why ?? "") || null,
            };
          })}
        />
      </>
    );
  }
  const text = (key: string | null) => (key ? (item.options.find((o) => o.key === key)?.text ?? key) : "none");
  if (item.kind === "ordering") {
    return (
      <PartsTable
        caption={`Question ${item.position}: each place in the order`}
        partLabel="Place"
        rows={parts.map((p) => ({
          part: `Step ${p.part}`,
          given: p.given === "" ? "answered twice" : text(p.given),
          expected: text(p.expected),
          right: p.right,
          why: p.right ? null : (item.options.find((o) => o.key === p.given)?.whyWrong ?? (p.given ? "This step belongs at another place in the order." : null)),
        }))}
      />
    );
  }
  if (item.kind === "matching" && item.matching) {
    const m = item.matching;
    return (
      <>
        <p className="mt-3 text-xs text-slate-600">{m.reuseValues ? "A value could be used once, more than once, or not at all." : "A value could be used once or not at all."}</p>
        <PartsTable
          caption={`Question ${item.position}: each target`}
          partLabel="Target"
          rows={parts.map((p) => ({
            part: m.targets[p.part - 1]?.text ?? `Target ${p.part}`,
            given: p.given === "" ? "answered twice" : text(p.given),
            expected: text(p.expected),
            right: p.right,
            why: m.targets[p.part - 1]?.why ?? null,
          }))}
        />
      </>
    );
  }
  return null;
}

export function ItemAnswerReview({ item, group }: { item: ReviewItem; group?: RunnerGroup }) {
  const hasParts = item.parts !== null;
  return (
    <div data-kind={item.kind}>
      {group && <GroupContext group={group} item={item} />}
      {item.kind === "yes-no" ? (
        <p className="mt-2 whitespace-pre-line text-sm text-slate-900">
          <span className="font-semibold">Solution: </span>
          {item.stem}
        </p>
      ) : (
        <p className="mt-2 whitespace-pre-line text-sm text-slate-900">{item.stem}</p>
      )}
      <ExhibitList exhibits={item.exhibits} />
      {hasParts ? <PartsReview item={item} /> : <OptionsReview item={item} />}
      <p className="mt-2 text-sm text-slate-700" data-testid="item-score">
        <span className="font-semibold">Score: </span>
        {item.score === null
          ? "0 (unanswered)"
          : hasParts
            ? `${formatPoints(item.score)} (${(item.parts ?? []).filter((p) => p.right).length} of ${(item.parts ?? []).length} parts right)`
            : formatPoints(item.score)}
        {!hasParts && (
          <>
            {" · "}
            <span className="font-semibold">Your response: </span>
            {item.response && item.response.length ? item.response.map((k) => (item.kind === "yes-no" ? (k === "Y" ? "Yes" : "No") : k)).join(", ") : "none"} ·{" "}
            <span className="font-semibold">Correct: </span>
            {item.answer.map((k) => (item.kind === "yes-no" ? (k === "Y" ? "Yes" : "No") : k)).join(", ")}
          </>
        )}
      </p>
    </div>
  );
}
