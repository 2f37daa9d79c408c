CREATE TABLE "cache_tag_versions" (
	"tag" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL
);
--> statement-breakpoint
-- Read-cache invalidation in the database (lib/cache/server/read-cache.ts): every write to a
-- table a cached view reads bumps its tags' versions in the writing transaction, whoever writes.
-- Learner tags ("l:<id>") are bumped by row triggers as the row changes; the shared tags
-- ("cohort-figures", "bank") by deferred constraint triggers once per transaction at commit, so
-- the hot shared row is locked only for the commit and never held while other rows are taken.
CREATE FUNCTION cache_bump(p_tag text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO cache_tag_versions AS v (tag, version) VALUES (p_tag, 2)
  ON CONFLICT (tag) DO UPDATE SET version = v.version + 1
$$;
--> statement-breakpoint
CREATE FUNCTION cache_bump_learner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  n text;
  o text;
BEGIN
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW) ->> col; END IF;
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD) ->> col; END IF;
  IF n IS NOT NULL THEN PERFORM cache_bump('l:' || n); END IF;
  IF o IS NOT NULL AND o IS DISTINCT FROM n THEN PERFORM cache_bump('l:' || o); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cache_bump_plan_task() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plan uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN plan := OLD.plan_id; ELSE plan := NEW.plan_id; END IF;
  PERFORM cache_bump('l:' || p.learner_id) FROM repair_plans p WHERE p.id = plan;
  IF TG_OP = 'UPDATE' AND OLD.plan_id IS DISTINCT FROM NEW.plan_id THEN
    PERFORM cache_bump('l:' || p.learner_id) FROM repair_plans p WHERE p.id = OLD.plan_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cache_bump_attempt_part() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  attempt uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN attempt := OLD.attempt_id; ELSE attempt := NEW.attempt_id; END IF;
  PERFORM cache_bump('l:' || a.learner_id) FROM exam_attempts a WHERE a.id = attempt;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cache_bump_cohort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A cohort's name shows on its members' rows.
  IF TG_OP = 'DELETE' THEN
    PERFORM cache_bump('l:' || m.learner_id) FROM cohort_members m WHERE m.cohort_id = OLD.id;
  ELSE
    PERFORM cache_bump('l:' || m.learner_id) FROM cohort_members m WHERE m.cohort_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cache_bump_shared() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  flag text := 'retake_cache.bumped_' || replace(TG_ARGV[0], '-', '_');
