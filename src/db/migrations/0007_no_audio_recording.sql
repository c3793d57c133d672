ALTER TABLE `call_turns` ADD `no_audio_sentences` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `calls` ADD `no_audio_sentences` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `calls` ADD `recording_path` text;