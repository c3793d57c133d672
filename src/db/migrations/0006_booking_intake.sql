ALTER TABLE `bookings` ADD `address` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `intake` text;--> statement-breakpoint
ALTER TABLE `calendar_events` ADD `location` text;