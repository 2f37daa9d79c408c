CREATE TYPE "public"."plan_status" AS ENUM('draft', 'active', 'completed', 'archived');--> statement-breakpoint
CREATE TYPE "public"."task_phase" AS ENUM('diagnose', 'rebuild', 'prove', 'retest');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('todo', 'submitted', 'accepted', 'returned');--> statement-breakpoint
CREATE TABLE "plan_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"day" integer NOT NULL,
	"position" integer NOT NULL,
	"domain" text,
	"phase" "task_phase" NOT NULL,
	"title" text NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"evidence_required" text DEFAULT '' NOT NULL,
	"library_key" text,
	"status" "task_status" DEFAULT 'todo' NOT NULL,
	"evidence_text" text,
	"evidence_link" text,
	"submitted_at" timestamp with time zone,
	"review_comment" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"practice_session_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"learner_id" uuid NOT NULL,
	"coach_id" uuid,
	"exam_id" uuid NOT NULL,
	"basis_attempt_id" uuid,
	"template" text NOT NULL,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"start_date" text NOT NULL,
	"length_days" integer NOT NULL,
	"target_date" text NOT NULL,
	"weak_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"diagnosis" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_plan_id_repair_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."repair_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_practice_session_id_practice_sessions_id_fk" FOREIGN KEY ("practice_session_id") REFERENCES "public"."practice_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_coach_id_users_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_basis_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("basis_attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_tasks_plan_idx" ON "plan_tasks" USING btree ("plan_id","day","position");--> statement-breakpoint
CREATE INDEX "repair_plans_learner_idx" ON "repair_plans" USING btree ("learner_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_plans_one_active_key" ON "repair_plans" USING btree ("learner_id") WHERE "repair_plans"."status" = 'active';