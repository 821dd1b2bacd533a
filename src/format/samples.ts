import { type Batch, continuationAt } from '../generate.js';
import type { Model } from '../model.js';
import { type Shown, shownAs, textFormatter, textLine } from './text.js';

export const FORMATS = ['text', 'jsonl', 'json', 'tsv'] as const;
export type FormatName = (typeof FORMATS)[number];

/** What every sample of a run shares. */
export interface RunInfo {
  readonly model: Model;
  readonly seed: string;
  readonly onlyNew: boolean;
  /** For the json receipt: every setting that shapes the result. */
  readonly options: Record<string, unknown>;
  /** The phrase, when it came on the command line; from stdin, the receipt lists the lines it read. */
  readonly input?: string;
  /**
   * The tokens as the text and tsv lines write them, and what goes between the phrase and them: a
   * capture's real tokens with their control characters escaped, joined as they come (they carry
   * their own spaces). By default the model's tokens, after a space.
   */
  readonly shown?: { readonly tokens: Shown; readonly glue: string };
  /**
   * How many continuations each phrase has, where the run knows it in advance: the text lines of a
   * wide vocabulary encode it before the first line, not after the first quarter as many lines.
   */
  readonly count?: number;
  /** For the json receipt: sample's version, and the command line that makes the same receipt. */
  readonly made?: { readonly version: string; readonly command: string };
}

/** One phrase of the run: from the command line, or a line of stdin (with its number). */
export interface PhraseInfo {
  /** The phrase as tokenised, single spaces. */
  readonly input: string;
  readonly line?: number;
}

/**
 * Writers for sampled continuations. A run writes `head`, then each phrase's batches through the
 * function `phrase` returns, then `tail`: the json document streams too, so memory stays constant.
 * `index` counts the continuations of the whole run, from 0.
 */
export interface SamplesWriter {
  readonly head: string;
  phrase(phrase: PhraseInfo): (batch: Batch) => string | Uint8Array;
  tail(): string;
}

export function samplesWriter(format: FormatName, run: RunInfo): SamplesWriter {
  let index = 0;
  const glue = run.shown?.glue ?? ' ';
  // One for the whole run: the vocabulary a formatter encodes serves every phrase. json keeps a
  // capture's tokens exact, as the model's own.
  const exact = shownAs(run.model.tokens);
  const shown = run.shown?.tokens ?? exact;
  const prefix = (phrase: PhraseInfo): string => (run.onlyNew ? '' : `${phrase.input}${glue}`);
  /** One line (or, in json, one array element) per continuation. */
  const each = (phrase: PhraseInfo, write: (batch: Batch, slot: number, line: string) => string, keep = false) => {
    // json keeps a capture's tokens exact; tsv, one line per sample, needs them escaped.
    const line = textLine(keep ? exact : shown, prefix(phrase));
    return (batch: Batch): string => {
      let chunk = '';
      for (let slot = 0; slot < batch.count * batch.length; slot += batch.length) {
        chunk += write(batch, slot, line(batch, slot));
        index++;
      }
      return chunk;
    };
  };
  const record = (phrase: PhraseInfo, batch: Batch, slot: number, text: string): string => {
    const { tokens, ids, probs, draws } = continuationAt(run.model, batch, slot);
    const line = phrase.line === undefined ? {} : { line: phrase.line };
    return JSON.stringify({ index, ...line, seed: run.seed, input: phrase.input, tokens, ids, probs, u: draws, text });
  };
  const noTail = (): string => '';
  switch (format) {
    case 'text':
      return { head: '', phrase: (phrase) => textFormatter(shown, prefix(phrase), run.count), tail: noTail };
    case 'tsv':
      return { head: '', phrase: (phrase) => each(phrase, (_, __, text) => `${index}\t${text}\n`), tail: noTail };
    case 'jsonl':
      return {
        head: '',
        phrase: (phrase) => each(phrase, (batch, slot, text) => `${record(phrase, batch, slot, text)}\n`, true),
        tail: noTail,
      };
    case 'json':
      return jsonReceipt(run, (phrase) =>
        each(phrase, (batch, slot, text) => `${index === 0 ? '' : ','}${record(phrase, batch, slot, text)}`, true),
      );
  }
}

/**
 * The json format, the run's receipt: {"seed", "input", "options", "samples"}. Streamed: a phrase
 * from the command line leads; the lines of stdin, known only once read, close the document.
 */
function jsonReceipt(run: RunInfo, records: (phrase: PhraseInfo) => (batch: Batch) => string): SamplesWriter {
  const seen: string[] = [];
  const input = run.input === undefined ? '' : `"input":${JSON.stringify(run.input)},`;
  const made = run.made
    ? `"sample":${JSON.stringify(run.made.version)},"command":${JSON.stringify(run.made.command)},`
    : '';
  return {
    head: `{${made}"seed":${JSON.stringify(run.seed)},${input}"options":${JSON.stringify(run.options)},"samples":[`,
    phrase: (phrase) => {
      seen.push(phrase.input);
      return records(phrase);
    },
    tail: () => (run.input === undefined ? `],"input":${JSON.stringify(seen)}}\n` : ']}\n'),
  };
}
