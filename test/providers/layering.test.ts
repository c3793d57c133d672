// Providers are the bottom layer: the NLU and the metrics wrap them, so nothing under
// src/providers may import from src/nlu or src/metrics (a folder-level import loop otherwise).
import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dir, '../../src');
const PROVIDERS = join(SRC, 'providers');
const ABOVE = ['nlu', 'metrics'];

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)));
}

describe('provider layering', () => {
  test('nothing under src/providers imports the NLU or the metrics', () => {
    const files = readdirSync(PROVIDERS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    const upward = files.flatMap((f) =>
      importsOf(join(PROVIDERS, f))
        .filter((target) => ABOVE.some((dir) => target.startsWith(`${dir}/`)))
        .map((target) => `providers/${f} → ${target}`),
    );
    expect(upward).toEqual([]);
  });
});
