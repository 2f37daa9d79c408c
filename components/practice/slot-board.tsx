"use client";

// Drag and drop of values into numbered slots: an ordering's steps into places, a matching's values
// onto targets. dnd-kit with the pointer and the keyboard (Space or Enter picks up and drops, the
// arrow keys move from slot to slot, Escape cancels) and spoken announcements; beside it a plain
// select per slot that gives the same answer. Both call onAssign(slot, key | null).

import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { CSS } from "@dnd-kit/utilities";
import { useId, useMemo, useState } from "react";

export interface SlotBoardProps {
  /** "place" (ordering) or "target" (matching): how slots are named to the learner. */
  slotNoun: "place" | "target";
  /** Slot labels, in order (slot n is labels[n-1]). */
  slots: string[];
  values: { key: string; text: string }[];
  /** The key in each slot (null: empty). */
  assigned: (string | null)[];
  /** A value may sit in several slots at once (matching with reuse). */
  reuse: boolean;
  disabled: boolean;
  onAssign: (slot: number, key: string | null) => void;
}

const POOL = "pool";
const slotId = (n: number) => `slot-${n}`;

/** The arrow keys jump from slot to slot (then to the pool), instead of moving the item pixel by pixel. */
function slotCoordinates(order: string[]): KeyboardCoordinateGetter {
  return (event, { context }) => {
    const step = event.code === "ArrowDown" || event.code === "ArrowRight" ? 1 : event.code === "ArrowUp" || event.code === "ArrowLeft" ? -1 : 0;
    if (step === 0) return undefined;
    event.preventDefault();
    const current = context.over ? order.indexOf(String(context.over.id)) : -1;
    const next = order[(current + step + order.length) % order.length]!;
    const rect = context.droppableRects.get(next) ?? context.droppableContainers.get(next)?.rect.current;
    if (!rect) return undefined;
    // Centre the dragged item on the slot (its size from the drag's own rect when known).
    const active = context.collisionRect ?? context.draggingNodeRect;
    const w = active?.width ?? 0;
    const h = active?.height ?? 0;
    return { x: rect.left + (rect.width - w) / 2, y: rect.top + (rect.height - h) / 2 };
  };
}

function Chip({ id, text, keyLabel, disabled, placed }: { id: string; text: string; keyLabel: string; disabled: boolean; placed?: string }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id, disabled });
  return (
    <button
      type="button"
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform) }}
      {...listeners}
      {...attributes}
      aria-label={`${keyLabel}. ${text}${placed ? `, in ${placed}` : ""}`}
      data-testid={`chip-${keyLabel}`}
      className={`w-full cursor-grab rounded-md border px-2.5 py-1.5 text-left text-sm shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${
        isDragging ? "relative z-20 border-brand-600 bg-brand-50" : "border-slate-300 bg-white hover:bg-slate-50"
      } ${disabled ? "cursor-not-allowed opacity-70" : ""}`}
    >
      {/* A space after the key: the visible text reads "A text", as the name "A. text" does (WCAG 2.5.3). */}
      <span aria-hidden className="mr-1 font-mono font-semibold text-slate-500">
        {keyLabel}
      </span>{" "}
      {text}
    </button>
  );
}

function Slot({ n, label, noun, children }: { n: number; label: string; noun: string; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: slotId(n) });
  return (
    <li
      ref={setNodeRef}
      className={`rounded-md border-2 border-dashed p-2 ${isOver ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-slate-50"}`}
      data-testid={`slot-${n}`}
    >
      <p className="mb-1 text-xs font-semibold text-slate-700">
        {noun === "place" ? `${n}. ` : ""}
        {label}
      </p>
      {children}
    </li>
  );
}

function Pool({ children }: { children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: POOL });
  return (
    <div ref={setNodeRef} className={`rounded-md border p-2 ${isOver ? "border-brand-600 bg-brand-50" : "border-slate-200"}`}>
      {children}
    </div>
  );
}

