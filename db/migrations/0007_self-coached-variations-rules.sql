CREATE TYPE "public"."plan_controller" AS ENUM('coach', 'learner');--> statement-breakpoint
CREATE TABLE "rules_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"learner_id" uuid NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"correct" integer NOT NULL,
	"total" integer NOT NULL,
	"answers" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "variation_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" text NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "based_on" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "variation_change" text;--> statement-breakpoint
ALTER TABLE "repair_plans" ADD COLUMN "controlled_by" "plan_controller" DEFAULT 'coach' NOT NULL;--> statement-breakpoint
ALTER TABLE "rules_checks" ADD CONSTRAINT "rules_checks_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variation_comments" ADD CONSTRAINT "variation_comments_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variation_comments" ADD CONSTRAINT "variation_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rules_checks_learner_idx" ON "rules_checks" USING btree ("learner_id","taken_at");--> statement-breakpoint
CREATE INDEX "variation_comments_question_idx" ON "variation_comments" USING btree ("question_id","created_at");--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "questions_owner_idx" ON "questions" USING btree ("owner_id") WHERE "questions"."owner_id" is not null;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_learner_origin_private" CHECK ("questions"."origin" <> 'learner' or ("questions"."owner_id" is not null and "questions"."status" <> 'published'));