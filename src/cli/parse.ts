import { InvalidArgumentError } from 'commander';

/** Option-argument parsers for commander: each returns the value or says what a valid one looks like. */

export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min) {
      throw new InvalidArgumentError(`It must be a whole number ≥ ${min}.`);
    }
    return number;
  };
}
