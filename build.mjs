// Builds dist/: the CLI as one CommonJS file, the library as an ES module, and the types.
// One CommonJS file starts fastest: no ES module loader, no chunks to fetch, and the views and
// chalk, bundled behind dynamic imports, are only initialised when a run uses them.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, transform } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };
rmSync('dist', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  // Without comments and indentation the bundle is a third smaller: reading it at every start
  // costs less (about 5 ms of a 130 ms run here). Names are kept, so that SAMPLE_DEBUG's stack
  // traces still read.
  minifyWhitespace: true,
  define: { SAMPLE_VERSION: JSON.stringify(version), 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // seedrandom's index loads six other generators besides the ARC4 one sample uses. Two node
  // modules are required for features sample never uses, and loading them costs start-up time:
  // seedrandom needs crypto only to autoseed (2 ms), commander child_process only to run
  // executable subcommands (2 ms). Both become empty modules.
  alias: { seedrandom: 'seedrandom/seedrandom.js' },
  plugins: [
    {
      name: 'unused-builtins',
      setup(esbuild) {
        const unused = { crypto: 'seedrandom', 'node:child_process': 'commander' };
        esbuild.onResolve({ filter: /^(crypto|node:child_process)$/ }, (args) =>
          args.importer.includes(unused[args.path]) ? { path: args.path, namespace: 'unused' } : undefined,
        );
        esbuild.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = {};' }));
      },
    },
  ],
});
// The command: a small starter that runs the bundle from V8's code cache, made here by one
// representative run, so that every later start skips compiling it.
copyFileSync('src/cli/start.cjs', 'dist/sample.cjs');
chmodSync('dist/sample.cjs', 0o755);
const cache = join(process.cwd(), 'dist', 'cli.cache');
execFileSync(
  process.execPath,
  ['dist/sample.cjs', 'el cielo es', '-n', '2', '--seed', '1', '--vocab', 'vocab.json', '--weights', 'weights.json'],
  {
    env: { ...process.env, SAMPLE_BUILD_CODE_CACHE: cache },
    stdio: 'ignore',
  },
);

await build({
  ...common,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  format: 'esm',
  packages: 'external',
});
// The page (--html): the same core, bundled for a browser, inlined into every page the CLI writes;
// one bundle per language, so that a page carries only its own catalogue. Its stylesheet is
// minified here and inlined as text.
const { code: css } = await transform(readFileSync('src/page/style.css', 'utf8'), { loader: 'css', minify: true });
for (const lang of ['en', 'es']) {
  await build({
    ...common,
    entryPoints: ['src/page/main.ts'],
    outfile: `dist/page-${lang}.js`,
    platform: 'browser',
    format: 'iife',
    minify: true,
    define: { PAGE_LANG: JSON.stringify(lang) },
    alias: { seedrandom: 'seedrandom/seedrandom.js' },
    plugins: [
      {
        name: 'page',
        setup(esbuild) {
          // seedrandom requires crypto only to autoseed, which sample never does.
          esbuild.onResolve({ filter: /^crypto$/ }, () => ({ path: 'crypto', namespace: 'unused' }));
          esbuild.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({ contents: 'module.exports = {};' }));
          esbuild.onResolve({ filter: /style\.css$/ }, () => ({ path: 'style.css', namespace: 'css' }));
          // The Spanish page speaks Spanish only: the English catalogue, which the core's errors
          // take by default, is the Spanish one there, and is not shipped.
          if (lang === 'es') {
            esbuild.onResolve({ filter: /i18n\/en\.js$/ }, () => ({ path: 'en', namespace: 'spanish' }));
            esbuild.onLoad({ filter: /.*/, namespace: 'spanish' }, () => ({
              contents: `export { es as en } from ${JSON.stringify(join(process.cwd(), 'src/i18n/es.ts'))};`,
              resolveDir: process.cwd(),
            }));
          }
          esbuild.onLoad({ filter: /.*/, namespace: 'css' }, () => ({ contents: css, loader: 'text' }));
        },
      },
    ],
  });
}
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
