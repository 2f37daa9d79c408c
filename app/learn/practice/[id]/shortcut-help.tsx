// The keyboard shortcuts, and the help that lists them.

import { Section } from "@/components/ui";

const KBD = "rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800";
export const LETTER_KEYS = ["a", "b", "c", "d", "e"];
export const DIGIT_KEYS = ["1", "2", "3", "4", "5", "6"];

/** Text fields keep their keys: the shortcuts only act elsewhere. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  // Drag and drop and the case study's tabs use the arrow keys themselves.
  if (target.closest('[data-testid="slot-board"], [role="tablist"]')) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["radio", "checkbox", "button", "submit", "reset"].includes(target.type);
  return false;
}

export function ShortcutHelp() {
  return (
    <Section headingId="keys-h" title="Keyboard shortcuts" className="text-sm" headingClassName="text-sm">
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
        <dt>
          <kbd className={KBD}>A</kbd>–<kbd className={KBD}>E</kbd> or <kbd className={KBD}>1</kbd>–<kbd className={KBD}>6</kbd>
        </dt>
        <dd>choose an option (toggle it on a multiple-answer question)</dd>
        <dt>
          <kbd className={KBD}>N</kbd> or <kbd className={KBD}>→</kbd>
        </dt>
        <dd>next question</dd>
        <dt>
          <kbd className={KBD}>P</kbd> or <kbd className={KBD}>←</kbd>
        </dt>
        <dd>previous question</dd>
        <dt>
          <kbd className={KBD}>F</kbd>
        </dt>
        <dd>flag or unflag (a sixth option F is chosen with 6)</dd>
      </dl>
      <p className="mt-2 text-xs text-slate-500">Shortcuts do nothing while you type in a text field or on the review screen.</p>
    </Section>
  );
}
