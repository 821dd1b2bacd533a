import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = (args: string[], cwd = root): string => execFileSync('npm', args, { cwd, encoding: 'utf8' });

describe('the npm package', () => {
  // --ignore-scripts: npm test has built dist/ already, and a rebuild would pull it from under the other tests.
  const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts']));
  const files = packed.files.map((f: { path: string }) => f.path);

  it('ships the built code and both model files, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.js', 'vocab.json', 'weights.json']));
    expect(files.filter((f: string) => /^(src|test)\//.test(f))).toEqual([]);
  });

  it('installs globally into a `sample` that works from any directory', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'sample-pack-'));
    const [{ filename }] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch]));
    const prefix = join(scratch, 'prefix');
    npm(
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(scratch, filename)],
      scratch,
    );
    const out = execFileSync(join(prefix, 'bin', 'sample'), ['el cielo es', '-n', '3', '--seed', '42'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(out).toBe('el cielo es azul\nel cielo es azul\nel cielo es es\n');
  }, 120_000);
});
