CREATE TYPE "public"."attempt_outcome" AS ENUM('pass', 'fail', 'no-show');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('learner', 'coach', 'admin');--> statement-breakpoint
CREATE TABLE "attempt_domain_readings" (
	"attempt_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"bar" integer NOT NULL,
	CONSTRAINT "attempt_domain_readings_attempt_id_domain_pk" PRIMARY KEY("attempt_id","domain"),
	CONSTRAINT "attempt_domain_readings_bar_range" CHECK ("attempt_domain_readings"."bar" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "attempt_miss_categories" (
	"attempt_id" uuid NOT NULL,
	"category" text NOT NULL,
	CONSTRAINT "attempt_miss_categories_attempt_id_category_pk" PRIMARY KEY("attempt_id","category")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coach_assignments" (
	"learner_id" uuid PRIMARY KEY NOT NULL,
	"coach_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_members" (
	"cohort_id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohort_members_cohort_id_learner_id_pk" PRIMARY KEY("cohort_id","learner_id")
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"outcome" "attempt_outcome" NOT NULL,
	"score" integer,
	"cert_expires_at" timestamp with time zone,
	"hardest_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"slow_item_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"misread_notes" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exam_attempts_score_range" CHECK ("exam_attempts"."score" is null or ("exam_attempts"."score" between 1 and 1000))
);
--> statement-breakpoint
CREATE TABLE "exam_domains" (
	"exam_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"weight_min" integer NOT NULL,
	"weight_max" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "exam_domains_exam_id_key_pk" PRIMARY KEY("exam_id","key")
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"passing_score" integer DEFAULT 700 NOT NULL,
	"max_score" integer DEFAULT 1000 NOT NULL,
	"cert_validity_months" integer DEFAULT 12 NOT NULL,
	"duration_minutes" integer DEFAULT 100 NOT NULL,
	"policy" jsonb NOT NULL,
	"outline_date" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learner_exams" (
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learner_exams_learner_id_exam_id_pk" PRIMARY KEY("learner_id","exam_id")
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "miss_categories" (
	"exam_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"domain" text NOT NULL,
	CONSTRAINT "miss_categories_exam_id_key_pk" PRIMARY KEY("exam_id","key")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "role" DEFAULT 'learner' NOT NULL,
	"password_hash" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"session_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempt_domain_readings" ADD CONSTRAINT "attempt_domain_readings_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_miss_categories" ADD CONSTRAINT "attempt_miss_categories_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coach_assignments" ADD CONSTRAINT "coach_assignments_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coach_assignments" ADD CONSTRAINT "coach_assignments_coach_id_users_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_domains" ADD CONSTRAINT "exam_domains_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_exams" ADD CONSTRAINT "learner_exams_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_exams" ADD CONSTRAINT "learner_exams_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "miss_categories" ADD CONSTRAINT "miss_categories_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "coach_assignments_coach_idx" ON "coach_assignments" USING btree ("coach_id");--> statement-breakpoint
CREATE INDEX "cohort_members_learner_idx" ON "cohort_members" USING btree ("learner_id");--> statement-breakpoint
CREATE INDEX "exam_attempts_learner_exam_taken_idx" ON "exam_attempts" USING btree ("learner_id","exam_id","taken_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exams_code_key" ON "exams" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");