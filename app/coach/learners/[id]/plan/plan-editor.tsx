"use client";

import { useActionState } from "react";
import { Alert, Button, Field, FormField, FormMessage, Select, SubmitButton, Textarea } from "@/components/ui";
import { acceptCycleAction, addTaskAction, assignPlanAction, generatePlanAction, setTargetDateAction, takeOverPlanAction } from "@/app/coach/plan-actions";
import { useAnnounce } from "@/app/plans/announcer";
import { PLAN_PHASE_LABELS, type PlanPhase } from "@/lib/enums";
import { initialFormState, stringValue, type FormState } from "@/lib/form-state";
import type { FailurePattern } from "@/lib/policy/advice";

export interface DayOption {
  value: string;
  label: string;
}

const LENGTH_OPTIONS = [
  { value: "", label: "Default (9 days + one per weak domain)" },
  ...[10, 11, 12, 13, 14].map((n) => ({ value: String(n), label: `${n} days` })),
];

/** Builds a draft from the learner's latest non-pass. */
export function GeneratePlanForm({
  learnerId,
  pattern,
  defaultStart,
  submitLabel = "Generate repair plan",
  zone = "the learner's",
}: {
  learnerId: string;
  pattern: FailurePattern | null;
  defaultStart: string;
  submitLabel?: string;
  /** Whose time zone "today" is in, as the hint says it: "the learner's" or "your". */
  zone?: string;
}) {
  const [state, action] = useAnnouncedAction(generatePlanAction, "Draft plan generated.");
  const err = (k: string) => state.errors?.[k];
  return (
    <form action={action} noValidate className="space-y-4" key={JSON.stringify(state.values ?? {})} aria-label="Generate a repair plan">
      <FormMessage status={state.status} message={state.message} />
      <FieldErrorsFor state={state} names={["learnerId", "_form"]} />
      <input type="hidden" name="learnerId" value={learnerId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          idPrefix="generate"
          name="startDate"
          type="date"
          label="Start date (optional)"
          hint={`Day 1 of the plan. Empty: today in ${zone} zone (${defaultStart}).`}
          defaultValue={stringValue(state, "startDate") ?? ""}
          errors={err("startDate")}
        />
        {(pattern === "broad-miss" || pattern === null) && (
          <FormField id="generate-lengthDays" label="Length (broad miss only)" hint="A broad-miss plan lasts 10 to 14 days; a near-pass or pacing plan always 3." errors={err("lengthDays")}>
            <Select name="lengthDays" defaultValue={stringValue(state, "lengthDays") ?? ""} options={LENGTH_OPTIONS} />
          </FormField>
        )}
      </div>
      <SubmitButton pendingText="Generating…">{submitLabel}</SubmitButton>
    </form>
  );
}

/** Errors that belong to no visible field (hidden ids, the whole form). */
function FieldErrorsFor({ state, names }: { state: { errors?: Record<string, string[]> }; names: string[] }) {
  const messages = names.flatMap((n) => state.errors?.[n] ?? []);
  if (messages.length === 0) return null;
  return (
    <ul role="alert" className="text-sm text-red-700">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

type PlanAction = (prev: FormState, data: FormData) => Promise<FormState>;

/** An action whose success the page's status region announces (the form often disappears with it). */
function useAnnouncedAction(action: PlanAction, fallback: string) {
  const announce = useAnnounce();
  return useActionState(async (prev: FormState, data: FormData) => {
    const result = await action(prev, data);
    if (result.status === "success") announce(result.message ?? fallback);
    return result;
  }, initialFormState);
}

/** One button that runs an action on the plan, with the action's message under it. */
function PlanActionForm({
  action,
  announced,
  hidden,
  label,
  pendingText,
  ariaLabel,
}: {
  action: PlanAction;
  /** Announced on success when the action says nothing. */
  announced: string;
  hidden: Record<string, string>;
  label: string;
  pendingText: string;
  ariaLabel?: string;
}) {
  const [state, formAction] = useAnnouncedAction(action, announced);
  return (
    <form action={formAction} className="space-y-2" aria-label={ariaLabel}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton pendingText={pendingText}>{label}</SubmitButton>
      <FormMessage status={state.status} message={state.message} />
    </form>
  );
}

/** Makes the draft the learner's active plan (a self-coached learner "starts" their own). */
export function AssignPlanForm({ planId, label = "Assign plan" }: { planId: string; label?: string }) {
  return <PlanActionForm action={assignPlanAction} announced="Plan assigned." hidden={{ planId }} label={label} pendingText="Saving…" />;
}

/** The coach takes over a plan the learner made for themselves. */
export function TakeOverPlanForm({ planId }: { planId: string }) {
  return <PlanActionForm action={takeOverPlanAction} announced="Plan taken over." hidden={{ planId }} label="Take over this plan" pendingText="Taking over…" />;
}

/**
 * Accepts the plan's next cycle. The retest the offer was read from goes with it, so an offer that
 * changed meanwhile adds nothing.
 */
export function AcceptCycleForm({ planId, basisSessionId }: { planId: string; basisSessionId: string }) {
  return (
    <PlanActionForm
      action={acceptCycleAction}
      announced="Next cycle added."
      hidden={{ planId, basisSessionId }}
      label="Accept the next cycle"
      pendingText="Adding the cycle…"
      ariaLabel="Accept the next cycle"
    />
  );
}

/**
 * The target retake date. The server refuses a date before the retake policy allows (field
 * error) and asks for confirmation for one sooner than the template recommends.
 */
export function TargetDateForm({ planId, targetDate, recommendedLabel }: { planId: string; targetDate: string; recommendedLabel: string }) {
  const [state, action] = useActionState(setTargetDateAction, initialFormState);
  const needsConfirm = stringValue(state, "needsConfirm") === "1";
  const confirmId = `target-${planId}-confirm`;
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(state.values ?? {})}>
      <input type="hidden" name="planId" value={planId} />
      <Field
        idPrefix={`target-${planId}`}
        name="targetDate"
        type="date"
        label="Target retake date"
        hint={`The schedule ends the day before ${recommendedLabel}; that date or later is recommended.`}
        defaultValue={stringValue(state, "targetDate") ?? targetDate}
        errors={state.errors?.targetDate}
        required
      />
      {needsConfirm ? (
        <Alert id={confirmId} tone="warning" role="alert" className="space-y-2">
          <p>{state.message}</p>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="confirmEarly" value="1">
              Confirm this earlier date
            </Button>
            <SubmitButton variant="secondary" pendingText="Checking…">
              Check again
            </SubmitButton>
          </div>
        </Alert>
      ) : (
        <>
          <FormMessage status={state.status} message={state.errors?.targetDate ? undefined : state.message} />
          <SubmitButton variant="secondary" pendingText="Saving…">
            Set target date
          </SubmitButton>
        </>
      )}
    </form>
  );
}

/** A task's title, instructions and evidence required: the fields the add and the edit form share. */
export function TaskFields({
  idPrefix: p,
  state,
  initial,
  instructionRows,
  evidenceHint,
  autoFocus,
}: {
  idPrefix: string;
  state: FormState;
  initial: { title: string; instructions: string; evidenceRequired: string };
  instructionRows: number;
  evidenceHint?: string;
  autoFocus?: boolean;
}) {
  const err = (k: string) => state.errors?.[k];
  return (
    <>
      <Field idPrefix={p} name="title" label="Title" maxLength={200} required autoFocus={autoFocus} defaultValue={stringValue(state, "title") ?? initial.title} errors={err("title")} />
      <FormField id={`${p}-instructions`} label="Instructions" errors={err("instructions")}>
        <Textarea name="instructions" rows={instructionRows} maxLength={4000} defaultValue={stringValue(state, "instructions") ?? initial.instructions} />
      </FormField>
      <FormField id={`${p}-evidenceRequired`} label="Evidence required" hint={evidenceHint} errors={err("evidenceRequired")}>
        <Textarea name="evidenceRequired" rows={2} maxLength={1000} defaultValue={stringValue(state, "evidenceRequired") ?? initial.evidenceRequired} />
      </FormField>
    </>
  );
}

/** A coach's own task is most often rebuild work, so the list starts there. */
const PHASE_OPTIONS = (["rebuild", "prove", "retest", "diagnose"] as const satisfies readonly PlanPhase[]).map((value) => ({ value, label: PLAN_PHASE_LABELS[value] }));

/** A coach's own task on any day of the plan. */
export function AddTaskForm({
  planId,
  days,
  domains,
}: {
  planId: string;
  days: DayOption[];
  domains: { value: string; label: string }[];
}) {
  const [state, action] = useActionState(addTaskAction, initialFormState);
  const err = (k: string) => state.errors?.[k];
  const p = `add-${planId}`;
  return (
    <form action={action} noValidate className="space-y-4" key={JSON.stringify(state.values ?? {})} aria-labelledby={`${p}-h`}>
      <h3 id={`${p}-h`} className="text-base font-semibold text-slate-900">
        Add a custom task
      </h3>
      <FormMessage status={state.status} message={state.message} />
      <input type="hidden" name="planId" value={planId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField id={`${p}-day`} label="Day" errors={err("day")}>
          <Select name="day" options={days} defaultValue={stringValue(state, "day") ?? days[0]?.value} />
        </FormField>
        <FormField id={`${p}-phase`} label="Phase" errors={err("phase")}>
          <Select name="phase" options={PHASE_OPTIONS} defaultValue={stringValue(state, "phase") ?? "rebuild"} />
        </FormField>
        <FormField id={`${p}-domain`} label="Domain" errors={err("domain")}>
          <Select name="domain" options={[{ value: "mixed", label: "Mixed / none" }, ...domains]} defaultValue={stringValue(state, "domain") ?? "mixed"} />
        </FormField>
      </div>
      <TaskFields idPrefix={p} state={state} initial={{ title: "", instructions: "", evidenceRequired: "" }} instructionRows={3} evidenceHint="What the learner hands in to prove the task is done." />
      <SubmitButton variant="secondary" pendingText="Adding…">
        Add task
      </SubmitButton>
    </form>
  );
}