BEGIN
  -- Once per transaction: the first of the transaction's deferred events bumps, the rest return.
  IF current_setting(flag, true) = 'on' THEN RETURN NULL; END IF;
  PERFORM set_config(flag, 'on', true);
  PERFORM cache_bump(TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION cache_bump_shared_now() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cache_bump(TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cache_l_users AFTER INSERT OR UPDATE OR DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('id');
--> statement-breakpoint
CREATE TRIGGER cache_l_learner_exams AFTER INSERT OR UPDATE OR DELETE ON "learner_exams" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_exam_attempts AFTER INSERT OR UPDATE OR DELETE ON "exam_attempts" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_practice_sessions AFTER INSERT OR UPDATE OR DELETE ON "practice_sessions" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_question_reviews AFTER INSERT OR UPDATE OR DELETE ON "question_reviews" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_repair_plans AFTER INSERT OR UPDATE OR DELETE ON "repair_plans" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_rules_checks AFTER INSERT OR UPDATE OR DELETE ON "rules_checks" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_cohort_members AFTER INSERT OR UPDATE OR DELETE ON "cohort_members" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_coach_assignments AFTER INSERT OR UPDATE OR DELETE ON "coach_assignments" FOR EACH ROW EXECUTE FUNCTION cache_bump_learner('learner_id');
--> statement-breakpoint
CREATE TRIGGER cache_l_plan_tasks AFTER INSERT OR UPDATE OR DELETE ON "plan_tasks" FOR EACH ROW EXECUTE FUNCTION cache_bump_plan_task();
--> statement-breakpoint
CREATE TRIGGER cache_l_attempt_domain_readings AFTER INSERT OR UPDATE OR DELETE ON "attempt_domain_readings" FOR EACH ROW EXECUTE FUNCTION cache_bump_attempt_part();
--> statement-breakpoint
CREATE TRIGGER cache_l_attempt_miss_categories AFTER INSERT OR UPDATE OR DELETE ON "attempt_miss_categories" FOR EACH ROW EXECUTE FUNCTION cache_bump_attempt_part();
--> statement-breakpoint
CREATE TRIGGER cache_l_cohorts AFTER UPDATE OR DELETE ON "cohorts" FOR EACH ROW EXECUTE FUNCTION cache_bump_cohort();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_learner_exam_stats AFTER INSERT OR UPDATE OR DELETE ON "learner_exam_stats" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_learner_exam_stats_truncate AFTER TRUNCATE ON "learner_exam_stats" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_learner_report_weeks AFTER INSERT OR UPDATE OR DELETE ON "learner_report_weeks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_learner_report_weeks_truncate AFTER TRUNCATE ON "learner_report_weeks" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_learner_attempt_numbers AFTER INSERT OR UPDATE OR DELETE ON "learner_attempt_numbers" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_learner_attempt_numbers_truncate AFTER TRUNCATE ON "learner_attempt_numbers" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_learner_category_weeks AFTER INSERT OR UPDATE OR DELETE ON "learner_category_weeks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_learner_category_weeks_truncate AFTER TRUNCATE ON "learner_category_weeks" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_report_weeks AFTER INSERT OR UPDATE OR DELETE ON "cohort_report_weeks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_report_weeks_truncate AFTER TRUNCATE ON "cohort_report_weeks" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_attempt_weeks AFTER INSERT OR UPDATE OR DELETE ON "cohort_attempt_weeks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_attempt_weeks_truncate AFTER TRUNCATE ON "cohort_attempt_weeks" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_category_weeks AFTER INSERT OR UPDATE OR DELETE ON "cohort_category_weeks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_category_weeks_truncate AFTER TRUNCATE ON "cohort_category_weeks" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_practice_weeks AFTER INSERT OR UPDATE OR DELETE ON "cohort_practice_weeks" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_practice_weeks_truncate AFTER TRUNCATE ON "cohort_practice_weeks" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_learner_counts AFTER INSERT OR UPDATE OR DELETE ON "cohort_learner_counts" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_learner_counts_truncate AFTER TRUNCATE ON "cohort_learner_counts" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_eligible_days AFTER INSERT OR UPDATE OR DELETE ON "cohort_eligible_days" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_eligible_days_truncate AFTER TRUNCATE ON "cohort_eligible_days" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohorts AFTER INSERT OR UPDATE OR DELETE ON "cohorts" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohorts_truncate AFTER TRUNCATE ON "cohorts" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_cohort_members AFTER INSERT OR UPDATE OR DELETE ON "cohort_members" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_cohort_members_truncate AFTER TRUNCATE ON "cohort_members" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_fig_users AFTER INSERT OR UPDATE OR DELETE ON "users" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('cohort-figures');
--> statement-breakpoint
CREATE TRIGGER cache_fig_users_truncate AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('cohort-figures');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_bank_questions AFTER INSERT OR UPDATE OR DELETE ON "questions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('bank');
--> statement-breakpoint
CREATE TRIGGER cache_bank_questions_truncate AFTER TRUNCATE ON "questions" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('bank');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_bank_question_groups AFTER INSERT OR UPDATE OR DELETE ON "question_groups" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('bank');
--> statement-breakpoint
CREATE TRIGGER cache_bank_question_groups_truncate AFTER TRUNCATE ON "question_groups" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('bank');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_bank_variation_comments AFTER INSERT OR UPDATE OR DELETE ON "variation_comments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('bank');
--> statement-breakpoint
CREATE TRIGGER cache_bank_variation_comments_truncate AFTER TRUNCATE ON "variation_comments" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('bank');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_bank_exams AFTER INSERT OR UPDATE OR DELETE ON "exams" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('bank');
--> statement-breakpoint
CREATE TRIGGER cache_bank_exams_truncate AFTER TRUNCATE ON "exams" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('bank');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_bank_exam_domains AFTER INSERT OR UPDATE OR DELETE ON "exam_domains" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('bank');
--> statement-breakpoint
CREATE TRIGGER cache_bank_exam_domains_truncate AFTER TRUNCATE ON "exam_domains" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('bank');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cache_bank_miss_categories AFTER INSERT OR UPDATE OR DELETE ON "miss_categories" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cache_bump_shared('bank');
--> statement-breakpoint
CREATE TRIGGER cache_bank_miss_categories_truncate AFTER TRUNCATE ON "miss_categories" FOR EACH STATEMENT EXECUTE FUNCTION cache_bump_shared_now('bank');
