import type { Command, Option } from 'commander';

/** The option a command-line word names, by its long or short flag. */
export const optionNamed = (command: Command, word: string | undefined): Option | undefined =>
  command.options.find((o) => o.long === word || o.short === word);

/** The long flags --help shows, for completion and did-you-mean. */
export const shownFlags = (command: Command): string[] =>
  command.options.flatMap((o) => (o.hidden || !o.long ? [] : [o.long]));
