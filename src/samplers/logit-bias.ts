import { usageError } from '../errors.js';
import type { Localized } from '../i18n/lang.js';
import type { Model } from '../model.js';
import { resolveToken } from '../tokenize.js';
import { type Stage, same } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly logitBias: readonly LogitBias[];
  }
}

/** A bias added to one token's logit; -Infinity bans it. */
export interface LogitBias {
  /** A token of the vocabulary, or its id as a decimal string. */
  readonly token: string;
  readonly bias: number;
}

const BIAS = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** llama.cpp's own form, TOKEN_ID(+/-)BIAS: `15043+1`, `15043-inf`. */
const ID_SIGNED = /^(\d+)([-+])((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf)$/;

/** "TOKEN=BIAS", split at the last "=" so that a token may hold one, or llama.cpp's "ID+BIAS". */
function parseBias(text: string): LogitBias | undefined {
  const signed = ID_SIGNED.exec(text);
  if (signed !== null && !text.includes('=')) {
    const size = signed[3] === 'inf' ? Number.POSITIVE_INFINITY : Number(signed[3]);
    return { token: signed[1], bias: signed[2] === '-' ? -size : size };
  }
  const at = text.lastIndexOf('=');
  const [token, value] = [text.slice(0, at), text.slice(at + 1)];
  if (at <= 0) return undefined;
  if (value === '-inf') return { token, bias: Number.NEGATIVE_INFINITY };
  return BIAS.test(value) ? { token, bias: Number(value) } : undefined;
}

const isBias = (value: unknown): value is LogitBias =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LogitBias).token === 'string' &&
  (value as LogitBias).token !== '' &&
  typeof (value as LogitBias).bias === 'number' &&
  (Number.isFinite((value as LogitBias).bias) || (value as LogitBias).bias === Number.NEGATIVE_INFINITY);

/** OpenAI's and llama.cpp's logit bias: logit += bias for the tokens named; -inf bans a token. */
export const logitBias: Stage<Map<number, number>> = {
  name: 'logit_bias',
  group: 'penalties',
  acts: 'logits',
  settings: [
    {
      key: 'logitBias',
      default: [],
      flag: 'logit-bias',
      label: { en: 'logit bias', es: 'sesgo de logits' },
      aliases: ['-l'],
      argument: '<token=bias>',
      description: {
        en: 'add bias to a token’s logit; -inf bans it (repeatable; the token or its id)',
        es: 'suma un sesgo al logit de un token; -inf lo prohíbe (repetible; el token o su id)',
      },
      expects: {
        en: 'TOKEN=BIAS, a token or id and a number or -inf, or llama.cpp’s ID+BIAS or ID-BIAS',
        es: 'TOKEN=SESGO, un token o id y un número o -inf, o ID+SESGO o ID-SESGO como en llama.cpp',
      },
      parse: parseBias,
      // JSON has no -Infinity: the receipt writes each bias as the CLI takes it.
      receipt: (value) =>
        (value as LogitBias[]).map(({ token, bias }) => `${token}=${bias === -Infinity ? '-inf' : bias}`),
      check: (value) => Array.isArray(value) && value.every(isBias),
      repeatable: true,
    },
  ],
  active: (o) => o.logitBias.length > 0,
  label: (o) => same(`logit-bias ${o.logitBias.map((b) => `${b.token}=${b.bias}`).join(' ')}`),
  title: () => ({
    en: 'logit bias: adds each bias to its token’s logit (-Infinity bans it)',
    es: 'sesgo de logits: suma cada sesgo al logit de su token (-Infinity lo prohíbe)',
  }),
  prepare(o, model: Model) {
    const biases = new Map<number, number>();
    for (const { token, bias } of o.logitBias) {
      const position = resolveToken(token, model, '--logit-bias');
      if (biases.has(position)) throw usageError((m) => m.biasTwice(token));
      biases.set(position, bias);
    }
    return biases;
  },
  apply({ logits }, { prepared, trace }) {
    const reasons = new Map<number, Localized>();
    for (const [position, bias] of prepared) {
      logits[position] += bias;
      if (!trace) continue;
      const shown = `${bias > 0 ? '+' : ''}${bias}`;
      reasons.set(
        position,
        bias === Number.NEGATIVE_INFINITY
          ? { en: 'banned', es: 'prohibido' }
          : { en: `bias ${shown}`, es: `sesgo ${shown}` },
      );
    }
    return trace ? { reasons } : undefined;
  },
};
