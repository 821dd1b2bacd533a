import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { readVocabulary } from '../entries.js';
import { UNSAFE, usageError } from '../errors.js';
import { bundledModelPaths, readVocabText } from '../load.js';
import { optionNamed, shownFlags } from './flags.js';
import { quoted, splitLine } from './shell-line.js';

/** Options whose argument is a path. */
const FILE_OPTIONS = ['--vocab', '--weights', '--settings', '--html'];

/**
 * zsh's script uses compdef, which compinit defines: a shell that has not loaded it (zsh -f, a bare
 * .zshrc) gets it loaded here, ignoring insecure directories silently rather than asking.
 */
const ZSH_PRELUDE = '(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -i; }\n';

/**
 * The completion script for a shell. Each asks the CLI itself for its candidates, so that options,
 * choices and the vocabulary's tokens come from the same parser a run uses.
 * - bash hands over its line, and gets back each candidate already quoted for the word readline
 *   replaces (COMP_WORDS would have split `a:b` and `--vocab=x`, and kept the quotes in `'ci`). The
 *   replies are read line by line, so nothing in them is split or matched against files.
 * - zsh and fish hand over their words unquoted, and quote what they insert themselves.
 */
export function completionScript(shell: string): string {
  const files = FILE_OPTIONS.join('|');
  switch (shell) {
    case 'bash':
      return `_sample() {
  local reply
  COMPREPLY=()
  while IFS= read -r reply; do COMPREPLY+=("$reply"); done < <(sample __complete-bash "$2" "\${COMP_LINE:0:COMP_POINT}" 2>/dev/null)
  # A folder goes on: no space after it.
  [[ \${#COMPREPLY[@]} == 1 && \${COMPREPLY[0]} == */ ]] && compopt -o nospace
  return 0
}
complete -F _sample sample
`;
    case 'zsh':
      return `${ZSH_PRELUDE}_sample() {
  case \${words[CURRENT-1]} in
    ${files}) _files; return ;;
  esac
  if compset -P '(${files})='; then _files; return; fi
  local -a replies
  replies=( \${(f)"$(sample __complete $((CURRENT - 1)) "\${(@Q)words[1,CURRENT-1]}" "\${(Q)PREFIX}" 2>/dev/null)"} )
  compadd -a replies
}
compdef _sample sample
`;
    case 'fish':
      return `${FILE_OPTIONS.map((o) => `complete -c sample -l ${o.slice(2)} -r -F`).join('\n')}
complete -c sample -f -a '(set -l w (commandline -opc) (commandline -ct | string unescape); sample __complete (math (count $w) - 1) $w 2>/dev/null)'
`;
    default:
      throw usageError((m) => m.shellUnknown(JSON.stringify(shell)));
  }
}

/** What can complete a word: values for it whole, and whether they are paths. */
interface Completions {
  values: string[];
  paths: boolean;
}

/** The candidates for word `cword` of `words` (words[0] is the command), each a whole word. */
export function complete(command: Command, cword: number, words: readonly string[]): string[] {
  return completions(command, cword, words).values;
}

function completions(command: Command, cword: number, words: readonly string[]): Completions {
  const current = words[cword] ?? '';
  const starting = (candidates: readonly string[]): Completions => ({
    values: candidates.filter((c) => c.startsWith(current) && !c.match(UNSAFE)),
    paths: false,
  });
  const previous = optionNamed(command, words[cword - 1]);
  if (previous?.required) return valuesOf(previous, current);
  const assigned = /^(--[^=]+)=(.*)$/s.exec(current);
  const option = assigned && optionNamed(command, assigned[1]);
  if (assigned && option?.required) {
    const { values, paths } = valuesOf(option, assigned[2]);
    return { values: values.map((v) => `${assigned[1]}=${v}`), paths };
  }
  const options = !words.slice(1, cword).includes('--');
  if (options && current.startsWith('-')) return starting(shownFlags(command));
  return starting(tokensOf(vocabularyPath(words.slice(0, cword))));

  function valuesOf(option: Option, value: string): Completions {
    if (option.long && FILE_OPTIONS.includes(option.long)) return { values: pathsFrom(value), paths: true };
    return { values: (option.argChoices ?? []).filter((c) => c.startsWith(value)), paths: false };
  }
}

/** The last --vocab given before the word, as `--vocab PATH` or `--vocab=PATH`. */
function vocabularyPath(words: readonly string[]): string {
  let path = bundledModelPaths.vocab;
  words.forEach((word, i) => {
    if (word === '--vocab' && i + 1 < words.length) path = words[i + 1];
    else if (word.startsWith('--vocab=')) path = word.slice('--vocab='.length);
  });
  return home(path);
}

/** `~` and `~/…` as the shell expands them, for a path the shell handed over unexpanded. */
const home = (path: string): string => (path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path);

/**
 * The entries of the folder a partial path is in whose names continue it, spelled as it was typed
 * (`~/` stays); folders end in `/`. Hidden ones only when the name starts with a dot, as in bash.
 */
function pathsFrom(partial: string): string[] {
  const slash = partial.lastIndexOf('/');
  const [folder, name] = [partial.slice(0, slash + 1), partial.slice(slash + 1)];
  const where = home(folder === '' ? '.' : folder);
  try {
    return readdirSync(where)
      .filter((entry) => entry.startsWith(name) && (name.startsWith('.') || !entry.startsWith('.')))
      .filter((entry) => !entry.match(UNSAFE))
      .sort()
      .map((entry) => folder + entry + (isFolder(join(where, entry)) ? '/' : ''));
  } catch {
    return [];
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * bash's replies for readline's word `word`, on the line up to the cursor: each candidate for the
 * line's last word, less what comes before readline's word (readline starts it after a `:` or `=`),
 * quoted as that word is. A path's leading `~` stays unquoted, as typed, so that bash expands it.
 */
export function bashReplies(command: Command, word: string, line: string): string[] {
  const { words, raw, quote } = splitLine(line);
  if (!raw.endsWith(word)) return [];
  const before = splitLine(raw.slice(0, raw.length - word.length)).words.at(-1) ?? '';
  const { values, paths } = completions(command, words.length - 1, words);
  const tilde = paths && before === '' && quote === '' && raw.startsWith('~') ? '~' : '';
  return values.map((value) => tilde + quoted(value.slice(before.length + tilde.length), quote));
}

/**
 * The vocabulary's tokens, without validating the model: completion must answer fast. The file is
 * read as loading reads it, so a device (/dev/zero) or a huge file ends in no candidates, not a hang,
 * and its keys are taken by the loader's fast reader, without the object JSON.parse would build
 * (JSON.parse reads what the fast reader leaves, such as escapes).
 */
function tokensOf(path: string): string[] {
  try {
    const text = readVocabText(path);
    return readVocabulary(text)?.keys ?? Object.keys(JSON.parse(text));
  } catch {
    return [];
  }
}
