#!/usr/bin/env node
import { printable } from '../errors.js';
import { main } from './main.js';

/** The last resort: a fault of sample's own is one line, never a stack trace unless asked for. */
function internalError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sample: internal error: ${printable(message)} (set SAMPLE_DEBUG=1 for details)\n`);
  if (process.env.SAMPLE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 1;
}

process.on('uncaughtException', (error) => {
  internalError(error);
  process.exit(1);
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, internalError);