export function SlotBoard({ slotNoun, slots, values, assigned, reuse, disabled, onAssign }: SlotBoardProps) {
  const [useLists, setUseLists] = useState(false);
  const baseId = useId();
  const order = useMemo(() => [...slots.map((_, i) => slotId(i + 1)), POOL], [slots]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: slotCoordinates(order) }));
  const valueText = (key: string) => values.find((v) => v.key === key)?.text ?? key;
  const slotName = (id: string | number | undefined) => {
    if (id === undefined) return "nowhere";
    if (id === POOL) return slotNoun === "place" ? "the list of steps" : "the list of values";
    const n = Number(String(id).replace("slot-", ""));
    return slotNoun === "place" ? `place ${n}` : `target ${n}, ${slots[n - 1] ?? ""}`;
  };
  // A chip's id says where it is: "pool:B" or "slot-2:B".
  const keyOf = (id: string | number) => String(id).split(":")[1] ?? "";
  const fromOf = (id: string | number) => String(id).split(":")[0] ?? POOL;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${valueText(keyOf(active.id))}. Use the arrow keys to move between ${slotNoun}s, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => `${valueText(keyOf(active.id))} is over ${slotName(over?.id)}.`,
    onDragEnd: ({ active, over }) => (over ? `${valueText(keyOf(active.id))} dropped on ${slotName(over.id)}.` : `${valueText(keyOf(active.id))} put back.`),
    onDragCancel: ({ active }) => `Moving ${valueText(keyOf(active.id))} was cancelled.`,
  };

  function onDragEnd(e: DragEndEvent) {
    if (!e.over || disabled) return;
    const key = keyOf(e.active.id);
    const from = fromOf(e.active.id);
    const to = String(e.over.id);
    if (to === from) return;
    if (to === POOL) {
      if (from !== POOL) onAssign(Number(from.replace("slot-", "")), null);
      return;
    }
    const n = Number(to.replace("slot-", ""));
    // Moving a reusable value from one target to another moves it (the old target is emptied).
    if (from !== POOL && reuse) onAssign(Number(from.replace("slot-", "")), null);
    onAssign(n, key);
  }

  const used = new Set(assigned.filter((k): k is string => k !== null));
  const inPool = values.filter((v) => reuse || !used.has(v.key));
  const rule =
    slotNoun === "place"
      ? `Put ${slots.length} of the ${values.length} steps in order. Not every step is needed.`
      : reuse
        ? "A value may be used once, more than once, or not at all."
        : "A value may be used once or not at all.";

  return (
    <div className="mt-4" data-testid="slot-board">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-700" id={`${baseId}-rule`}>
          {rule}
        </p>
        <button
          type="button"
          aria-pressed={useLists}
          onClick={() => setUseLists((v) => !v)}
          className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
        >
          {useLists ? "Use drag and drop" : "Use lists instead of drag and drop"}
        </button>
      </div>
      {useLists ? (
        <fieldset className="mt-3 space-y-2" disabled={disabled} aria-describedby={`${baseId}-rule`} data-testid="slot-selects">
          <legend className="sr-only">{slotNoun === "place" ? "Steps in order" : "Values for each target"}</legend>
          {slots.map((label, i) => {
            const id = `${baseId}-select-${i + 1}`;
            return (
              <div key={i} className="grid gap-1 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)] sm:items-center">
                <label htmlFor={id} className="text-sm text-slate-800">
                  {slotNoun === "place" ? `Place ${i + 1}` : `${i + 1}. ${label}`}
                </label>
                <select
                  id={id}
                  value={assigned[i] ?? ""}
                  onChange={(e) => onAssign(i + 1, e.target.value === "" ? null : e.target.value)}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
                >
                  <option value="">(none)</option>
                  {values.map((v) => (
                    <option key={v.key} value={v.key}>
                      {v.key}. {v.text}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{
            announcements,
            screenReaderInstructions: {
              draggable: `To pick up a value, press Space or Enter. Use the arrow keys to move it from ${slotNoun} to ${slotNoun}, then press Space or Enter to drop it, or Escape to cancel. Or use the button "Use lists instead of drag and drop".`,
            },
          }}
        >
          <div className="mt-3 grid gap-4 md:grid-cols-2">
            <div>
              <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{slotNoun === "place" ? "Steps" : "Values"}</p>
              <Pool>
                <ul className="space-y-1.5">
                  {inPool.map((v) => (
                    <li key={v.key}>
                      <Chip id={`${POOL}:${v.key}`} text={v.text} keyLabel={v.key} disabled={disabled} />
                    </li>
                  ))}
                  {inPool.length === 0 && <li className="text-xs text-slate-500">All placed.</li>}
                </ul>
              </Pool>
            </div>
            <div>
              <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{slotNoun === "place" ? "Order" : "Targets"}</p>
              <ol className="space-y-2">
                {slots.map((label, i) => {
                  const key = assigned[i];
                  return (
                    <Slot key={i} n={i + 1} label={label} noun={slotNoun}>
                      {key ? (
                        <Chip id={`${slotId(i + 1)}:${key}`} text={valueText(key)} keyLabel={key} disabled={disabled} placed={slotName(slotId(i + 1))} />
                      ) : (
                        <p className="text-xs text-slate-500">Empty</p>
                      )}
                    </Slot>
                  );
                })}
              </ol>
            </div>
          </div>
        </DndContext>
      )}
    </div>
  );
}
