// `bun run call` reads the caller's lines from stdin: the end of input (Ctrl-D, or a piped script
// running out) hangs up like an empty line, and lines typed while a reply plays are not lost.
import { expect, test } from 'bun:test';
import { join } from 'node:path';

const ROOT = join(import.meta.dir, '../..');

test('piped lines are all heard and the end of input hangs up cleanly', async () => {
  const proc = Bun.spawn(['bun', 'scripts/call.ts'], {
    cwd: ROOT,
    stdin: new TextEncoder().encode('I need a tune-up\nMaria Gonzalez\n'),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  expect(err).not.toContain('error');
  expect(code).toBe(0);
  const replies = out.split('\n').filter((l) => l.includes('receptionist> '));
  // The greeting, then one reply for each of the two lines.
  expect(replies.length).toBe(3);
  expect(replies[1]).toContain('name');
});
