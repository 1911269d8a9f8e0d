CREATE TABLE "event_subscriptions" (
	"handler" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "owner" uuid;--> statement-breakpoint
CREATE INDEX "event_subscriptions_type_idx" ON "event_subscriptions" USING btree ("event_type");