"use client";

import { useActionState, useRef, useState } from "react";
import { Button, FormField, FormMessage, Select, SubmitButton, buttonClasses, cn } from "@/components/ui";
import { editTaskAction, moveTaskAction, removeTaskAction } from "@/app/coach/plan-actions";
import { useAnnounce } from "@/app/plans/announcer";
import { EvidenceBox, PhaseAndDomain, TaskBrief, TaskStatusBadge } from "@/app/plans/plan-parts";
import { initialFormState, stringValue, type FormState } from "@/lib/form-state";
import { TaskFields, type DayOption } from "./plan-editor";
import { ReviewForm } from "./review-form";

/** What the row needs of a task; dates already formatted by the server. */
export interface CoachTask {
  id: string;
  day: number;
  phase: string;
  domain: string | null;
  title: string;
  instructions: string;
  evidenceRequired: string;
  status: string;
  evidenceText: string | null;
  evidenceLink: string | null;
  submittedAtText: string | null;
  reviewComment: string | null;
  reviewedAtText: string | null;
  practice: { status: string; correct: number | null; size: number } | null;
  /** Completed by the learner's own evidence on a self-coached plan (nobody reviewed it). */
  selfChecked: boolean;
}

/** The row's small secondary buttons (edit, move, remove). */
const smallButton = buttonClasses({ variant: "secondary", size: "sm", className: "gap-0 px-2.5 text-xs shadow-none disabled:opacity-50" });

