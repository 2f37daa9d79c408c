"use client";

import { useActionState } from "react";
import { FieldSet, FieldError, FormField, FormMessage, Input, Textarea } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { ATTEMPT_OUTCOME_LABELS, type AttemptOutcome } from "@/lib/enums";
import { AZ104, DOMAIN_SHORT_NAMES, ITEM_TYPES, MISS_CATEGORIES } from "@/lib/exam/az104";
import { initialFormState, listValue, stringValue, type FormState } from "@/lib/form-state";

export interface AttemptFormDefaults {
  id?: string;
  takenAt?: string;
  outcome?: string;
  score?: string;
  bars?: Record<string, string>;
  hardestDomains?: string[];
  slowItemTypes?: string[];
  misreadCategories?: string[];
  misreadNotes?: string;
  notes?: string;
  certExpiresOn?: string;
  /** "yes", "no" or "" (not said). */
  ranOutOfTime?: string;
  unansweredOrGuessed?: string;
  halfwayMinutesLeft?: string;
}

type Action = (state: FormState, data: FormData) => Promise<FormState>;

function Checkboxes({
  name,
  legend,
  hint,
  options,
  selected,
  errors,
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { key: string; label: string }[];
  selected: string[];
  errors?: string[];
}) {
  return (
    <FieldSet id={name} legend={legend} hint={hint} errors={errors}>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {options.map((o) => (
          <label key={o.key} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name={`${name}[]`} value={o.key} defaultChecked={selected.includes(o.key)} className="h-4 w-4" />
            {o.label}
          </label>
        ))}
      </div>
    </FieldSet>
  );
}

