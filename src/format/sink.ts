import type { Writable } from 'node:stream';

/**
 * stdout as the generator's consumer: chunks go out only as fast as the reader takes them, and a
 * reader that leaves (`| head`) ends the run quietly instead of with an EPIPE.
 */
export interface Sink {
  /** Writes a chunk, resolving once it is written: the caller may then reuse it. False once the reader has gone. */
  write(chunk: string | Uint8Array): Promise<boolean>;
  /** A write error other than the reader leaving, if one happened. */
  readonly failure: Error | undefined;
}

/** `halted` says when the run must write nothing more, a second signal having ended it. */
export function streamSink(stream: Writable, halted: () => boolean = () => false): Sink {
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
      if (!open || halted()) return false;
      // Resolved once the chunk is handed to the system (or has failed): the writer may then
      // reuse its buffer, and a reader that is slower than the generator holds it back.
      await new Promise<void>((resolve) => stream.write(chunk, () => resolve()));
      // An EPIPE is reported on a later tick: yield once so it is seen before the next chunk.
      await new Promise(setImmediate);
      return open;
    },
  };
}
