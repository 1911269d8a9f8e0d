ALTER TABLE "vendor_ledger_entries" ADD COLUMN "order_number" text;--> statement-breakpoint
-- Entries written before the column existed take their order's number. Row-level security is FORCEd
-- on both tables (even for their owner); lifted for this one statement, put back by post-migrate.sql.
ALTER TABLE "vendor_ledger_entries" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "orders" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE "vendor_ledger_entries" e SET "order_number" = o."number"
  FROM "orders" o
  WHERE o."tenant_id" = e."tenant_id" AND o."id" = e."order_id" AND e."order_number" IS NULL;--> statement-breakpoint
ALTER TABLE "vendor_ledger_entries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "orders" FORCE ROW LEVEL SECURITY;
