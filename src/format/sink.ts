import type { Writable } from 'node:stream';

/**
 * stdout as the generator's consumer: chunks go out only as fast as the reader takes them, and a
 * reader that leaves (`| head`) ends the run quietly instead of with an EPIPE.
 */
export interface Sink {
  /** Writes a chunk; resolves to false once the reader has gone, so the caller stops. */
  write(chunk: string | Uint8Array): Promise<boolean>;
  /** A write error other than the reader leaving, if one happened. */
  readonly failure: Error | undefined;
}

export function streamSink(stream: Writable): Sink {
  let open = true;
  let failure: Error | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    open = false;
    if (error.code !== 'EPIPE') failure = error;
  });
  return {
    get failure() {
      return failure;
    },
    async write(chunk) {
      if (!open) return false;
      if (stream.write(chunk)) {
        // An EPIPE is reported on a later tick: yield once so it is seen before the next chunk.
        await new Promise(setImmediate);
      } else {
        await drained(stream);
      }
      return open;
    },
  };
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
