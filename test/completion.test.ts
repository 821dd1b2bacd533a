import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bashReplies, complete } from '../src/cli/completion.js';
import { quoted, splitLine } from '../src/cli/shell-line.js';
import { UNSAFE } from '../src/errors.js';

describe('splitLine: a bash line cut at the cursor, as bash splits it', () => {
  it('removes quotes and backslashes, keeps the last word as typed and the quote left open', () => {
    expect(splitLine("sample 'el cielo' es\\ x")).toEqual({
      words: ['sample', 'el cielo', 'es x'],
      raw: 'es\\ x',
      quote: '',
    });
    expect(splitLine(`sample "a\\$b\\q" 'c`)).toEqual({ words: ['sample', 'a$b\\q', 'c'], raw: "'c", quote: "'" });
    expect(splitLine('sample a"b c')).toEqual({ words: ['sample', 'ab c'], raw: 'a"b c', quote: '"' });
  });

  it('ends in an empty word after a blank, and a dangling backslash is nothing yet', () => {
    expect(splitLine('sample el ')).toEqual({ words: ['sample', 'el', ''], raw: '', quote: '' });
    expect(splitLine('sample ci\\')).toEqual({ words: ['sample', 'ci'], raw: 'ci\\', quote: '' });
  });
});

describe('quoted: a text as bash reads it back, within the word’s quote', () => {
  it('escapes what bash treats specially when unquoted, and nothing else', () => {
    expect(quoted('ci*;$(x)`y`', '')).toBe('ci\\*\\;\\$\\(x\\)\\`y\\`');
    expect(quoted("frío-1.5:a=b,c@d%e+f/g'h", '')).toBe("frío-1.5:a=b,c@d%e+f/g\\'h");
  });

  it('within single quotes only the quote itself, and within double quotes $ ` " \\ and !', () => {
    expect(quoted("a'b$c", "'")).toBe("a'\\''b$c");
    expect(quoted('a$b`c"d\\e!f', '"')).toBe(`a\\$b\\\`c\\"d\\\\e"'!'"f`);
  });
});

/** A command with --vocab only, for completing tokens in-process. */
const vocabCommand = (): Command => new Command('sample').option('--vocab <file>').option('--html <file>');

describe('complete and bashReplies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sample-complete-'));
  const vocab = join(dir, 'vocab.json');
  writeFileSync(vocab, JSON.stringify({ 'ci*': 1, cielo: 2, 'a:b': 3, 'x=y': 4, 'bad\nline': 5 }));
  mkdirSync(join(dir, 'a folder'));
  writeFileSync(join(dir, 'a folder', 'v.json'), '{}');

  it('offers the tokens of --vocab PATH and --vocab=PATH alike, never a line break', () => {
    expect(complete(vocabCommand(), 3, ['sample', '--vocab', vocab, 'ci'])).toEqual(['ci*', 'cielo']);
    expect(complete(vocabCommand(), 2, ['sample', `--vocab=${vocab}`, 'ci'])).toEqual(['ci*', 'cielo']);
    expect(complete(vocabCommand(), 3, ['sample', '--vocab', vocab, 'bad'])).toEqual([]);
  });

  it('bash: each reply replaces readline’s word, after a colon too, quoted as the word is', () => {
    const line = (typed: string) => `sample --vocab ${vocab} ${typed}`;
    expect(bashReplies(vocabCommand(), 'ci', line('ci'))).toEqual(['ci\\*', 'cielo']);
    expect(bashReplies(vocabCommand(), 'ci', line("'ci"))).toEqual(['ci*', 'cielo']);
    // readline's word starts after the colon, and is the rest of the token.
    expect(bashReplies(vocabCommand(), '', line('a:'))).toEqual(['b']);
    expect(bashReplies(vocabCommand(), 'y', line('x=y'))).toEqual(['y']);
  });

  it('bash: paths after a file option, with spaces, after =, and under ~ as typed', () => {
    const at = `sample --html ${dir}/a`;
    expect(bashReplies(vocabCommand(), `${dir}/a`, at)).toEqual([`${quoted(dir, '')}/a\\ folder/`]);
    expect(bashReplies(vocabCommand(), 'x', `sample --html="${dir}/a folder/`)).toEqual([]);
    expect(bashReplies(vocabCommand(), `${dir}/a folder/`, `sample --html="${dir}/a folder/`)).toEqual([
      `${dir}/a folder/v.json`,
    ]);
    const home = readdirSync(homedir()).filter((entry) => !entry.startsWith('.'));
    expect(bashReplies(vocabCommand(), '~/', 'sample --html ~/').length).toBe(home.length);
    for (const reply of bashReplies(vocabCommand(), '~/', 'sample --html ~/')) expect(reply).toMatch(/^~\//);
  });
});

