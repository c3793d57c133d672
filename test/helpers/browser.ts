// Headless Chromium from Debian for the dashboard's browser tests (a test tool's own browser
// download does not work here). Tests skip, with a message, where it is not installed.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

/** Where screenshots go (ignored by git). */
export const ARTIFACTS = join(import.meta.dir, '..', 'artifacts');

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
