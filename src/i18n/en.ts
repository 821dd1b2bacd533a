import { type Lang, plural } from './lang.js';

/**
 * Every message sample writes for a person, in English: the reference catalogue. Its shape is the
 * type of every other (es.ts), so a message missing there fails the typecheck. Parameters arrive
 * formatted (quoted, escaped, coloured) by the caller; numbers keep the decimal point in both.
 */
export const en = {
  lang: 'en' as Lang,

  // Files and their shapes.
  file: (kind: 'vocabulary' | 'weights' | 'settings' | 'capture', path: string) => `the ${kind} file ${path}`,
  passFile: (option: string) => `pass a readable JSON file with ${option}`,
  emptyPath: (option: string) => `${option} needs a file path, not an empty one`,
  notRegular: (file: string, kind: 'directory' | 'fifo' | 'device' | 'socket' | 'other', fix: string) =>
    `${file} is ${{ directory: 'a directory', fifo: 'a FIFO', device: 'a device', socket: 'a socket', other: 'not a file' }[kind]}, not a regular file; ${fix}`,
  tooLarge: (file: string, size: string, limit: number, fix: string) =>
    `${file} is ${size} MiB, over the limit of ${limit} MiB; ${fix}`,
  cannotRead: (file: string, reason: string, fix: string) => `cannot read ${file}: ${reason}; ${fix}`,
  utf16: (file: string) => `${file} is UTF-16 text; save it as UTF-8`,
  stdinUtf16: (line: number) =>
    `line ${line} of stdin is UTF-16 text (it holds NUL bytes or a UTF-16 byte-order mark); give UTF-8, as iconv -f UTF-16 -t UTF-8 makes it`,
  stdinNotUtf8: (line: number) =>
    `line ${line} of stdin is not UTF-8 text; give UTF-8, as iconv -f LATIN1 -t UTF-8 makes it from Latin-1`,
  notUtf8: (file: string, fix: string) => `${file} is not UTF-8 text (it looks binary); ${fix}`,
  reason: (code: string): string =>
    ({
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EISDIR: 'it is a directory',
      ENOTDIR: 'a part of the path is not a directory',
      ELOOP: 'too many symbolic links (a loop?)',
      ENAMETOOLONG: 'the path is too long',
      EMFILE: 'too many open files',
      EIO: 'an input/output error',
      ENOSPC: 'no space left on the device',
      EFBIG: 'the file is too large',
      EBADF: 'the stream is closed',
      EROFS: 'the file system is read-only',
    })[code] ?? 'the system refused',
  invalidJson: (source: string, at: { line: number; column: number }, found: string | undefined) =>
    `${source}: invalid JSON at line ${at.line}, column ${at.column}: ${found === undefined ? 'the text ends before the JSON does' : `${found} cannot stand there`}; check the quotes, commas and brackets before it`,
  duplicateKey: (source: string, key: string) =>
    `${source}: the key ${key} appears twice in one object; JSON keeps only the last, so remove one`,
  vocabNotObject: (source: string) =>
    `${source}: the vocabulary must be a JSON object mapping each token to its id, like {"azul": 227}`,
  weightsShape: (source: string) =>
    `${source}: the weights must be an object {"f1": [one weight per context position], "f2": {"token": weight, …}}`,
  idOverflow: (source: string, token: string, value: number) =>
    `${source}: the id of ${token} is too large for a number (it overflows to ${value}); ids must be whole numbers from 0 to 2^53 − 1`,
  idInvalid: (source: string, token: string, id: string) =>
    `${source}: the id of ${token} is ${id}; ids must be whole numbers ≥ 0`,
  vocabEmpty: (source: string) => `${source}: the vocabulary is empty; it needs at least one token`,
  sharedId: (source: string, a: string, b: string, id: number) =>
    `${source}: tokens ${a} and ${b} share the id ${id}; ids must be unique`,
  sameAfterNfc: (source: string, a: string, b: string) =>
    `${source}: tokens ${a} and ${b} are the same after NFC normalisation; keep one`,
  tokenEmpty: (source: string) => `${source}: a token is empty; every token needs at least one character`,
  tokenUnsafe: (source: string, token: string, code: string) =>
    `${source}: token ${token} holds the invisible or control character ${code}; tokens must be visible text, so remove it`,
  tokenJoins: (source: string, token: string, code: string) =>
    `${source}: token ${token} starts with the combining mark ${code}, which would join the text before it; start it with a letter`,
  tokenWhitespace: (source: string, token: string) =>
    `${source}: token ${token} holds whitespace; phrases are split on whitespace, so it could never be typed`,
  weightNotNumber: (source: string, where: string, value: string) =>
    `${source}: ${where} is ${value}; weights must be numbers`,
  weightOverflow: (source: string, where: string, value: number) =>
    `${source}: ${where} is too large for a number (it overflows to ${value}); use a finite weight`,
  f1Empty: (source: string) => `${source}: f1 is empty; it needs one weight per context position`,
  f2Unknown: (source: string, token: string) =>
    `${source}: f2 has a weight for ${token}, which the vocabulary lacks; remove it or add the token to the vocabulary`,
  f2Twice: (source: string, token: string) => `${source}: f2 names ${token} twice after NFC normalisation; keep one`,
  f2Missing: (source: string, token: string) =>
    `${source}: f2 has no weight for ${token}; it needs one weight per token`,

  // Phrases and tokens.
  phraseNotString: (type: string) => `the phrase must be a string of words; got ${type}`,
  atPosition: (n: number) => `at position ${n}`,
  inOption: (option: string) => `in ${option}`,
  unknownToken: (word: string, where: string, suggestion: string | undefined, known: string[] | number) =>
    `unknown token ${word} ${where}${suggestion === undefined ? '.' : `; did you mean ${suggestion}?`}${
      typeof known === 'number' ? ` The vocabulary has ${known} tokens.` : ` Known tokens: ${known.join(', ')}.`
    }`,
  shortPhrase: (n: number, size: number) =>
    `the phrase has ${n} ${plural('en', n, 'token', 'tokens')}, but the model needs ${size} (f1 has ${size} weights); give at least ${size} tokens`,

  // Options, as the library checks them.
  optionInvalid: (flag: string, expects: string, got: string) => `--${flag} must be ${expects}; got ${got}`,
  normInvalid: (got: string) => `--norm must be sum or softmax; got ${got}`,
  greedyInvalid: (got: string) => `greedy must be true or false; got ${got}`,
  minKeepInvalid: (got: string) => `--min-keep must be a whole number ≥ 0; got ${got}`,
  samplersInvalid: (got: string) => `--samplers must list stage names; got ${got}`,
  samplersTwice: () => '--samplers lists a stage twice; list each stage once',
  unknownStage: (word: string, presets: string, names: string) =>
    `--samplers: unknown stage ${word}; use a preset (${presets}) or names from: ${names}`,
  stageTwice: (name: string) => `--samplers: ${name} is listed twice; list each stage once`,
  unknownLetter: (letter: string, letters: string) =>
    `--sampler-seq: no sampler has the letter ${letter}; use llama.cpp's letters ${letters}, or --samplers with names`,
  aliasesHelp: (aliases: string) => `llama.cpp's spellings work too: ${aliases}.`,
  capturedLength: () =>
    'a captured distribution has no model to continue with: -t must be 1; use --at to pick another position of the capture',
  captureTooLarge: (limit: number) => `the capture on stdin is over the limit of ${limit} MiB; give a smaller one`,
  captureStdin: () => 'the capture on stdin',
  captureEmpty: (source: string) => `${source} holds no position to run; give a capture of at least one token`,
  atInvalid: (got: string) => `--at must be a position from 1, or all; got ${got}`,
  atRange: (source: string, n: number, count: number) =>
    `--at ${n}: ${source} holds ${count} position${count === 1 ? '' : 's'}; give --at from 1 to ${count}, or all`,
  logitsPhrase: () =>
    '--logits runs the capture’s own positions, after its prompt: leave the phrase out (use --at to pick a position)',
  captureNorm: () =>
    '--norm sum divides positive scores by their sum, and a capture holds (log-)probabilities or logits: leave --norm out, softmax renormalises them',
  vocabIdTwice: (source: string, id: number, first: string, second: string) =>
    `${source}: id ${id} names both ${first} and ${second}; give each id one token`,
  npyHeader: (source: string, what: string) =>
    `${source}: a .npy sample cannot read (${what}); save float16, float32 or float64 logits, 1-D or 2-D in C order, with numpy.save`,
  npySize: (source: string, columns: number, vocab: string, tokens: number) =>
    `${source} holds ${columns} logits per position, and the vocabulary ${vocab} ${tokens} tokens; give --vocab the vocabulary the logits are of`,
  captureNone: (source: string) =>
    `${source} is no capture sample reads; give --logits a llama.cpp /completion response with n_probs, an OpenAI chat or completions response with logprobs, an Ollama response with logprobs, a {token: value} map, or [prompt, map] pairs`,
  captureExpects: {
    id: 'a token id, a whole number ≥ 0',
    list: 'a list',
    object: 'an object',
    string: 'a string',
    number: 'a number',
    prob: 'a probability in [0, 1]',
    logprob: 'a log-probability, a number ≤ 0',
    logit: 'a finite logit',
  },
  captureField: (source: string, path: string, expects: string, got: string) =>
    `${source}: ${path} must be ${expects}, not ${got}; fix the capture`,
  captureTwice: (source: string, path: string, token: string) =>
    `${source}: ${path} lists ${token} a second time; a list names each token once`,
  captureOverOne: (source: string, path: string, total: number) =>
    `${source}: the probabilities of ${path} sum to ${total}, over 1; give a token's probability, not a count`,
  settingsNone: (source: string, formats: string) =>
    `${source} holds no settings sample reads; give --settings a JSON object from one of: ${formats}`,
  settingsKind: {
    number: 'a number',
    boolean: 'true or false',
    list: 'a list',
    text: 'a string',
    id: 'a token id (a whole number ≥ 0)',
    biases: 'an object of token ids to biases, or a list of [token, bias] pairs',
  },
  settingsType: (source: string, key: string, expects: string, got: string) =>
    `${source}: ${key} must be ${expects}, not ${got}; fix the file`,
  settingsValue: (source: string, key: string, got: string, flag: string, reason: string) =>
    `${source}: ${key} is ${got}, which ${flag} refuses: ${reason}; fix the file, or type ${flag} to override it`,
  settingsUnknown: (source: string, key: string) => `${source}: unknown key ${key}, left out`,
  settingsUnused: (source: string, key: string, why: string) => `${source}: ${key} is left out: ${why}`,
  settingsRead: (source: string, format: string, typed: string) =>
    `settings: ${source} read as ${format}: ${typed === '' ? 'nothing to apply' : typed}`,
  noStage: (presets: string, names: string) =>
    `--samplers: no stage named; use a preset (${presets}) or names from: ${names}`,
  biasTwice: (token: string) => `--logit-bias names ${token} twice; give each token one bias`,
  countInvalid: (got: string) => `the count must be a whole number ≥ 0; got ${got}`,
  lengthInvalid: (max: number, got: string) =>
    `the length (tokens per continuation, -t) must be a whole number from 1 to ${max}; got ${got}`,
  lineTooLong: () =>
    'a line of output would be longer than the longest string JavaScript can hold (about 512 MB); give fewer tokens per continuation with -t',
  phraseInvalid: (max: number) =>
    `the phrase must be token positions, whole numbers from 0 to ${max}, as tokenize returns them`,
  rngNotFunction: () => 'rng must be a function that returns a u in [0, 1), as createRng does',
  rngOutOfRange: (got: string) =>
    `rng returned ${got}, outside [0, 1); it must return a u in [0, 1), as createRng does`,
  optionsNotObject: (got: string) => `the options must be an object of settings, as defaultSampling is; got ${got}`,
  unknownSetting: (key: string, nearest: string | undefined) =>
    `unknown option ${key}${nearest === undefined ? '' : `; did you mean ${nearest}?`} defaultSampling lists the options`,
  windowInvalid: (size: number, max: number) =>
    `the window must be ${size} token positions, whole numbers from 0 to ${max}, as contextWindow returns them`,
  historyInvalid: (max: number) => `the history must be token positions, whole numbers from 0 to ${max}`,
  modelInvalid: () => 'the model must come from loadModel or modelFromJson',
  statesInvalid: (count: number) =>
    `moment.states must hold one state per active stage (${count}), as Sampler.initialStates returns them`,
  probsInvalid: (got: string) => `probs must be a distribution, finite numbers ≥ 0 that sum to 1; got ${got}`,
  logitsInvalid: (count: number) =>
    `moment.logits must hold ${count} numbers, one per probability, each finite or -Infinity for a ban`,
  stageNeedsModel: (stage: string) => `${stage} names tokens of a model: pass the model to applyStage as moment.model`,
  mustBe: (expects: string) => `It must be ${expects}.`,
  choices: (choices: string) => `Allowed choices are ${choices}.`,
  wholeNumber: (range: string) => `a whole number ${range}`,
  atLeast: (min: number) => `≥ ${min}`,
  fromTo: (min: number, max: number) => `from ${min} to ${max}`,

  // Distributions.
  allBanned: (after: string) => `every token is banned${after}; lift a ban or a penalty so that one token is left`,
  after: (stages: string) => ` after ${stages}`,
  negativeLogit: (token: string, z: string, after: string, stages: string | undefined) =>
    `the logit of ${token} is ${z}${after}, and norm cannot make a probability of a negative logit; use --norm softmax, which takes any logits, or ${
      stages === undefined ? 'make the weights non-negative' : `weaken the ${stages} that made it negative`
    }`,
  processedOverflow: (token: string, z: number, after: string, stages: string) =>
    `the logit of ${token} becomes ${z}${after}; weaken the ${stages} so that it stays a finite number`,
  processedSumOverflow: (after: string, stages: string) =>
    `the logits sum overflows to Infinity${after}; weaken the ${stages}, or use --norm softmax, which takes any finite logits`,
  noneLeft: (after: string) => `no token is left with a logit above 0${after}; lift a ban or weaken a penalty`,
  sumZero: () => 'the logits sum to 0, so norm cannot divide by them; use --norm softmax, or give f2 a positive weight',
  sumOverflow: () => 'the logits sum overflows to Infinity; use smaller ids or weights',
  logitOverflow: (token: string, value: number) =>
    `the logit of ${token} overflows to ${value}; use smaller ids or weights`,

  // The command line.
  onLine: (line: number, message: string) => `line ${line}: ${message}`,
  noPhraseOnStdin: () => 'no phrase on stdin; give one as an argument or as a line of input',
  cannotWrite: (reason: string) => `cannot write the output: ${reason}`,
  internalError: (message: string) => `internal error: ${message} (set SAMPLE_DEBUG=1 for details)`,
  shellUnknown: (shell: string) => `--completion takes bash, zsh or fish; got ${shell}`,
  htmlNeedsFile: () => '--html needs a file name, as in --html sample.html',
  htmlTerminal: () => '--html - would write a whole page to the terminal; give a file name, as in --html sample.html',
  cannotWritePage: (path: string, reason: string) =>
    `cannot write the page to ${path}: ${reason}; give another file name with --html`,
  unknownOption: (option: string, suggestion: string | undefined) =>
    suggestion === undefined
      ? `unknown option '${option}'; a phrase that starts with - goes after --, as in: sample -- "-la frase"`
      : `unknown option '${option}' (Did you mean ${suggestion}?)`,
  missingArgument: (flags: string) => `option '${flags}' argument missing`,
  invalidArgument: (flags: string, value: string, reason: string) =>
    `option '${flags}' argument '${value}' is invalid. ${reason}`,

  // Warnings.
  warning: (text: string) => `warning: ${text}`,
  everySample: (cause: string, only: string) => `${cause}; every sample will be ${only}, whatever the seed`,
  leavesOnly: (label: string, only: string) => `${label} leaves only ${only}`,
  onlyPositive: (only: string) => `only ${only} has a logit above 0`,
  afterOnlyPositive: (labels: string, only: string) => `after ${labels}, only ${only} has a logit above 0`,
  softmaxAll: (only: string, lead: string, scaled: string, t: number, hint: string) =>
    `softmax gives ${only} all the probability: its logit leads the next by ${lead}${t === 1 ? '' : ` (${scaled} after ÷ T)`}, and e^-${scaled} rounds to 0; --temperature ${hint} shows the shape of the distribution`,
  leftOut: (label: string, name: string) =>
    `${label} is set, but --samplers leaves out ${name}, so it does nothing; add ${name} to the list`,
  xtcNote: (name: string, title: string) =>
    `note: --probs shows the distribution as when ${name} fires, which it does only for some tokens (${title})`,
  htmlConflict: (flag: string) =>
    `--html writes the page, whose views and draws are its own, and nothing else, so --${flag} does nothing`,
  htmlFirstLine: () => '--html makes the page of the first line of stdin; the lines after it are not read',
  probsConflict: (flag: string) => `--probs prints the distribution and draws nothing, so --${flag} does nothing`,
  greedyConflict: (flag: string) =>
    `--greedy takes the most probable token, which --${flag} never removes, so --${flag} does nothing`,
  zeroCount: (flag: string) => `-n 0 draws nothing, so --${flag} shows nothing`,
  repeated: (more: number, text: string) =>
    `the same warning held for ${more} more ${plural('en', more, 'line', 'lines')}: ${text}`,

  // --explain.
  explainTitle: (phrase: string) => `explain: how the next token after ${phrase} is chosen`,
  showing: (shown: number, total: number) => `(showing ${shown} of ${total} tokens: the context and the most probable)`,
  tokensTitle: (size: number) =>
    `the vocabulary: tokens and ids; the context window is the last ${size === 1 ? 'token' : `${size} tokens`} of the phrase`,
  f1Title: () => 'f1 weighs the ids of the context: the output of f1',
  f2Title: () => 'f2 multiplies the output of f1 by one weight per token: each token’s score, the logits',
  normTitle: (total: string) => `norm divides each logit by their sum, ${total}`,
  softmaxTitle: (max: string, total: string) =>
    `softmax: exp(z − ${max}) for each logit, divided by their sum, ${total}`,
  softmaxLead: (top: string, next: string, a: string, b: string, gap: string) =>
    `${top} leads ${next} by ${a} − ${b} = ${gap}: softmax turns a gap of ${gap} into a ratio of e^${gap}`,
  changedNothing: () => 'changed nothing',
  removed: (tokens: string) => `removed: ${tokens}; the rest renormalised`,
  removedNothing: () => 'removed nothing',
  bandsTitle: () => 'bands: token i owns [from, to) of [0, 1), in canonical order',
  noBand: () => 'no band',
  drawTitle: () => 'the draw',
  greedyDraw: (token: string) => `greedy: ${token}, the most probable token; no u is drawn`,
  uFalls: (u: string, from: string, to: string, token: string) => `u = ${u} falls in [${from}, ${to}) → ${token}`,
  explainsFirst: (n: number) =>
    `this explains the first of the run's ${n} draws; each of the others falls the same way, from its own u (-f jsonl lists them all)`,
  uMeaning: () =>
    'u is a number between 0 and 1 from the seeded stream; it falls in the band of one token, whose length is that token’s probability',
  normCancels: () =>
    'f1’s output multiplies every logit alike, and norm divides it out: every phrase gives this distribution; under --norm softmax the phrase’s scale matters',
  bannedLeftOut: (tokens: string) => `banned, −∞, left out of the sum: ${tokens}`,
  banned: () => 'banned: −∞, probability 0',
  noDraw: () => 'none: --probs shows the distribution without drawing',

  // --stats and --probs on a terminal.
  statsTitle: (total: number, phrase: string) =>
    `stats: the first new token of ${total} continuation${total === 1 ? '' : 's'} of ${phrase}`,
  pooled: (n: number) => `(${n} token${n === 1 ? '' : 's'} expected fewer than 5 times pooled into one cell)`,
  noTest: () => 'no continuation drawn: nothing to test',
  wrotePage: (path: string, kb: number) => `wrote ${path} (${kb} KB): open it in a browser`,
  tooFew: () =>
    'no chi-square test: too few continuations, as the test needs each token, or each group of rare ones, expected 5 times or more; draw more with -n',
  statsColumns: () => ['token', 'expected', 'observed', 'count'],
  more: (n: number) => `(${n} more)`,
  fit: () => 'the counts fit',
  noFit: () => 'the counts do not fit',
  chiSquare: (statistic: string, df: number, p: string, verdict: string) =>
    `chi-square ${statistic}, ${df} degrees of freedom, p-value ${p}: ${verdict}`,
  probsColumns: () => ['token', 'id', 'logit', 'prob'],
  lineHeading: (line: number) => `line ${line}:`,
  moreTokens: (n: number, mass: string) =>
    `… ${n} more token${n === 1 ? '' : 's'}, with ${mass} of the mass (--top N or --all to show them)`,
  topInvalid: (got: string) => `--top must be a whole number from 1; got ${got}`,
  positionHeading: (position: number) => `position ${position}:`,
  capturedTitle: (position: number, format: string, kind: string) =>
    `the capture's logits at position ${position}: ${format} gives ${kind === 'prob' ? 'probabilities p, here ln p' : kind === 'logprob' ? 'log-probabilities ln p' : 'logits'}; they stand for f1 → f2`,
  captureVerbose: (seed: string, file: string, format: string, kind: string, positions: number, missing: string) =>
    `seed: ${seed}\nlogits: ${file}, read as ${format} (${kind}), ${positions} position${positions === 1 ? '' : 's'}\nmissing mass: ${missing}\n`,
  missingMass: (missing: number, listed: number) =>
    `the list leaves out ${(missing * 100).toPrecision(3)}% of the mass, renormalised over its ${listed} tokens`,
  compareColumns: () => ['token', 'id', 'p 1', 'p 2', 'kept by'],
  compareInvalid: (spec: string, reason: string) => `--compare ${spec}: ${reason}`,
  compareOutside: (spec: string, what: string) =>
    `--compare ${spec}: ${what} is not an option of the chain; give --compare a preset, a stage list, or the chain's options (--samplers, --norm, -T, -k, …)`,
  compareQuote: () => 'a quote is left open; close it',
  compareNeeds: () => '--compare shows two distributions side by side; add --probs or --explain',
  compareParting: (stage: string, chain: number, tokens: string) =>
    `the two chains part at ${stage} in chain ${chain}: it removes ${tokens}, which chain ${3 - chain} keeps`,
  compareProbabilities: (stage: string, chain: number) =>
    `the two chains keep the same tokens; their probabilities part at ${stage} in chain ${chain}`,
  compareSame: () => 'the two chains give the same distribution',
  explainChain: (chain: number, stages: string) => `chain ${chain}: ${stages}`,
  explainStops: (stage: string) => `the chains part here, at ${stage}: the rest of this chain is not shown`,

  // --verbose and the progress line.
  verbose: (seed: string, vocab: string, weights: string) => `seed: ${seed}\nvocab: ${vocab}\nweights: ${weights}\n`,
  progress: (percent: string, done: number, total: number, seconds: number) =>
    `${percent}%  ${done} of ${total}  about ${seconds} s left`,
  progressSoFar: (done: number, seconds: number) => `${done} so far, in ${seconds} s`,

  // --help.
  helpBefore: (): string => `Choose the next token as a language model does: f1 → f2 → norm → a seeded draw.

Examples:
  # ten continuations in the terminal
  sample "el cielo es" -n 10
  # count them with other tools
  sample el cielo es -n 1000 | sort | uniq -c
  # the same ten lines on every run
  sample "el cielo es" -n 10 --seed 42
  # structured output for scripts
  sample "el cielo es" -n 3 -f jsonl | jq -r .text
  # one phrase per line of stdin
  printf 'el cielo es\\nes el cielo\\n' | sample -n 2
  # every number behind one draw, and the distribution without drawing
  sample "el cielo es" --explain
  sample "el cielo es" --probs --norm softmax
  # the post's diagram, live, in a browser
  sample "el cielo es" --html sample.html
`,
  helpAfter: (hf: string, llama: string): string => `
With the phrase - (or none, when stdin is not a terminal) each non-empty line of stdin is a
phrase: -n continuations of each, in input order, all from the one seeded stream.
The json format is the run's receipt: its seed and options reproduce every sample.

The chain runs in the order --samplers gives: hf (the default) is
  ${hf}
llama.cpp is
  ${llama}
Only the stages whose options are set act; the logit processors always act before norm.
--stats counts the first new token of each continuation: all of them come from the
phrase's own distribution, so with -t > 1 the later tokens are not counted.

The language is English unless --lang es, SAMPLE_LANG=es, or a locale that starts with es
(LC_ALL, LC_MESSAGES, LANG, or the system's own where none is set) asks for Spanish.

Exit codes:
  0  success (also when the reader of stdout closes early, as with | head)
  1  bad data: an unknown token, a short phrase, an unreadable or invalid model file
  2  usage: a bad option value, an unknown option, a missing phrase
  130, 143  stopped by SIGINT or SIGTERM`,
  shortUsage: () => `Usage: sample [options] [phrase...]

  sample "el cielo es" -n 10                 ten continuations of the phrase
  sample "el cielo es" --explain             every number behind one draw, step by step
  sample "el cielo es" --html sample.html    the post's diagram, live, in a browser

sample --help lists every option.
`,
  helpLabels: {
    groups: {
      run: 'The draws:',
      chain: 'Norm and the chain’s order:',
      temperature: 'Temperature:',
      truncation: 'Truncation, which tokens stay:',
      penalties: 'Penalties and bans, before norm:',
      extras: 'llama.cpp’s extras:',
      output: 'Output and views:',
      files: 'Files and captures:',
      other: 'Other:',
    },
    usage: 'Usage:',
    options: 'Options:',
    arguments: 'Arguments:',
    default: 'default',
    choices: 'choices',
    optionsWord: '[options]',
    phrase: '[phrase...]',
    /** The options' argument names, in the language's words (an argument not listed keeps its own). */
    placeholders: {
      seed: 'seed',
      file: 'file',
      format: 'format',
      kind: 'kind',
      list: 'list',
      version: 'version',
      'token=bias': 'token=bias',
      token: 'token',
      lang: 'lang',
      shell: 'shell',
      spec: 'spec',
      how: 'how',
    } as Readonly<Record<string, string>>,
  },
  help: {
    phrase: 'the context, as one quoted argument or several words',
    version: 'print the version',
    help: 'print this help',
    format: 'text; jsonl, json or tsv for scripts',
    onlyNew: 'text lines carry only the new tokens, not the phrase',
    probs: 'print the next-token distribution instead of sampling',
    explain: 'show on stderr how the first token is chosen, every number of it',
    stats: 'after sampling, check the counts against the distribution on stderr (chi-square)',
    vocab: 'the vocabulary: a JSON object mapping token → id',
    weights: 'the weights: {"f1": [...], "f2": {token: weight}}',
    compare: 'show a second chain beside this one: a preset, a stage list, or chain options (with --probs, --explain)',
    logits: 'run the chain on a captured distribution (llama.cpp, OpenAI, Ollama, a map; - for stdin)',
    at: 'which position of the capture: a number from 1 (default 1), or all',
    logitsKind: 'what a plain map’s numbers are: prob, logprob or logit (default: as they look)',
    missing: 'a list’s missing mass: renormalise over the listed tokens (default), or rest, one more candidate',
    top: 'with --probs on a terminal: how many of the most probable tokens to show (default: 20)',
    all: 'with --probs on a terminal: show every token',
    settings:
      'read settings as transformers’ generation_config.json, a llama.cpp or OpenAI request writes them; typed options win',
    html: 'write the post’s diagram, live, as one self-contained page (- for stdout)',
    verbose: 'print the seed and the model files on stderr',
    quiet: 'print no warnings and no progress line',
    completion: 'print a completion script for the shell',
    lang: 'the language of messages and views: es or en (default: from the locale)',
  },

  // The page of --html.
  page: {
    title: 'sample: how the next token is chosen',
    intro:
      'The model of Arturo Bermejo’s post “Creatividad y probabilidades”: the phrase’s tokens x₁ x₂ x₃ go into f1, f2 gives each token a score (the logits), norm makes them probabilities, the chain reshapes them, and a seeded draw picks the next token.',
    settings: 'settings',
    phrase: 'phrase',
    sample: 'sample',
    more: (n: number) => `+${n}`,
    moreLabel: (n: number) => `draw ${n} more`,
    seedIs: (seed: string) => `seed ${seed}`,
    newSeed: 'new seed',
    clear: 'clear the draws',
    present: 'present',
    copy: 'copy',
    sameCommand: 'the same on the command line: ',
    find: 'find tokens',
    tokens: (n: number) => `${n} tokens`,
    figureTitle: 'the post’s model, with its numbers',
    figureLabel: (phrase: string) =>
      `the diagram of the model for ${phrase}: the context’s tokens, f1, f2 and its logits, norm, each active stage, the probabilities and the draw`,
    sampling: 'sampling',
    shownOf: (shown: number, total: number, mass: string) =>
      `${shown} of ${total} tokens shown; the other ${total - shown} hold ${mass} of the probability`,
    noDrawYet: 'press “sample”',
    logits: 'the logits',
    noU: 'greedy: no u',
    countedOf: (counted: number, asked: number) =>
      `the histogram counts the first ${counted} of ${asked} continuations; --stats counts them all`,
    groups: {
      run: 'the draws',
      chain: 'norm and the chain’s order',
      penalties: 'penalties and bans, before norm',
      temperature: 'temperature',
      truncation: 'truncation: which tokens stay',
      extras: 'llama.cpp’s extras',
    } as Readonly<Record<string, string>>,
    order: 'the order of the active stages',
    up: (name: string) => `move ${name} earlier`,
    down: (name: string) => `move ${name} later`,
    processorsFirst: 'penalties and bans act on the logits, always before norm',
    custom: 'your own order',
    drawsTitle: 'the draws',
    listed: (shown: number, asked: number) =>
      `the first ${shown} of ${asked} continuations are listed; the histogram counts them all`,
    bandsLabel: 'the bands on a line from 0 to 1, with each u',
    histogramTitle: 'many draws against the distribution',
    histogramLabel: 'observed share of each token beside its expected probability',
    counting: (done: number, total: number) => `counting ${done} of ${total}…`,
    expected: 'expected',
    observed: 'observed',
    compare: 'compare with a second chain',
    compareSpec: 'the second chain: a preset, a stage list, or options as --compare takes them',
    compareTitle: 'two chains side by side',
    chain: (k: number) => `chain ${k}`,
    detailsTitle: 'every number, as --explain shows it',
    stale: 'the diagram shows the last valid settings',
    columns: {
      logit: 'logit',
    },
  },
};

export type Messages = typeof en;