/** Invisible characters a hostile vocabulary may hold: a token with one is never offered. */
const INVISIBLE = ['\u00ad', '\u200b', '\u115f', '\u202e', '\ud800', '\n'];

/**
 * Characters that bash reads specially, some that it does not, and invisible ones: the tokens of a
 * hostile vocabulary are made of them.
 */
const hostile = fc.string({
  unit: fc.constantFrom(
    ...';&|<>()$`\\"\'*?[]{}~#!:=,%^@ -',
    'a',
    'b',
    'é',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's ${IFS}, which a token may hold
    '${IFS}',
    '$(touch P)',
    '`touch P`',
    ...INVISIBLE,
  ),
  minLength: 1,
  maxLength: 8,
});

/** How a user may have typed the start of a token before pressing Tab. */
type Typing = 'escaped' | 'single' | 'double';

/** The prefix typed, and readline's word: after an open quote, or after the last unquoted : or =. */
function typedPrefix(prefix: string, typing: Typing): { line: string; word: string } {
  const after = (line: string, start: number) => ({ line, word: line.slice(start + 1) });
  if (typing === 'single') {
    const line = `'${quoted(prefix, "'")}`;
    return after(line, line.lastIndexOf("'"));
  }
  if (typing === 'double') {
    // The last quote that no backslash escapes opens the word.
    const line = `"${quoted(prefix, '"')}`;
    return after(line, Math.max(...[...line.matchAll(/(?<!\\)(?:\\\\)*"/g)].map((m) => m.index + m[0].length - 1)));
  }
  const line = quoted(prefix, '');
  return after(line, Math.max(line.lastIndexOf(':'), line.lastIndexOf('=')));
}

describe('fuzzing bash completion with hostile vocabularies', () => {
  it('every reply, put in place of readline’s word, reads back in bash as the token, one argument, running nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-hostile-'));
    // Files a glob in a reply would match, were it left unquoted.
    for (const name of ['a1', 'ab', 'b-x', 'é']) writeFileSync(join(dir, name), '');
    const cases = fc.sample(
      fc.record({
        tokens: fc.uniqueArray(hostile, { minLength: 1, maxLength: 6 }),
        pick: fc.nat(),
        cut: fc.nat(),
        typing: fc.constantFrom<Typing>('escaped', 'single', 'double'),
      }),
      { numRuns: 150, seed: 17 },
    );
    const lines: string[] = [];
    const expected: string[][] = [];
    cases.forEach(({ tokens, pick, cut, typing }, i) => {
      const vocab = join(dir, `vocab-${i}.json`);
      writeFileSync(vocab, JSON.stringify(Object.fromEntries(tokens.map((t, id) => [t, id + 1]))));
      const token = tokens[pick % tokens.length];
      // What a user types: the start of the token, up to its first invisible character.
      const visible = token.slice(0, token.search(UNSAFE) === -1 ? undefined : token.search(UNSAFE));
      const prefix = visible.slice(0, cut % (visible.length + 1));
      const typed = typedPrefix(prefix, typing);
      // A token that starts with a dash comes after the end of the options.
      const end = token.startsWith('-') ? '-- ' : '';
      const line = `sample --vocab ${vocab} ${end}${typed.line}`;
      const replies = bashReplies(vocabCommand(), typed.word, line);
      const matching = tokens.filter((t) => t.startsWith(prefix) && !t.match(UNSAFE));
      expect(replies).toHaveLength(matching.length);
      // Each reply in its turn, as if it were the only one: readline then closes the quote.
      const close = typing === 'escaped' ? '' : typing === 'single' ? "'" : '"';
      for (const [j, reply] of replies.entries()) {
        lines.push(`f ${line.slice(0, line.length - typed.word.length)}${reply}${close}`);
        expected.push(['sample', '--vocab', vocab, ...(end ? ['--'] : []), matching[j]]);
      }
    });
    expect(lines.length).toBeGreaterThan(100);
    const script = `f() { printf '%s\\0' "$#" "$@"; printf '\\n'; }\n${lines.join('\n')}\n`;
    const out = execFileSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
    const got = out
      .split('\n')
      .slice(0, -1)
      .map((record) => record.split('\0').slice(1, -1));
    expect(got).toEqual(expected);
    expect(readdirSync(dir).filter((name) => name === 'P')).toEqual([]);
  });
});