export function TaskRow({
  planId,
  task,
  days,
  isFirst,
  isLast,
  audience = "coach",
  readOnly = false,
}: {
  planId: string;
  task: CoachTask;
  days: DayOption[];
  isFirst: boolean;
  isLast: boolean;
  /** "learner": a self-coached learner editing their own plan (no review; their own evidence). */
  audience?: "coach" | "learner";
  /** A coach reading a plan the learner still controls: no editing until it is taken over. */
  readOnly?: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const announce = useAnnounce();
  const editButton = useRef<HTMLButtonElement>(null);
  const editorId = `task-${task.id}-editor`;
  const headingId = `task-${task.id}-title`;

  return (
    <li className="rounded-md border border-slate-200 bg-white p-4" data-testid="plan-task">
      <div className="flex flex-wrap items-center gap-2">
        <PhaseAndDomain phase={task.phase} domain={task.domain} />
        <TaskStatusBadge status={task.status} selfChecked={task.selfChecked} />
      </div>
      <h4 id={headingId} className="mt-2 font-semibold text-slate-900">
        {task.title}
      </h4>
      <TaskBrief instructions={task.instructions} evidenceRequired={task.evidenceRequired} />
      {task.phase === "retest" && task.practice && (
        <p className="mt-2 text-sm text-slate-700">
          <span className="font-medium text-slate-900">Practice set: </span>
          {task.practice.status === "submitted"
            ? `${task.practice.correct ?? 0} of ${task.practice.size} correct`
            : `started, not submitted yet (${task.practice.size} questions)`}
        </p>
      )}

      {task.evidenceText && (
        <EvidenceBox
          heading={audience === "learner" ? "Your evidence" : "Learner's evidence"}
          when={task.submittedAtText}
          text={task.evidenceText}
          link={task.evidenceLink}
          testId="evidence-text"
        />
      )}
      {task.reviewComment && task.status !== "submitted" && (
        <p className="mt-2 text-sm text-slate-700">
          <span className="font-medium text-slate-900">
            {audience === "learner" ? "Your coach's comment" : "Your comment"}
            {task.reviewedAtText ? ` (${task.reviewedAtText})` : ""}:{" "}
          </span>
          <span className="whitespace-pre-wrap">{task.reviewComment}</span>
        </p>
      )}
      {task.status === "submitted" && audience === "coach" && !readOnly && (
        <div className="mt-3">
          <ReviewForm taskId={task.id} taskTitle={task.title} onDone={announce} />
        </div>
      )}

      {!readOnly && (
        <div className="mt-3 flex flex-wrap items-start gap-2 border-t border-slate-100 pt-3">
          <button
            ref={editButton}
            type="button"
            className={smallButton}
            aria-expanded={editing}
            aria-controls={editorId}
            onClick={() => setEditing((v) => !v)}
          >
            {editing ? "Close editor" : "Edit"}
            <span className="sr-only"> task {task.title}</span>
          </button>
          <MoveButton planId={planId} taskId={task.id} title={task.title} direction="up" disabled={isFirst} />
          <MoveButton planId={planId} taskId={task.id} title={task.title} direction="down" disabled={isLast} />
          <RemoveTaskButton planId={planId} taskId={task.id} title={task.title} />
        </div>
      )}
      {editing && !readOnly && (
        <div id={editorId} className="mt-3">
          <EditTaskForm
            planId={planId}
            task={task}
            days={days}
            onCancel={() => {
              setEditing(false);
              editButton.current?.focus();
            }}
            onSaved={(message) => {
              setEditing(false);
              announce(message);
              editButton.current?.focus();
            }}
          />
        </div>
      )}
    </li>
  );
}

function EditTaskForm({
  planId,
  task,
  days,
  onCancel,
  onSaved,
}: {
  planId: string;
  task: CoachTask;
  days: DayOption[];
  onCancel: () => void;
  onSaved: (message: string) => void;
}) {
  const [state, action] = useActionState(async (prev: FormState, data: FormData) => {
    const result = await editTaskAction(prev, data);
    if (result.status === "success") onSaved(result.message ?? "Task saved.");
    return result;
  }, initialFormState);
  const p = `edit-${task.id}`;
  return (
    <form action={action} noValidate className="space-y-3 rounded-md border border-brand-100 bg-brand-50/40 p-3" key={JSON.stringify(state.values ?? {})} aria-label={`Edit task ${task.title}`}>
      <FormMessage status={state.status} message={state.message} />
      <input type="hidden" name="planId" value={planId} />
      <input type="hidden" name="taskId" value={task.id} />
      {/* The opening field gets focus: the coach just asked for this editor. */}
      <TaskFields idPrefix={p} state={state} initial={task} instructionRows={4} autoFocus />
      <FormField id={`${p}-day`} label="Day" hint="Moving the task to another day puts it last on that day." errors={state.errors?.day} className="sm:max-w-xs">
        <Select name="day" options={days} defaultValue={stringValue(state, "day") ?? String(task.day)} />
      </FormField>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingText="Saving…">Save task</SubmitButton>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function MoveButton({ planId, taskId, title, direction, disabled }: { planId: string; taskId: string; title: string; direction: "up" | "down"; disabled: boolean }) {
  const [state, action, pending] = useActionState(moveTaskAction, initialFormState);
  return (
    <form action={action}>
      <input type="hidden" name="planId" value={planId} />
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" className={smallButton} disabled={disabled || pending} aria-label={`Move ${title} ${direction} within its day`}>
        <span aria-hidden>{direction === "up" ? "↑" : "↓"}</span>
        <span className="ml-1">{direction === "up" ? "Up" : "Down"}</span>
      </button>
      <RowError state={state} />
    </form>
  );
}

/** Why a row's button did nothing, under it. */
function RowError({ state }: { state: FormState }) {
  if (state.status !== "error") return null;
  return (
    <p role="alert" className="mt-1 max-w-xs text-xs text-red-700">
      {state.message}
    </p>
  );
}

function RemoveTaskButton({ planId, taskId, title }: { planId: string; taskId: string; title: string }) {
  const announce = useAnnounce();
  const [state, action, pending] = useActionState(async (prev: FormState, data: FormData) => {
    const result = await removeTaskAction(prev, data);
    // The row disappears with the task: the page-level region says what happened.
    if (result.status === "success") announce(`Task "${title}" removed.`);
    return result;
  }, initialFormState);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Remove the task "${title}" from the plan? Any evidence on it is removed too.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="planId" value={planId} />
      <input type="hidden" name="taskId" value={taskId} />
      <button type="submit" disabled={pending} className={cn(smallButton, "text-red-700")}>
        {pending ? "Removing…" : "Remove"}
        <span className="sr-only"> task {title}</span>
      </button>
      <RowError state={state} />
    </form>
  );
}
