CREATE TABLE "question_reviews" (
	"learner_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"session_id" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "question_reviews_learner_id_question_id_pk" PRIMARY KEY("learner_id","question_id")
);
--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "ran_out_of_time" boolean;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "unanswered_or_guessed" integer;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD COLUMN "halfway_minutes_left" integer;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD COLUMN "cycle" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD COLUMN "cause" text;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD COLUMN "focus_categories" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "practice_sessions" ADD COLUMN "fresh_items" integer;--> statement-breakpoint
ALTER TABLE "practice_sessions" ADD COLUMN "fresh_core_misses" integer;--> statement-breakpoint
ALTER TABLE "practice_sessions" ADD COLUMN "fresh_edge_misses" integer;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD COLUMN "cycle" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD COLUMN "cycle_basis_session_id" uuid;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD COLUMN "completed_reason" text;--> statement-breakpoint
ALTER TABLE "question_reviews" ADD CONSTRAINT "question_reviews_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_reviews" ADD CONSTRAINT "question_reviews_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_reviews" ADD CONSTRAINT "question_reviews_session_id_practice_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."practice_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD CONSTRAINT "repair_plans_cycle_basis_session_id_practice_sessions_id_fk" FOREIGN KEY ("cycle_basis_session_id") REFERENCES "public"."practice_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_pacing_range" CHECK (("exam_attempts"."unanswered_or_guessed" is null or "exam_attempts"."unanswered_or_guessed" between 0 and 500) and ("exam_attempts"."halfway_minutes_left" is null or "exam_attempts"."halfway_minutes_left" between 0 and 600));