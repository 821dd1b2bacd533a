/**
 * A .npy's vocabulary read straight from the text of its file: a tokenizer.json's model.vocab and
 * added_tokens, or a plain {token: id} object. JSON.parse of a tokenizer.json builds its merges,
 * half the file, only to drop them, and an object of 128,000 keys only for the loader to walk it
 * again; this scanner skips what it does not need and reads the pairs as it goes. It follows
 * JSON's grammar strictly and gives up (undefined) on anything it does not expect: invalid JSON, a
 * key given twice, a vocabulary that is a list or holds other values. The caller then parses with
 * JSON.parse, the reference, which tests compare it with.
 */

import { skipSpace } from './entries.js';
import { freshSeed, hashEnd, hashOf, hashStart, hashStep, TokenIndex } from './token-index.js';

/** The vocabulary's tokens and ids in the file's order: model.vocab's, then added_tokens' objects. */
export interface VocabPairs {
  readonly tokens: string[];
  readonly ids: number[];
  /** Whether the file is a tokenizer.json (its vocabulary is model.vocab), not a {token: id} object. */
  readonly tokenizer: boolean;
  /** added_tokens, as JSON.parse reads it: a few dozen objects, not worth a reader of their own. */
  readonly added?: unknown;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class GiveUp extends Error {}

/**
 * A vocabulary's pairs as the scanner reads them, each token with its hash (hashOf under the
 * scanner's seed), taken as its characters were read: the check that no token comes twice then
 * reads no string again, where a Set of 128,256 tokens hashed them all anew (a tenth of a load).
 */
class Pairs {
  readonly tokens: string[] = [];
  readonly ids: number[] = [];
  private readonly hashes: number[] = [];

  add(token: string, hash: number, id: number): void {
    this.tokens.push(token);
    this.hashes.push(hash);
    this.ids.push(id);
  }

