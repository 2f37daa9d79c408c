CREATE TYPE "public"."question_group_kind" AS ENUM('yes-no-series', 'case-study');--> statement-breakpoint
ALTER TYPE "public"."question_kind" ADD VALUE 'yes-no';--> statement-breakpoint
ALTER TYPE "public"."question_kind" ADD VALUE 'hotspot';--> statement-breakpoint
ALTER TYPE "public"."question_kind" ADD VALUE 'ordering';--> statement-breakpoint
ALTER TYPE "public"."question_kind" ADD VALUE 'matching';--> statement-breakpoint
CREATE TABLE "question_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"exam_id" uuid NOT NULL,
	"kind" "question_group_kind" NOT NULL,
	"domain" text,
	"category" text,
	"family" text,
	"title" text,
	"content" jsonb NOT NULL,
	"exhibits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "question_status" DEFAULT 'published' NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"verified_on" text,
	"origin" text DEFAULT 'bank' NOT NULL,
	"bank_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cohort_practice_weeks" ALTER COLUMN "correct" SET DATA TYPE numeric(14, 4);--> statement-breakpoint
ALTER TABLE "learner_exam_stats" ALTER COLUMN "practice_correct" SET DATA TYPE numeric(14, 4);--> statement-breakpoint
ALTER TABLE "practice_items" ADD COLUMN "score" numeric(5, 4);--> statement-breakpoint
ALTER TABLE "practice_items" ADD COLUMN "closed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "practice_sessions" ADD COLUMN "score" numeric(8, 4);--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "exhibits" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "group_id" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "group_order" integer;--> statement-breakpoint
ALTER TABLE "question_groups" ADD CONSTRAINT "question_groups_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "question_groups_exam_status_idx" ON "question_groups" USING btree ("exam_id","status");--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_group_id_question_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."question_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questions_group_idx" ON "questions" USING btree ("group_id","group_order") WHERE "questions"."group_id" is not null;