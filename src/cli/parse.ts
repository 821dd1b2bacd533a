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

const DECIMAL = /^[+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A finite decimal number in [min, max], or (min, max] with openMin. */
export function decimal(min: number, max: number, { openMin = false } = {}): (value: string) => number {
  const range = max === Infinity ? `a number ≥ ${min}` : `a number with ${min} ${openMin ? '<' : '≤'} value ≤ ${max}`;
  return (value) => {
    const number = Number(value);
    if (
      !DECIMAL.test(value) ||
      !Number.isFinite(number) ||
      number < min ||
      (openMin && number === min) ||
      number > max
    ) {
      throw new InvalidArgumentError(`It must be ${range}.`);
    }
    return number;
  };
}
