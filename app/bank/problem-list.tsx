import { Alert } from "@/components/ui";

/**
 * Every problem of a JSON entry or import, by path, in one box (nothing was written). `announce`:
 * a live alert, for a form whose problems arrive as the answer to a save.
 */
export function ProblemList({ problems, again, announce = false }: { problems: readonly string[]; again: string; announce?: boolean }) {
  if (problems.length === 0) return null;
  return (
    <Alert id="json-problems" tone="danger" role={announce ? "alert" : false} className="p-3" title={`Fix these and ${again} again (nothing was written):`}>
      <ul className="mt-2 max-h-80 list-disc space-y-1 overflow-auto pl-5">
        {problems.map((p, i) => (
          <li key={i}>{p}</li>
        ))}
      </ul>
    </Alert>
  );
}
