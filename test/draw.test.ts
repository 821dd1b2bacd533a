import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdf, draw, drawAll, drawFrom, guided } from '../src/draw.js';

const post = new Float64Array([4500, 1260, 3600, 360, 900].map((l) => l / 10620));

describe('draw: the first token whose cumulative probability exceeds u', () => {
  it('maps each band [from, to) to its token', () => {
    const { cumulative } = cdf(post);
    expect(draw(post, 0)).toBe(0);
    expect(draw(post, cumulative[0] - 1e-12)).toBe(0);
    expect(draw(post, cumulative[0])).toBe(1); // a band is closed at its start, open at its end
    expect(draw(post, 0.5)).toBe(1);
    expect(draw(post, 0.9)).toBe(3);
    expect(draw(post, 0.99)).toBe(4);
  });

  it('never picks a token with probability 0', () => {
    const probs = new Float64Array([0, 0.5, 0, 0.5, 0]);
    expect(draw(probs, 0)).toBe(1);
    expect(draw(probs, 0.5)).toBe(3);
  });

  it('falls back to the last token with probability > 0 when rounding leaves u past the final sum', () => {
    const probs = new Float64Array([0.3, 0.3, 0.3, 0]); // sums to 0.8999999999999999
    expect(cdf(probs).last).toBe(2);
    expect(drawFrom(cdf(probs), 0.95)).toBe(2);
  });

  it('agrees with a plain linear scan', () => {
    const probs = new Float64Array([0.1, 0, 0.2, 0.3, 0, 0.4]);
    for (let u = 0; u < 1; u += 0.01) {
      let running = 0;
      let expected = -1;
      for (let i = 0; i < probs.length && expected === -1; i++) {
        running += probs[i];
        if (running > u) expected = i;
      }
      expect(draw(probs, u)).toBe(expected === -1 ? 5 : expected);
    }
  });
});

/** Distributions with zeros, and sums that rounding leaves short of 1. */
const probs = fc
  .array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 2000 })
  .filter((xs) => xs.some((x) => x > 0))
  .map((xs) => Float64Array.from(xs, (x) => x / xs.reduce((a, b) => a + b, 0)));
const u = fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constant(1 - 2 ** -53));

