DROP INDEX "orders_placed_idx";--> statement-breakpoint
CREATE INDEX "orders_placed_sort_idx" ON "orders" USING btree ("tenant_id","placed_at","id");--> statement-breakpoint
CREATE INDEX "orders_total_idx" ON "orders" USING btree ("tenant_id","total","id");--> statement-breakpoint
CREATE INDEX "orders_number_sort_idx" ON "orders" USING btree ("tenant_id","number","id");