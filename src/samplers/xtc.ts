import { keeping, ranked, removeUnless, survivors } from './filter.js';
import { numberSetting } from './setting.js';
import type { Stage } from './stage.js';

declare module '../options.js' {
  interface SamplingOptions {
    readonly xtcProbability: number;
    readonly xtcThreshold: number;
  }
}

/**
 * llama.cpp's XTC ("exclude top choices"): with probability p, remove every token with
 * probability ≥ t except the least probable of them, so that the model leaves its most obvious
 * choices. It draws its own u from the stream, before the token's u, and only when it can act:
 * p > 0, t ≤ 0.5 and two tokens or more with a chance. It fires when u ≤ p.
 */
export const xtc: Stage = {
  name: 'xtc',
  acts: 'probs',
  depends: 'coin',
  settings: [
    numberSetting({
      key: 'xtcProbability',
      default: 0,
      flag: 'xtc-probability',
      argument: '<p>',
      description: 'XTC: how often to remove the top choices (0: off)',
      min: 0,
      max: 1,
    }),
    numberSetting({
      key: 'xtcThreshold',
      default: 0.1,
      flag: 'xtc-threshold',
      argument: '<t>',
      description: 'XTC: the tokens with p ≥ t are the top choices (above 0.5: off)',
      min: 0,
      max: 1,
    }),
  ],
  active: (o) => o.xtcProbability > 0,
  label: (o) => `xtc ${o.xtcProbability} ${o.xtcThreshold}`,
  title: (o) =>
    `XTC: with probability ${o.xtcProbability}, remove every token with p ≥ ${o.xtcThreshold} but the least probable of them`,
  apply(c, { options: o, coin }) {
    if (o.xtcThreshold > 0.5 || survivors(c.probs) < 2) return { note: 'cannot act, so draws no u' };
    const u = coin();
    if (u > o.xtcProbability) return { quantities: [['u', u]], note: `did not fire: u > ${o.xtcProbability}` };
    const order = ranked(c.probs);
    let top = 0;
    while (top < order.length && c.probs[order[top]] >= o.xtcThreshold) top++;
    // All the top choices but the last go, if that leaves enough tokens.
    const gone = new Set(order.slice(0, top - 1));
    if (top >= 2 && order.length - gone.size >= keeping(o.minKeep)) removeUnless(c, (i) => !gone.has(i));
    return { quantities: [['u', u]], note: `fired: u ≤ ${o.xtcProbability}` };
  },
};