describe('drawFrom with a guide table', () => {
  it('draws the same token as drawFrom for every u, zeros and rounding included', () => {
    fc.assert(
      fc.property(probs, fc.array(u, { minLength: 1, maxLength: 50 }), (p, us) => {
        const c = cdf(p);
        const fast = guided(c);
        for (const x of us) expect(drawFrom(fast, x)).toBe(drawFrom(c, x));
      }),
    );
  });

  it('agrees for wide distributions, one token or a few holding most of the probability, across the guide', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300_000 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.integer(),
        (size, heavy, seed) => {
          const p = new Float64Array(size).fill(1);
          heavy.forEach((w, k) => {
            p[Math.abs(seed + 7919 * k) % size] = w;
          });
          const total = p.reduce((a, b) => a + b, 0);
          if (total === 0) return;
          for (let i = 0; i < size; i++) p[i] /= total;
          const c = cdf(p);
          const fast = guided(c);
          const slices = (fast.guide?.entries.length ?? 1) - 1;
          // The first u of every 128th slice, and the last u before it.
          for (let run = 0; run <= slices; run += 128) {
            for (const x of [run / slices, run / slices - 2 ** -53]) {
              if (x >= 0 && x < 1) expect(drawFrom(fast, x)).toBe(drawFrom(c, x));
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('sends to a search only the slices that hold more than one edge, or the end', () => {
    // 512 equal bands over 1024 slices, summing to 1 exactly: no slice holds two edges, and only
    // the last meets the end.
    const flat = guided(cdf(new Float64Array(512).fill(1 / 512)));
    expect(
      Array.from(flat.guide?.entries ?? [])
        .slice(0, 1024)
        .filter((entry) => entry < 0),
    ).toEqual([~511]);
    // Two bands of 1/4096 then one of the rest: slice 0 holds two edges.
    const narrow = guided(cdf(new Float64Array([1 / 4096, 1 / 4096, 1 - 2 / 4096])));
    const mask = (1 << (narrow.guide?.tokenBits ?? 0)) - 1;
    expect(
      Array.from(narrow.guide?.entries ?? [])
        .slice(0, 3)
        .map((entry) => (entry < 0 ? entry : entry & mask)),
    ).toEqual([~0, 2, 2]);
  });

  it("keeps the place of each slice's edge above its token: a sum inside the slice, or its last place", () => {
    // Two tokens: 1 bit for a token, 2^30 places a slice. Slice 307 of 1024 is [0.29980…, 0.30078…),
    // and 0.3 (307.19999999999998863 slices) is 0.19999999999998863 into it: place 214,748,364.
    const { entries, tokenBits } = guided(cdf(new Float64Array([0.3, 0.7]))).guide ?? { entries: [], tokenBits: 0 };
    expect(tokenBits).toBe(1);
    expect([entries[306], entries[307], entries[308]]).toEqual([
      0 | ((2 ** 30 - 1) << 1),
      0 | (214_748_364 << 1),
      1 | ((2 ** 30 - 1) << 1),
    ]);
  });

  it('agrees at every slice boundary of the post distribution', () => {
    const c = cdf(post);
    const fast = guided(c);
    for (let slice = 0; slice < 1024; slice++) {
      for (const x of [slice / 1024, (slice + 1) / 1024 - 2 ** -53]) expect(drawFrom(fast, x)).toBe(drawFrom(c, x));
    }
  });
});

describe('drawAll: drawFrom for a batch of u', () => {
  it("finds drawFrom's token for each u, with a guide or without, and writes no further than count", () => {
    fc.assert(
      fc.property(probs, fc.array(u, { minLength: 1, maxLength: 300 }), fc.boolean(), (p, xs, withGuide) => {
        const c = withGuide ? guided(cdf(p)) : cdf(p);
        const us = Float64Array.from(xs);
        const count = Math.max(1, us.length - 1);
        const out = new Int32Array(us.length).fill(-7);
        drawAll(c, us, count, out);
        for (let k = 0; k < count; k++) expect(out[k]).toBe(drawFrom(cdf(p), us[k]));
        if (count < us.length) expect(out[count]).toBe(-7);
      }),
    );
  });

  it('agrees at each running sum and the doubles either side of it, where u shares its place in the slice with the edge', () => {
    // The first sweep tells most u's from their slice's edge by a place of 2^-14 of the slice or
    // finer; only a u in the edge's own place reads the sum. Random u's land there too rarely to test.
    const beside = new Float64Array(1);
    const bits = new BigInt64Array(beside.buffer);
    const step = (x: number, by: bigint): number => {
      beside[0] = x;
      bits[0] += by;
      return beside[0];
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300_000 }), fc.integer(), (size, seed) => {
        const p = Float64Array.from({ length: size }, (_, i) => ((Math.imul(seed ^ i, 2654435761) >>> 0) % 1000) + 1);
        const total = p.reduce((a, b) => a + b, 0);
        for (let i = 0; i < size; i++) p[i] /= total;
        const plain = cdf(p);
        const every = Math.max(1, Math.floor(size / 2000));
        const xs = Array.from(plain.cumulative)
          .filter((_, i) => i % every === 0)
          .flatMap((sum) => [step(sum, -1n), sum, step(sum, 1n)])
          .filter((x) => x >= 0 && x < 1);
        const us = Float64Array.from(xs);
        const out = new Int32Array(us.length);
        drawAll(guided(plain), us, us.length, out);
        for (let k = 0; k < us.length; k++) expect(out[k]).toBe(drawFrom(plain, us[k]));
      }),
      { numRuns: 30 },
    );
  });

  it('gives the last token with probability > 0 where u is past a short final sum, as drawFrom does', () => {
    const c = guided(cdf(new Float64Array([0.3, 0.3, 0.3, 0]))); // sums to 0.8999999999999999
    const out = new Int32Array(3);
    drawAll(c, new Float64Array([0.95, 0.1, 0.999]), 3, out);
    expect(Array.from(out)).toEqual([2, 0, 2]);
  });

  it('agrees at every slice boundary of a wide guide, on the post logits softmaxed into one token', () => {
    // Every token but one underflows to 0: the guide's slices all start at that token, or past it.
    const p = new Float64Array(100_000);
    p[31_337] = 1;
    const c = guided(cdf(p));
    const slices = (c.guide?.entries.length ?? 1) - 1;
    const us = Float64Array.from({ length: 2 * slices }, (_, i) => Math.max(0, (i >> 1) / slices - (i & 1) * 2 ** -53));
    const out = new Int32Array(us.length);
    drawAll(c, us, us.length, out);
    expect(new Set(out)).toEqual(new Set([31_337]));
  });
});
