"use client";

import { useActionState, useRef, useState } from "react";
import { Field, FormField, Textarea, buttonClasses } from "@/components/ui";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useAnnounce } from "@/app/plans/announcer";
import { initialFormState, stringValue, type FormState } from "@/lib/form-state";
import { startRetestAction, submitEvidenceAction } from "./actions";

/** What the learner did and observed, and optionally a link to an output or screenshot. */
export function EvidenceForm({
  taskId,
  taskTitle,
  defaults,
  submitLabel = "Submit evidence",
  onDone,
  onCancel,
}: {
  taskId: string;
  taskTitle: string;
  defaults?: { text: string; link: string };
  submitLabel?: string;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const announce = useAnnounce();
  const [state, action] = useActionState(async (prev: FormState, data: FormData) => {
    const result = await submitEvidenceAction(prev, data);
    // The form closes once the task is submitted: the page-level region keeps the message.
    if (result.status === "success") {
      announce(`${result.message ?? "Evidence submitted."} (${taskTitle})`);
      onDone?.();
    }
    return result;
  }, initialFormState);
  const err = (k: string) => state.errors?.[k];
  const p = `evidence-${taskId}`;
  return (
    <form action={action} noValidate className="space-y-3" key={JSON.stringify(state.values ?? {})} aria-label={`Evidence for ${taskTitle}`}>
      <input type="hidden" name="taskId" value={taskId} />
      <FormField
        id={`${p}-text`}
        label="What you did and what you observed"
        hint="10 to 5000 characters: the commands or steps, the output or error text, what you concluded."
        errors={err("text")}
      >
        <Textarea name="text" rows={4} minLength={10} maxLength={5000} required defaultValue={stringValue(state, "text") ?? defaults?.text ?? ""} />
      </FormField>
      <Field
        idPrefix={p}
        name="link"
        type="url"
        inputMode="url"
        label="Link (optional)"
        hint="A web address starting with http:// or https://, e.g. a screenshot or a gist."
        maxLength={2000}
        defaultValue={stringValue(state, "link") ?? defaults?.link ?? ""}
        errors={err("link")}
      />
      {err("taskId") && (
        <p role="alert" className="text-sm text-red-700">
          {err("taskId")!.join(" ")}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Submitting…">{submitLabel}</SubmitButton>
        {onCancel && (
          <button type="button" onClick={onCancel} className={buttonClasses({ variant: "secondary" })}>
            Cancel
          </button>
        )}
      </div>
      <FormMessage status={state.status} message={state.status === "error" ? state.message : undefined} />
    </form>
  );
}

/** Starts (or resumes) the linked practice set of a retest task; the action redirects to the runner. */
export function StartRetestButton({ taskId, taskTitle }: { taskId: string; taskTitle: string }) {
  const [state, action] = useActionState(startRetestAction, initialFormState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="taskId" value={taskId} />
      <SubmitButton variant="secondary" pendingText="Starting…">
        Start the practice set<span className="sr-only"> for {taskTitle}</span>
      </SubmitButton>
      <FormMessage status={state.status} message={state.message} />
    </form>
  );
}

/**
 * The evidence part of a task card: the form while the task needs work (to do, sent back), and
 * for submitted evidence a button to change it before the coach reviews it.
 */
export function EvidencePanel({
  taskId,
  taskTitle,
  status,
  current,
}: {
  taskId: string;
  taskTitle: string;
  status: string;
  current: { text: string; link: string } | null;
}) {
  const [changing, setChanging] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  if (status === "accepted") return null;
  if (status === "todo" || status === "returned") {
    return (
      <EvidenceForm
        taskId={taskId}
        taskTitle={taskTitle}
        defaults={current ?? undefined}
        submitLabel={status === "returned" ? "Submit evidence again" : "Submit evidence"}
      />
    );
  }
  const formId = `evidence-${taskId}-change`;
  return (
    <div className="space-y-3">
      <button
        ref={toggle}
        type="button"
        className={buttonClasses({ variant: "secondary" })}
        aria-expanded={changing}
        aria-controls={formId}
        onClick={() => setChanging((v) => !v)}
      >
        {changing ? "Keep the submitted evidence" : "Change your evidence"}
        <span className="sr-only"> for {taskTitle}</span>
      </button>
      {changing && (
        <div id={formId}>
          <EvidenceForm
            taskId={taskId}
            taskTitle={taskTitle}
            defaults={current ?? undefined}
            submitLabel="Submit the changed evidence"
            onDone={() => {
              setChanging(false);
              toggle.current?.focus();
            }}
            onCancel={() => {
              setChanging(false);
              toggle.current?.focus();
            }}
          />
        </div>
      )}
    </div>
  );
}
