// The container image holds only what the Dockerfile copies (less .dockerignore) and the
// production dependencies, so every module the server and the simulator commands load must come
// from that set — and src/ never reaches into test/ (or anywhere outside src/).
import { describe, expect, test } from 'bun:test';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dir, '../..');
const transpiler = new Bun.Transpiler({ loader: 'ts' });

/** Paths (relative to the repository) the final stage of the Dockerfile copies from the context. */
function imagePaths(): string[] {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split('\n');
  const finalStage = lines.slice(lines.findLastIndex((l) => /^FROM\s/i.test(l)));
  return finalStage
    .filter((l) => /^COPY\s/i.test(l) && !/--from=/i.test(l))
    .flatMap((l) => l.trim().split(/\s+/).slice(1, -1))
    .map((p) => p.replace(/^\.\//, '').replace(/\/$/, ''));
}

function productionDeps(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return new Set(Object.keys(pkg.dependencies ?? {}));
}

const packageName = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (spec: string): boolean =>
  spec.startsWith('node:') || spec === 'bun' || spec.startsWith('bun:') || builtinModules.includes(spec);

/** Every repository file reachable from `entries` through static and dynamic imports, and the bare packages. */
function importGraph(entries: string[]): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const todo = entries.map((e) => join(ROOT, e));
  while (todo.length > 0) {
    const file = todo.pop() as string;
    const rel = relative(ROOT, file);
    if (files.has(rel)) continue;
    files.add(rel);
    if (!/\.(ts|js|mjs)$/.test(file)) continue;
    for (const { path: spec } of transpiler.scanImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
      else if (!isBuiltin(spec)) packages.set(packageName(spec), rel);
    }
  }
  return { files, packages };
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((n) => {
    const p = join(dir, n);
    return statSync(join(ROOT, p)).isDirectory() ? walk(p) : [p];
  });
}

/** .dockerignore patterns; a pattern that names a folder excludes everything under it. */
function ignored(): Array<(rel: string) => boolean> {
  const path = join(ROOT, '.dockerignore');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((pattern) => {
      const glob = new Bun.Glob(pattern.replace(/^\/|\/$/g, ''));
      return (rel: string) => rel.split('/').some((_, i, parts) => glob.match(parts.slice(0, i + 1).join('/')));
    });
}

describe('image file set', () => {
  const copied = imagePaths();
  const excluded = ignored();
  const inImage = (rel: string): boolean =>
    copied.some((c) => rel === c || rel.startsWith(`${c}/`)) && !excluded.some((x) => x(rel));

  test('the Dockerfile copies src/ and the command scripts', () => {
    expect(copied).toContain('src');
    expect(copied).toContain('scripts');
  });

  for (const entry of ['src/main.ts', 'scripts/demo.ts', 'scripts/scenario.ts', 'scripts/call.ts']) {
    test(`${entry} loads only files the image holds and production dependencies`, () => {
      const { files, packages } = importGraph([entry]);
      const missing = [...files].filter((f) => !inImage(f) || !existsSync(join(ROOT, f)));
      expect(missing).toEqual([]);
      const deps = productionDeps();
      const devOnly = [...packages].filter(([name]) => !deps.has(name)).map(([name, from]) => `${name} (${from})`);
      expect(devOnly).toEqual([]);
    });
  }

  test('nothing under src/ imports from outside src/', () => {
    const sources = walk('src').filter((f) => f.endsWith('.ts'));
    const outside: string[] = [];
    for (const f of sources) {
      for (const { path: spec } of transpiler.scanImports(readFileSync(join(ROOT, f), 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = relative(ROOT, resolve(dirname(join(ROOT, f)), spec));
        if (!target.startsWith('src/')) outside.push(`${f} → ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
