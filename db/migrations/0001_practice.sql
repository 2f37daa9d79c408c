CREATE TYPE "public"."practice_mode" AS ENUM('timed-mixed', 'domain-focus', 'retest');--> statement-breakpoint
CREATE TYPE "public"."practice_status" AS ENUM('active', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."question_kind" AS ENUM('single', 'multiple');--> statement-breakpoint
CREATE TYPE "public"."question_status" AS ENUM('draft', 'published', 'retired');--> statement-breakpoint
CREATE TYPE "public"."question_tier" AS ENUM('core', 'edge');--> statement-breakpoint
CREATE TABLE "practice_items" (
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"question_id" text NOT NULL,
	"response" text[],
	"flagged" boolean DEFAULT false NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"answered_at" timestamp with time zone,
	"time_ms" integer DEFAULT 0 NOT NULL,
	"correct" boolean,
	CONSTRAINT "practice_items_session_id_position_pk" PRIMARY KEY("session_id","position")
);
--> statement-breakpoint
CREATE TABLE "practice_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"learner_id" uuid NOT NULL,
	"exam_id" uuid NOT NULL,
	"mode" "practice_mode" NOT NULL,
	"size" integer NOT NULL,
	"duration_minutes" integer NOT NULL,
	"focus_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"status" "practice_status" DEFAULT 'active' NOT NULL,
	"correct" integer,
	"answered" integer
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" text PRIMARY KEY NOT NULL,
	"exam_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"category" text NOT NULL,
	"tier" "question_tier" NOT NULL,
	"family" text NOT NULL,
	"kind" "question_kind" NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" text[] NOT NULL,
	"explanation" text NOT NULL,
	"status" "question_status" DEFAULT 'published' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "practice_items" ADD CONSTRAINT "practice_items_session_id_practice_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."practice_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_items" ADD CONSTRAINT "practice_items_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_sessions" ADD CONSTRAINT "practice_sessions_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_sessions" ADD CONSTRAINT "practice_sessions_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_items_question_idx" ON "practice_items" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "practice_sessions_learner_started_idx" ON "practice_sessions" USING btree ("learner_id","started_at");--> statement-breakpoint
CREATE INDEX "questions_exam_status_idx" ON "questions" USING btree ("exam_id","status");--> statement-breakpoint
CREATE INDEX "questions_family_idx" ON "questions" USING btree ("family");