CREATE TABLE `org_phrase_audio` (
	`org_id` text NOT NULL,
	`phrase_id` text NOT NULL,
	`key` text NOT NULL,
	`bytes` integer NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`org_id`, `phrase_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `org_phrase_audio_key_idx` ON `org_phrase_audio` (`key`);