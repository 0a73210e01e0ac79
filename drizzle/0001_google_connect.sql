CREATE TYPE "public"."calendar_privacy" AS ENUM('details', 'busy');--> statement-breakpoint
CREATE TYPE "public"."google_account_status" AS ENUM('active', 'needs_reconnection');--> statement-breakpoint
CREATE TYPE "public"."google_credentials_mode" AS ENUM('shared', 'private');--> statement-breakpoint
CREATE TABLE "consumed_tokens" (
	"nonce" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"consumed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fieldworker_google_connections" (
	"fieldworker_id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid NOT NULL,
	"google_account_id" uuid NOT NULL,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_successful_sync_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "google_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"oauth_client_id" text NOT NULL,
	"google_subject" text,
	"email" text NOT NULL,
	"refresh_token_enc" text,
	"access_token_enc" text,
	"access_token_expires_at" timestamp with time zone,
	"granted_scopes" text DEFAULT '' NOT NULL,
	"status" "google_account_status" DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"company_calendar_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"google_account_id" uuid NOT NULL,
	"google_calendar_id" text NOT NULL,
	"summary" text NOT NULL,
	"background_color" text,
	"access_role" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"is_company_calendar" boolean DEFAULT false NOT NULL,
	"selected" boolean DEFAULT false NOT NULL,
	"privacy" "calendar_privacy" DEFAULT 'details' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_integrations" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"mode" "google_credentials_mode" NOT NULL,
	"private_project_name" text,
	"private_client_id" text,
	"private_client_secret_enc" text,
	"workspace_domain" text,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "google_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"fieldworker_id" uuid NOT NULL,
	"sent_by_id" uuid,
	"to_email" text NOT NULL,
	"subject" text NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"resend_id" text,
	"error" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "fieldworker_google_connections" ADD CONSTRAINT "fieldworker_google_connections_fieldworker_id_fieldworkers_id_fk" FOREIGN KEY ("fieldworker_id") REFERENCES "public"."fieldworkers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fieldworker_google_connections" ADD CONSTRAINT "fieldworker_google_connections_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fieldworker_google_connections" ADD CONSTRAINT "fieldworker_google_connections_google_account_id_google_accounts_id_fk" FOREIGN KEY ("google_account_id") REFERENCES "public"."google_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_accounts" ADD CONSTRAINT "google_accounts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_calendars" ADD CONSTRAINT "google_calendars_google_account_id_google_accounts_id_fk" FOREIGN KEY ("google_account_id") REFERENCES "public"."google_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_integrations" ADD CONSTRAINT "google_integrations_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_integrations" ADD CONSTRAINT "google_integrations_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_invitations" ADD CONSTRAINT "google_invitations_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_invitations" ADD CONSTRAINT "google_invitations_fieldworker_id_fieldworkers_id_fk" FOREIGN KEY ("fieldworker_id") REFERENCES "public"."fieldworkers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "google_invitations" ADD CONSTRAINT "google_invitations_sent_by_id_users_id_fk" FOREIGN KEY ("sent_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fieldworker_google_connections_account_idx" ON "fieldworker_google_connections" USING btree ("google_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "google_accounts_company_client_email_unique" ON "google_accounts" USING btree ("company_id","oauth_client_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "google_calendars_account_calendar_unique" ON "google_calendars" USING btree ("google_account_id","google_calendar_id");--> statement-breakpoint
CREATE INDEX "google_invitations_fieldworker_idx" ON "google_invitations" USING btree ("fieldworker_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "google_invitations_nonce_unique" ON "google_invitations" USING btree ("nonce");