#!/usr/bin/env node
import { printable } from '../errors.js';
import { langFlag, languageOf } from '../i18n/lang.js';
import { messagesFor } from '../i18n/messages.js';
import { main } from './main.js';

/** The last resort: a fault of sample's own is one line, never a stack trace unless asked for. */
async function internalError(error: unknown): Promise<void> {
  const m = await messagesFor(languageOf(langFlag(process.argv.slice(2)), process.env));
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sample: ${m.internalError(printable(message))}\n`);
  if (process.env.SAMPLE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 1;
}

process.on('uncaughtException', (error) => {
  void internalError(error).then(() => process.exit(1));
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, internalError);
