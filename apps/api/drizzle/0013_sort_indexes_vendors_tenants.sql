CREATE INDEX "vendors_created_idx" ON "vendors" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "vendors_name_sort_idx" ON "vendors" USING btree ("tenant_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "tenants_name_sort_idx" ON "tenants" USING btree (lower("name"),"id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "tenants_slug_sort_idx" ON "tenants" USING btree ("slug","id") WHERE deleted_at is null;