export function AttemptForm({
  action,
  defaults = {},
  timeZone,
  submitLabel,
  passingScore,
}: {
  action: Action;
  defaults?: AttemptFormDefaults;
  timeZone: string;
  submitLabel: string;
  /** The exam row's pass mark. */
  passingScore: number;
}) {
  const [state, formAction] = useActionState(action, initialFormState);
  const submitted = state.values !== undefined;
  const s = (k: string, fallback?: string) => (submitted ? stringValue(state, k) : fallback) ?? "";
  const l = (k: string, fallback: string[] = []) => (submitted ? (listValue(state, k) ?? []) : fallback);
  const err = (k: string) => state.errors?.[k];
  const outcome = s("outcome", defaults.outcome ?? "fail");

  return (
    <form action={formAction} noValidate className="space-y-8" key={JSON.stringify(state.values ?? {})}>
      {defaults.id && <input type="hidden" name="id" value={defaults.id} />}
      <FormMessage status={state.status} message={state.message} />

      <section aria-labelledby="when-h" className="grid gap-4 sm:grid-cols-2">
        <h2 id="when-h" className="text-lg font-semibold text-slate-900 sm:col-span-2">
          The attempt
        </h2>
        <FormField id="takenAt" label="Date and time of the exam" hint={`In your time zone (${timeZone.replaceAll("_", " ")}).`} errors={err("takenAt")}>
          <Input name="takenAt" type="datetime-local" required defaultValue={s("takenAt", defaults.takenAt)} />
        </FormField>
        <FieldSet id="outcome" legend="Outcome" legendClassName="block" errors={err("outcome")}>
          <div className="mt-2 flex flex-wrap gap-4">
            {(["fail", "pass", "no-show"] as const satisfies readonly AttemptOutcome[]).map((value) => (
              <label key={value} className="flex items-center gap-2 text-sm">
                <input type="radio" name="outcome" value={value} defaultChecked={outcome === value} className="h-4 w-4" />
                {ATTEMPT_OUTCOME_LABELS[value]}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-500">A missed appointment counts as an attempt that did not pass.</p>
        </FieldSet>
        <FormField
          id="score"
          label={`Scaled score (1–${AZ104.maxScore})`}
          hint={`${passingScore} or more passes. Leave empty for a no-show.`}
          errors={err("score")}
        >
          <Input name="score" inputMode="numeric" defaultValue={s("score", defaults.score)} />
        </FormField>
        <FormField
          id="certExpiresOn"
          label="Certification expiry (after a pass)"
          hint="A passed exam can be retaken only after the certification expires."
          errors={err("certExpiresOn")}
        >
          <Input name="certExpiresOn" type="date" defaultValue={s("certExpiresOn", defaults.certExpiresOn)} />
        </FormField>
      </section>

      <section aria-labelledby="bars-h">
        <h2 id="bars-h" className="text-lg font-semibold text-slate-900">
          Score-report bars
        </h2>
        <p className="mt-1 max-w-prose text-sm text-slate-600">
          Your score report draws one bar per skill area. Read each bar&apos;s length off the chart as a number from 0
          (no bar) to 100 (full width). A bar shows relative strength; it is <strong>not</strong> a percentage of
          questions answered correctly. Leave them empty for a no-show.
        </p>
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {AZ104.domains.map((d) => {
            const name = `bar_${d.key}`;
            return (
              <FormField
                key={d.key}
                id={name}
                label={`${DOMAIN_SHORT_NAMES[d.key]} — bar length`}
                hint={`${d.weightMin}–${d.weightMax} % of the exam · 0–100`}
                errors={err(name)}
              >
                <Input name={name} inputMode="numeric" defaultValue={s(name, defaults.bars?.[d.key])} />
              </FormField>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="notes-h" className="space-y-6">
        <div>
          <h2 id="notes-h" className="text-lg font-semibold text-slate-900">
            While it is fresh
          </h2>
          <p className="mt-1 max-w-prose text-sm text-slate-600">
            Record categories, never exam content: what felt hardest, what slowed you down, and which requirements you
            misread.
          </p>
        </div>
        <Checkboxes
          name="hardestDomains"
          legend="Domains that felt hardest"
          options={AZ104.domains.map((d) => ({ key: d.key, label: DOMAIN_SHORT_NAMES[d.key] }))}
          selected={l("hardestDomains", defaults.hardestDomains)}
          errors={err("hardestDomains")}
        />
        <Checkboxes
          name="slowItemTypes"
          legend="Item types that slowed you down"
          options={ITEM_TYPES.map((t) => ({ key: t.key, label: t.label }))}
          selected={l("slowItemTypes", defaults.slowItemTypes)}
          errors={err("slowItemTypes")}
        />
        <fieldset aria-describedby="pacing-hint" className="space-y-3 rounded-md border border-slate-200 p-4">
          <legend className="px-1 text-sm font-medium text-slate-800">Pacing</legend>
          <p id="pacing-hint" className="text-xs text-slate-500">
            Roughly is fine; leave a question empty if you do not remember. Time trouble on a near pass with even bars calls for
            pacing drills rather than a domain rebuild.
          </p>
          <div role="radiogroup" aria-labelledby="ranOutOfTime-label" aria-describedby="ranOutOfTime-error">
            <p id="ranOutOfTime-label" className="text-sm text-slate-700">
              Did you run out of time?
            </p>
            <div className="mt-1 flex flex-wrap gap-4">
              {[
                ["yes", "Yes"],
                ["no", "No"],
                ["", "Not sure"],
              ].map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
                  <input type="radio" name="ranOutOfTime" value={value} defaultChecked={s("ranOutOfTime", defaults.ranOutOfTime) === value} className="h-4 w-4" />
                  {label}
                </label>
              ))}
            </div>
            <FieldError id="ranOutOfTime-error" errors={err("ranOutOfTime")} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              id="unansweredOrGuessed"
              label="Roughly how many items were unanswered or guessed?"
              labelClassName="font-normal text-slate-700"
              errors={err("unansweredOrGuessed")}
            >
              <Input name="unansweredOrGuessed" inputMode="numeric" defaultValue={s("unansweredOrGuessed", defaults.unansweredOrGuessed)} />
            </FormField>
            <FormField
              id="halfwayMinutesLeft"
              label="Minutes left at the halfway question"
              labelClassName="font-normal text-slate-700"
              errors={err("halfwayMinutesLeft")}
            >
              <Input name="halfwayMinutesLeft" inputMode="numeric" defaultValue={s("halfwayMinutesLeft", defaults.halfwayMinutesLeft)} />
            </FormField>
          </div>
        </fieldset>
        <Checkboxes
          name="misreadCategories"
          legend="Requirements you misread, by category"
          options={MISS_CATEGORIES.map((c) => ({ key: c.key, label: `${c.label} (${DOMAIN_SHORT_NAMES[c.domain]})` }))}
          selected={l("misreadCategories", defaults.misreadCategories)}
          errors={err("misreadCategories")}
        />
        <FormField id="misreadNotes" label="Anything else you misread (categories, in your words)" errors={err("misreadNotes")}>
          <Textarea name="misreadNotes" rows={2} maxLength={2000} defaultValue={s("misreadNotes", defaults.misreadNotes)} />
        </FormField>
        <FormField id="notes" label="Notes" errors={err("notes")}>
          <Textarea name="notes" rows={4} maxLength={4000} defaultValue={s("notes", defaults.notes)} />
        </FormField>
      </section>

      <SubmitButton pendingText="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
