CREATE TABLE `instances` (
	`id` text PRIMARY KEY NOT NULL,
	`region` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `calls` ADD `stream_expires_at` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `stream_claimed_at` integer;--> statement-breakpoint
ALTER TABLE `calls` ADD `instance_id` text;--> statement-breakpoint
CREATE INDEX `calls_instance_idx` ON `calls` (`instance_id`);