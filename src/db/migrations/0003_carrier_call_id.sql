ALTER TABLE `calls` RENAME COLUMN "call_sid" TO "carrier_call_id";--> statement-breakpoint
DROP INDEX `calls_call_sid_unique`;--> statement-breakpoint
ALTER TABLE `calls` ADD `carrier` text DEFAULT 'twilio' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `calls_carrier_call_idx` ON `calls` (`carrier`,`carrier_call_id`);