#!/usr/bin/env node
// The `sample` command: it runs dist/cli.cjs from V8's code cache, dist/cli.cache, made when the
// package is built. A cache saves compiling the bundle, about a tenth of a short run; a cache that
// does not fit this Node (another V8) is rejected by V8 itself, and the bundle is compiled as usual.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const Module = require('node:module');

const file = join(__dirname, 'cli.cjs');
const cacheFile = join(__dirname, 'cli.cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
const script = new Script(Module.wrap(source), { filename: file, cachedData });
const module_ = { exports: {} };
const run = script.runInThisContext();
// The build runs one representative command with this set, to cache what it compiled.
if (process.env.SAMPLE_BUILD_CODE_CACHE === cacheFile) {
  process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
run.call(module_.exports, module_.exports, require, module_, file, __dirname);
