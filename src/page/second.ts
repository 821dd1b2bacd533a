import { splitLine } from '../cli/shell-line.js';
import { CHAIN_CONTROLS, CONTROLS, type Control, InvalidValue, invalidMessage } from '../controls.js';
import { clipped, SampleError } from '../errors.js';
import type { Messages } from '../i18n/en.js';
import type { SamplingOptions } from '../options.js';

/** Each spelling of an option, as typed: --top-p, -p, llama.cpp's aliases such as --temp. */
const SPELLINGS = new Map<string, Control>(
  CONTROLS.flatMap((c) => [
    [`--${c.flag}`, c] as const,
    ...(c.short ? [[`-${c.short}`, c] as const] : []),
    ...(c.aliases ?? []).map((alias) => [alias.flag, c] as const),
  ]),
);

/**
 * The second chain's options from the page's field, as the CLI's --compare takes them: a preset
 * or a stage list (`llama.cpp`), or the chain's options as typed (`--samplers llama.cpp -T 0.7`).
 * Throws the message the CLI would give, in its words.
 */
export function secondChain(spec: string, m: Messages): Partial<SamplingOptions> {
  const shown = clipped(spec);
  const fail = (reason: string): never => {
    throw new Error(m.compareInvalid(shown, reason));
  };
  const line = splitLine(spec);
  if (line.quote !== '') fail(m.compareQuote());
  const words = line.words.filter((word) => word !== '');
  const typed = spec.trimStart().startsWith('-') ? words : ['--samplers', spec];
  const options: Record<string, unknown> = {};
  for (let k = 0; k < typed.length; k++) {
    const [flag, inline] = typed[k].startsWith('--') && typed[k].includes('=') ? typed[k].split(/=(.*)/s) : [typed[k]];
    const control = SPELLINGS.get(flag);
    if (control === undefined) throw new Error(m.compareOutside(shown, clipped(flag)));
    // An option of the run, not of the chain (-n, -t, --seed): named by its long name, as the CLI names it.
    if (!CHAIN_CONTROLS.includes(control)) throw new Error(m.compareOutside(shown, `--${control.flag}`));
    if (control.argument === undefined) {
      options[control.key] = true;
      continue;
    }
    const text = inline ?? typed[++k];
    if (text === undefined) fail(m.compareOutside(shown, clipped(flag)));
    const alias = control.aliases?.find((a) => a.flag === flag);
    const value = alias?.value ? alias.value(text) : text;
    try {
      const read = control.read(value);
      options[control.key] = control.repeatable ? [...((options[control.key] as unknown[]) ?? []), read] : read;
    } catch (error) {
      if (error instanceof InvalidValue) fail(invalidMessage(control, value, error, m));
      if (error instanceof SampleError) fail(error.render(m));
      throw error;
    }
  }
  return options as Partial<SamplingOptions>;
}
