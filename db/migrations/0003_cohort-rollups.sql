CREATE TABLE "cohort_attempt_weeks" (
	"cohort_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"attempt_no" integer NOT NULL,
	"outcome" "attempt_outcome" NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cohort_attempt_weeks_cohort_id_exam_id_week_start_attempt_no_outcome_pk" PRIMARY KEY("cohort_id","exam_id","week_start","attempt_no","outcome")
);
--> statement-breakpoint
CREATE TABLE "cohort_category_weeks" (
	"cohort_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"category" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cohort_category_weeks_cohort_id_exam_id_week_start_category_pk" PRIMARY KEY("cohort_id","exam_id","week_start","category")
);
--> statement-breakpoint
CREATE TABLE "cohort_eligible_days" (
	"cohort_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"day" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cohort_eligible_days_cohort_id_exam_id_day_pk" PRIMARY KEY("cohort_id","exam_id","day")
);
--> statement-breakpoint
CREATE TABLE "cohort_learner_counts" (
	"cohort_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"members" integer DEFAULT 0 NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"attempted" integer DEFAULT 0 NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	"non_pass" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cohort_learner_counts_cohort_id_exam_id_pk" PRIMARY KEY("cohort_id","exam_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_practice_weeks" (
	"cohort_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"question_id" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"correct" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cohort_practice_weeks_cohort_id_exam_id_week_start_question_id_pk" PRIMARY KEY("cohort_id","exam_id","week_start","question_id")
);
--> statement-breakpoint
CREATE TABLE "cohort_report_weeks" (
	"cohort_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"next_week" date NOT NULL,
	"domain" text NOT NULL,
	"learners" integer DEFAULT 0 NOT NULL,
	"bar_sum" integer DEFAULT 0 NOT NULL,
	"weak" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cohort_report_weeks_cohort_id_exam_id_week_start_next_week_domain_pk" PRIMARY KEY("cohort_id","exam_id","week_start","next_week","domain")
);
--> statement-breakpoint
CREATE TABLE "learner_attempt_numbers" (
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"attempt_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"outcome" "attempt_outcome" NOT NULL,
	CONSTRAINT "learner_attempt_numbers_learner_id_exam_id_attempt_no_pk" PRIMARY KEY("learner_id","exam_id","attempt_no")
);
--> statement-breakpoint
CREATE TABLE "learner_category_weeks" (
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"category" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "learner_category_weeks_learner_id_exam_id_week_start_category_pk" PRIMARY KEY("learner_id","exam_id","week_start","category")
);
--> statement-breakpoint
CREATE TABLE "learner_exam_stats" (
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"passes" integer DEFAULT 0 NOT NULL,
	"first_pass_attempt_no" integer,
	"latest_taken_at" timestamp with time zone,
	"latest_outcome" "attempt_outcome",
	"latest_score" integer,
	"eligible_at" timestamp with time zone,
	"practice_sets" integer DEFAULT 0 NOT NULL,
	"practice_total" integer DEFAULT 0 NOT NULL,
	"practice_correct" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learner_exam_stats_learner_id_exam_id_pk" PRIMARY KEY("learner_id","exam_id")
);
--> statement-breakpoint
CREATE TABLE "learner_report_weeks" (
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"domain" text NOT NULL,
	"next_week" date NOT NULL,
	"attempt_id" uuid NOT NULL,
	"bar" integer NOT NULL,
	"weak" boolean NOT NULL,
	CONSTRAINT "learner_report_weeks_learner_id_exam_id_week_start_domain_pk" PRIMARY KEY("learner_id","exam_id","week_start","domain")
);
--> statement-breakpoint
CREATE INDEX "learner_exam_stats_eligible_idx" ON "learner_exam_stats" USING btree ("exam_id","eligible_at");