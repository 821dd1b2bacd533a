import type { Command, Option } from 'commander';
import { readVocabulary } from '../entries.js';
import { usageError } from '../errors.js';
import { bundledModelPaths, readVocabText } from '../load.js';

/** Options whose argument is a file: the shell completes paths for them itself. */
const FILE_OPTIONS = ['--vocab', '--weights'];

/**
 * zsh runs the bash script through bashcompinit, which needs compdef: a shell that has not loaded
 * compinit (zsh -f, a bare .zshrc) gets it loaded here, ignoring insecure directories silently
 * rather than asking.
 */
const ZSH_PRELUDE = `(( $+functions[compdef] )) || { autoload -Uz compinit && compinit -i; }
autoload -U +X bashcompinit && bashcompinit
`;

/**
 * The completion script for a shell. Each asks `sample __complete CWORD WORDS…` for its
 * candidates, so that options, choices and the vocabulary's tokens come from the CLI itself.
 */
export function completionScript(shell: string): string {
  const files = FILE_OPTIONS.join('|');
  switch (shell) {
    case 'bash':
    case 'zsh':
      return `${shell === 'zsh' ? ZSH_PRELUDE : ''}_sample() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    ${files}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
  esac
  local IFS=$'\\n'
  COMPREPLY=( $(sample __complete "$COMP_CWORD" "\${COMP_WORDS[@]}" 2>/dev/null) )
}
complete -F _sample sample
`;
    case 'fish':
      return `${FILE_OPTIONS.map((o) => `complete -c sample -l ${o.slice(2)} -r -F`).join('\n')}
complete -c sample -f -a '(set -l w (commandline -opc) (commandline -ct); sample __complete (math (count $w) - 1) $w 2>/dev/null)'
`;
    default:
      throw usageError((m) => m.shellUnknown(JSON.stringify(shell)));
  }
}

/** The candidates for word `cword` of `words` (words[0] is the command): one per line. */
export function complete(command: Command, cword: number, words: readonly string[]): string[] {
  const current = words[cword] ?? '';
  const previous = options(command, words[cword - 1]);
  const starting = (candidates: readonly string[]): string[] => candidates.filter((c) => c.startsWith(current));
  if (previous?.required) return starting(previous.argChoices ?? []);
  if (current.startsWith('-')) return starting(command.options.flatMap((o) => (o.hidden ? [] : [o.long ?? ''])));
  const vocab = words.findIndex((w, i) => w === '--vocab' && i < cword);
  return starting(tokensOf(vocab === -1 ? bundledModelPaths.vocab : words[vocab + 1]));
}

function options(command: Command, word: string | undefined): Option | undefined {
  return command.options.find((o) => o.long === word || o.short === word);
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
