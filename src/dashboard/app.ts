// The operator dashboard: a static page and script served as they are (no build step, nothing
// from another origin). The page asks for an API key and reads everything from /api with it,
// so it shows exactly what that key may see.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

const dir = join(import.meta.dir, 'public');
const asset = (name: string) => readFileSync(join(dir, name), 'utf8');

// Only this origin's script, styles and API; no inline script, no framing.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function createDashboardApp(): Hono {
  // Read once at start: the files ship with the source and never change while running.
  const files = {
    html: asset('index.html'),
    js: asset('dashboard.js'),
    css: asset('dashboard.css'),
  };
  const headers = (type: string) => ({
    'content-type': type,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  const app = new Hono();
  app.get('/dashboard', (c) => c.body(files.html, 200, headers('text/html; charset=utf-8')));
  app.get('/dashboard/', (c) => c.redirect('/dashboard', 301));
  app.get('/dashboard/dashboard.js', (c) => c.body(files.js, 200, headers('text/javascript; charset=utf-8')));
  app.get('/dashboard/dashboard.css', (c) => c.body(files.css, 200, headers('text/css; charset=utf-8')));
  return app;
}
