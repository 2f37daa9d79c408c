import { describe, expect, it } from "vitest";
import * as enums from "../lib/enums";
import * as schema from "./schema";

// The schema's pgEnums are built from lib/enums, the one list the database, zod and the UI share.
const PAIRS = [
  [schema.roleEnum, enums.ROLES],
  [schema.outcomeEnum, enums.ATTEMPT_OUTCOMES],
  [schema.questionTierEnum, enums.QUESTION_TIERS],
  [schema.questionKindEnum, enums.QUESTION_KINDS],
  [schema.questionGroupKindEnum, enums.GROUP_KINDS],
  [schema.questionStatusEnum, enums.QUESTION_STATUSES],
  [schema.practiceModeEnum, enums.PRACTICE_MODES],
  [schema.practiceStatusEnum, enums.PRACTICE_STATUSES],
  [schema.planStatusEnum, enums.PLAN_STATUSES],
  [schema.planControllerEnum, enums.PLAN_CONTROLLERS],
  [schema.taskStatusEnum, enums.TASK_STATUSES],
  [schema.taskPhaseEnum, enums.PLAN_PHASES],
] as const;

describe("database enums", () => {
  it.each(PAIRS.map(([e, tuple]) => [e.enumName, e, tuple] as const))("%s has its tuple's values, in order", (_name, pgEnum, tuple) => {
    expect(pgEnum.enumValues).toEqual([...tuple]);
  });

  it("every pgEnum in the schema is paired with a tuple above", () => {
    const pgEnums = Object.values(schema).filter((v) => typeof v === "function" && "enumName" in v && "enumValues" in v);
    expect(pgEnums.length).toBe(PAIRS.length);
  });
});

describe("enum helpers", () => {
  it("labels name every value; options follow the tuple's order", () => {
    expect(Object.keys(enums.PLAN_PHASE_LABELS)).toEqual([...enums.PLAN_PHASES]);
    expect(enums.enumOptions(enums.PRACTICE_MODES, enums.PRACTICE_MODE_LABELS)).toEqual([
      { value: "timed-mixed", label: "Timed mixed" },
      { value: "domain-focus", label: "Domain focus" },
      { value: "retest", label: "Retest" },
    ]);
  });

  it("isOneOf accepts only the tuple's own values", () => {
    expect(enums.isOneOf(enums.ROLES, "coach")).toBe(true);
    expect(enums.isOneOf(enums.ROLES, "Coach")).toBe(false);
    expect(enums.isOneOf(enums.ROLES, undefined)).toBe(false);
    expect(enums.isOneOf(enums.QUESTION_STATUSES, "toString")).toBe(false);
  });
});
