import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/run.js';

/** Streams in memory: stdin holds `input`; stdout and stderr collect what is written. */
export function memoryIo(input: string, terminal = false): Io & { out: () => string; err: () => string } {
  const collect = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  };
  const [out, err] = [collect(), collect()];
  return {
    stdin: Readable.from(input === '' ? [] : [input]),
    stdout: Object.assign(out.stream, { isTTY: terminal }),
    stderr: err.stream,
    // English, whatever the machine's own locale: a test that wants Spanish says so.
    env: { NO_COLOR: '1', LANG: 'C' },
    out: out.text,
    err: err.text,
  };
}

/** Runs the CLI in memory, as a user would with these streams: exit code, stdout, stderr. */
export async function inMemory(args: readonly string[], input = '', terminal = false) {
  const io = memoryIo(input, terminal);
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
