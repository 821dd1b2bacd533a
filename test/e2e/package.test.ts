import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// stderr is kept: npm's notes there ("requires you to be logged in", for a dry run) are no
// failure, and would read as one in npm test's output. A failing command still throws with it.
const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
// --ignore-scripts: npm test has built dist/ already, and a rebuild would pull it from under the other tests.
const npm = (args: string[], cwd = root): string => run('npm', [...args, '--ignore-scripts'], cwd);
const install = ['--prefer-offline', '--no-audit', '--no-fund'];

describe('the npm package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sample-pack-'));
  let tarball = '';

  beforeAll(() => {
    const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch]));
    tarball = join(scratch, filename);
  }, 60_000);

  it('ships the built code and both model files, and no sources or tests', () => {
    const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json']));
    const files = packed.files.map((f: { path: string }) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['dist/cli.cjs', 'dist/index.js', 'dist/types/index.d.ts', 'vocab.json', 'weights.json']),
    );
    expect(files.filter((f: string) => /^(src|test)\//.test(f))).toEqual([]);
  });

  it('npm publish --dry-run passes under a name free on the registry, and ships only what runs', () => {
    const published = JSON.parse(npm(['publish', '--dry-run', '--json']));
    const files: string[] = published['sample-next-token'].files.map((f: { path: string }) => f.path);
    const kinds = new Set(files.map((f) => (f.startsWith('dist/types/') ? 'dist/types/' : f)));
    expect([...kinds].sort()).toEqual([
      'README.es.md',
      'README.md',
      'dist/cli.cache',
      'dist/cli.cjs',
      'dist/index.js',
      'dist/page-en.js',
      'dist/page-es.js',
      'dist/sample.cjs',
      'dist/types/',
      'package.json',
      'vocab.json',
      'weights.json',
    ]);
  });

  it('installs globally into a `sample` that works from any directory', () => {
    const prefix = join(scratch, 'global');
    npm(['install', '-g', '--prefix', prefix, ...install, tarball], scratch);
    const out = run(join(prefix, 'bin', 'sample'), ['el cielo es', '-n', '3', '--seed', '42'], scratch);
    expect(out).toBe('el cielo es azul\nel cielo es azul\nel cielo es es\n');
  }, 120_000);

  it('imports by name from another project, typed, printing nothing', () => {
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name": "consumer", "type": "module", "private": true}');
    npm(['install', ...install, tarball], project);
    const consumer = `import { createRng, generate, loadModel, nextDistribution, tokenize, type Continuation } from 'sample-next-token';
const model = loadModel();
const phrase = tokenize('el cielo es', model);
const probs: Float64Array = nextDistribution(model, phrase).probs;
const samples: Continuation[] = [...generate({ model, phrase, count: 3, rng: createRng('42') })];
process.stdout.write(JSON.stringify({ probs: [...probs], tokens: samples.map((s) => s.tokens[0]) }));
`;
    writeFileSync(join(project, 'consumer.ts'), consumer);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--module', 'nodenext', '--target', 'es2022', '--strict', '--skipLibCheck', '--types', 'node'];
    run(process.execPath, [tsc, ...flags, '--typeRoots', join(root, 'node_modules', '@types'), 'consumer.ts'], project);
    expect(run(process.execPath, ['--input-type=module', '-e', "import 'sample-next-token';"], project)).toBe('');
    const result = JSON.parse(run(process.execPath, ['consumer.js'], project));
    expect(result.tokens).toEqual(['azul', 'azul', 'es']);
    expect(result.probs[0]).toBeCloseTo(0.4237, 4);
  }, 120_000);
});