  /** The pairs, unless a token is given twice: JSON.parse keeps only the last of a key, and the reference decides. */
  unique(seed: number): { tokens: string[]; ids: number[] } {
    const index = new TokenIndex(this.tokens, seed);
    for (let p = 0; p < this.tokens.length; p++) if (index.insert(p, this.hashes[p]) !== -1) throw new GiveUp();
    return { tokens: this.tokens, ids: this.ids };
  }
}

/** The pairs of a vocabulary file's text; undefined where JSON.parse must decide. */
export function readVocabPairs(text: string): VocabPairs | undefined {
  try {
    return new Scanner(text).file();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class Scanner {
  private at = 0;
  private readonly seed = freshSeed();
  /** The hash of the string read last. */
  private hash = 0;

  constructor(private readonly text: string) {}

  /** The top-level object: a tokenizer.json (with "model") or a {token: id} object. */
  file(): VocabPairs {
    const plain = new Pairs();
    let numbers = true;
    let found: Pairs | undefined;
    let added: unknown;
    let addedSeen = false;
    let models = 0;
    this.object((key) => {
      // A key JSON.parse would keep only the last of: the reference's to read.
      if (key === 'model' && ++models > 1) this.fail();
      if (key === 'added_tokens' && addedSeen) this.fail();
      // model and added_tokens make a tokenizer.json only as an object and a list: GPT-2's
      // vocab.json has a token "model", with its id.
      if (key === 'model' && this.peek() === '{') {
        found = this.model();
      } else if (key === 'added_tokens' && this.peek() === '[') {
        addedSeen = true;
        const from = this.at;
        this.value();
        added = JSON.parse(this.text.slice(from, this.at));
      } else if (/[-\d]/.test(this.peek())) {
        if (key === 'added_tokens') addedSeen = true;
        plain.add(key, this.hash, this.number());
      } else {
        if (key === 'added_tokens') addedSeen = true;
        numbers = false;
        this.value();
      }
    });
    this.space();
    if (this.at !== this.text.length) this.fail();
    if (found !== undefined) return { ...found.unique(this.seed), tokenizer: true, added };
    // Not a tokenizer.json: an object of ids, or something JSON.parse and its reader must name.
    if (!numbers || added !== undefined) this.fail();
    return { ...plain.unique(this.seed), tokenizer: false };
  }

  /** tokenizer.json's model: its vocab object read, everything else skipped. */
  private model(): Pairs {
    let vocab: Pairs | undefined;
    if (this.peek() !== '{') this.fail();
    this.object((key) => {
      if (key !== 'vocab') {
        this.value();
        return;
      }
      // A list (Unigram's [piece, score] pairs) or a second vocab: the reference's to read.
      if (vocab !== undefined || this.peek() !== '{') this.fail();
      const pairs = new Pairs();
      this.object((token) => pairs.add(token, this.hash, this.number()));
      vocab = pairs;
    });
    if (vocab === undefined) this.fail();
    return vocab as Pairs;
  }

  private fail(): never {
    throw new GiveUp();
  }

  private peek(): string {
    this.space();
    return this.text[this.at] ?? '';
  }

  /** skipSpace's loop: a sticky regular expression, called some 400,000 times in a tokenizer.json, costs more. */
  private space(): void {
    this.at = skipSpace(this.text, this.at);
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail();
    this.at++;
  }

  /** An object, each key handed to `member`, which reads or skips its value. */
  private object(member: (key: string) => void): void {
    this.expect('{');
    if (this.peek() === '}') {
      this.at++;
      return;
    }
    for (;;) {
      if (this.peek() !== '"') this.fail();
      const key = this.string();
      this.expect(':');
      member(key);
      const next = this.peek();
      this.at++;
      if (next === '}') return;
      if (next !== ',') this.fail();
    }
  }

  /**
   * A string, as JSON.parse reads it: sliced when it holds no escape, else decoded by JSON.parse;
   * its hash goes to `hash`. A string inside a value that is skipped (`kept` false: the merges,
   * half of a tokenizer.json) is only checked, neither hashed nor made.
   */
  private string(kept = true): string {
    const start = this.at++;
    const { text } = this;
    let escaped = false;
    let hash = hashStart(this.seed);
    for (;;) {
      const code = text.charCodeAt(this.at);
      if (Number.isNaN(code) || code < 0x20) this.fail();
      if (code === 0x22) break;
      if (kept) hash = hashStep(hash, code);
      if (code === 0x5c) {
        escaped = true;
        const next = text[this.at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.at + 2, this.at + 6))) this.fail();
          this.at += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail();
        this.at += 2;
        continue;
      }
      this.at++;
    }
    this.at++;
    if (!kept) return '';
    if (!escaped) {
      this.hash = hashEnd(hash);
      return text.slice(start + 1, this.at - 1);
    }
    const decoded = JSON.parse(text.slice(start, this.at)) as string;
    this.hash = hashOf(decoded, 0, decoded.length, this.seed);
    return decoded;
  }

  private number(): number {
    this.space();
    // An id: a few digits, read as they come; anything else, by JSON's grammar.
    const { text } = this;
    let at = this.at;
    let id = 0;
    let code = text.charCodeAt(at);
    if (code > 0x30 && code <= 0x39) {
      while (code >= 0x30 && code <= 0x39 && at - this.at < 15) {
        id = 10 * id + (code - 0x30);
        code = text.charCodeAt(++at);
      }
      if (code !== 0x2e && code !== 0x65 && code !== 0x45 && !(code >= 0x30 && code <= 0x39)) {
        this.at = at;
        return id;
      }
    }
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail();
    this.at = NUMBER.lastIndex;
    return Number(match[0]);
  }

  /** Any value, skipped: nested lists and objects by a stack, so that no depth can overflow. */
  private value(): void {
    const closers: string[] = [];
    for (;;) {
      const char = this.peek();
      if (char === '{' || char === '[') {
        this.at++;
        closers.push(char === '{' ? '}' : ']');
        if (this.peek() === closers[closers.length - 1]) {
          this.at++;
          closers.pop();
        } else {
          if (char === '{') this.key();
          continue;
        }
      } else if (char === '"') {
        this.string(false);
      } else if (char === 't' || char === 'f' || char === 'n') {
        const word = char === 't' ? 'true' : char === 'f' ? 'false' : 'null';
        if (!this.text.startsWith(word, this.at)) this.fail();
        this.at += word.length;
      } else {
        this.number();
      }
      // After a value: the end of what holds it, or the next member.
      for (;;) {
        if (closers.length === 0) return;
        const next = this.peek();
        this.at++;
        if (next === closers[closers.length - 1]) {
          closers.pop();
          continue;
        }
        if (next !== ',') this.fail();
        if (closers[closers.length - 1] === '}') this.key();
        break;
      }
    }
  }

  /** An object's key and its colon, inside a skipped value. */
  private key(): void {
    if (this.peek() !== '"') this.fail();
    this.string(false);
    this.expect(':');
  }
}
