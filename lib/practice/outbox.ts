// The practice runner's outbox, by part: the save queue (entries, acknowledgement, batches,
// back-off, the status line), the tab slots (one localStorage slot per tab, adoption of the slots
// tabs left behind) and the question clock (the server-owned deadline, time per question). Each
// part lives in lib/practice/runner/ with its own tests; this module gathers their pure functions
// for the runner and the older tests.

export * from "./runner/save-queue";
export * from "./runner/tab-slots";
export * from "./runner/question-clock";
export { toggleOption } from "./responses";
