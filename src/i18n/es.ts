import type { Messages } from './en.js';
import { plural } from './lang.js';

/**
 * Los mensajes en español, con los términos del post: diccionario, puntaje, logits, norm,
 * distribución de probabilidades, muestreo. Los números conservan el punto decimal (0.42).
 */
export const es: Messages = {
  lang: 'es',

  file: (kind, path) =>
    `el archivo ${{ vocabulary: 'de diccionario', weights: 'de pesos', settings: 'de ajustes', capture: 'de captura' }[kind]} ${path}`,
  passFile: (option) => `indica con ${option} un archivo JSON legible`,
  emptyPath: (option) => `${option} necesita la ruta de un archivo, no una vacía`,
  notRegular: (file, kind, fix) =>
    `${file} es ${{ directory: 'un directorio', fifo: 'una FIFO', device: 'un dispositivo', socket: 'un socket', other: 'algo que no es un archivo' }[kind]}, no un archivo normal; ${fix}`,
  tooLarge: (file, size, limit, fix) => `${file} ocupa ${size} MiB, más que el límite de ${limit} MiB; ${fix}`,
  cannotRead: (file, reason, fix) => `no se puede leer ${file}: ${reason}; ${fix}`,
  stdinUtf16: (line) =>
    `la línea ${line} de stdin es texto UTF-16 (tiene bytes NUL o una marca de orden UTF-16); da UTF-8, como lo hace iconv -f UTF-16 -t UTF-8`,
  stdinNotUtf8: (line) =>
    `la línea ${line} de stdin no es texto UTF-8; da UTF-8, como lo hace iconv -f LATIN1 -t UTF-8 a partir de Latin-1`,
  utf16: (file) => `${file} está en UTF-16; guárdalo en UTF-8`,
  notUtf8: (file, fix) => `${file} no es texto UTF-8 (parece binario); ${fix}`,
  reason: (code) =>
    ({
      ENOENT: 'no existe ese archivo',
      EACCES: 'permiso denegado',
      EPERM: 'permiso denegado',
      EISDIR: 'es un directorio',
      ENOTDIR: 'una parte de la ruta no es un directorio',
      ELOOP: 'demasiados enlaces simbólicos (¿un ciclo?)',
      ENAMETOOLONG: 'la ruta es demasiado larga',
      EMFILE: 'demasiados archivos abiertos',
      EIO: 'un error de entrada/salida',
      ENOSPC: 'no queda espacio en el dispositivo',
      EFBIG: 'el archivo es demasiado grande',
      EBADF: 'el flujo está cerrado',
      EROFS: 'el sistema de archivos es de solo lectura',
    })[code] ?? 'el sistema lo rechazó',
  invalidJson: (source, at, found) =>
    `${source}: JSON no válido en la línea ${at.line}, columna ${at.column}: ${found === undefined ? 'el texto termina antes que el JSON' : `${found} no puede ir ahí`}; revisa las comillas, comas y corchetes anteriores`,
  duplicateKey: (source, key) =>
    `${source}: la clave ${key} aparece dos veces en el mismo objeto; JSON solo conserva la última, así que quita una`,
  vocabNotObject: (source) =>
    `${source}: el diccionario debe ser un objeto JSON que asigne a cada token su id, como {"azul": 227}`,
  weightsShape: (source) =>
    `${source}: los pesos deben ser un objeto {"f1": [un peso por posición del contexto], "f2": {"token": peso, …}}`,
  idOverflow: (source, token, value) =>
    `${source}: el id de ${token} es demasiado grande para un número (se desborda a ${value}); los ids deben ser números enteros de 0 a 2^53 − 1`,
  idInvalid: (source, token, id) => `${source}: el id de ${token} es ${id}; los ids deben ser números enteros ≥ 0`,
  vocabEmpty: (source) => `${source}: el diccionario está vacío; necesita al menos un token`,
  sharedId: (source, a, b, id) => `${source}: los tokens ${a} y ${b} comparten el id ${id}; los ids deben ser únicos`,
  sameAfterNfc: (source, a, b) =>
    `${source}: los tokens ${a} y ${b} son iguales tras la normalización NFC; deja solo uno`,
  tokenEmpty: (source) => `${source}: hay un token vacío; cada token necesita al menos un carácter`,
  tokenUnsafe: (source, token, code) =>
    `${source}: el token ${token} contiene el carácter invisible o de control ${code}; los tokens deben ser texto visible, así que quítalo`,
  tokenJoins: (source, token, code) =>
    `${source}: el token ${token} empieza por la marca combinante ${code}, que se uniría al texto anterior; empiézalo por una letra`,
  tokenWhitespace: (source, token) =>
    `${source}: el token ${token} contiene espacios; las frases se separan por espacios, así que nunca podría escribirse`,
  weightNotNumber: (source, where, value) => `${source}: ${where} es ${value}; los pesos deben ser números`,
  weightOverflow: (source, where, value) =>
    `${source}: ${where} es demasiado grande para un número (se desborda a ${value}); usa un peso finito`,
  f1Empty: (source) => `${source}: f1 está vacío; necesita un peso por posición del contexto`,
  f2Unknown: (source, token) =>
    `${source}: f2 tiene un peso para ${token}, que no está en el diccionario; quítalo o añade el token al diccionario`,
  f2Twice: (source, token) => `${source}: f2 nombra ${token} dos veces tras la normalización NFC; deja solo uno`,
  f2Missing: (source, token) => `${source}: f2 no tiene peso para ${token}; necesita un peso por token`,

  phraseNotString: (type) => `la frase debe ser una cadena de palabras; se recibió ${type}`,
  atPosition: (n) => `en la posición ${n}`,
  inOption: (option) => `en ${option}`,
  unknownToken: (word, where, suggestion, known) =>
    `token desconocido ${word} ${where}${suggestion === undefined ? '.' : `; ¿quisiste decir ${suggestion}?`}${
      typeof known === 'number' ? ` El diccionario tiene ${known} tokens.` : ` Tokens conocidos: ${known.join(', ')}.`
    }`,
  shortPhrase: (n, size) =>
    `la frase tiene ${n} ${plural('es', n, 'token', 'tokens')}, pero el modelo necesita ${size} (f1 tiene ${size} pesos); escribe al menos ${size} tokens`,

  optionInvalid: (flag, expects, got) => `--${flag} debe ser ${expects}; se recibió ${got}`,
  normInvalid: (got) => `--norm debe ser sum o softmax; se recibió ${got}`,
  greedyInvalid: (got) => `greedy debe ser true o false; se recibió ${got}`,
  minKeepInvalid: (got) => `--min-keep debe ser un número entero ≥ 0; se recibió ${got}`,
  samplersInvalid: (got) => `--samplers debe enumerar nombres de etapas; se recibió ${got}`,
  samplersTwice: () => '--samplers repite una etapa; nombra cada etapa una sola vez',
  unknownStage: (word, presets, names) =>
    `--samplers: etapa desconocida ${word}; usa un preajuste (${presets}) o nombres de: ${names}`,
  stageTwice: (name) => `--samplers: ${name} aparece dos veces; nombra cada etapa una sola vez`,
  unknownLetter: (letter, letters) =>
    `--sampler-seq: ningún muestreador tiene la letra ${letter}; usa las letras de llama.cpp ${letters}, o --samplers con nombres`,
  aliasesHelp: (aliases) => `También valen los nombres de llama.cpp: ${aliases}.`,
  capturedLength: () =>
    'una distribución capturada no tiene modelo con el que continuar: -t debe ser 1; usa --at para elegir otra posición de la captura',
  captureTooLarge: (limit) => `la captura de stdin supera el límite de ${limit} MiB; da una más pequeña`,
  captureStdin: () => 'la captura de stdin',
  captureEmpty: (source) => `${source} no tiene ninguna posición que ejecutar; da una captura de al menos un token`,
  atInvalid: (got) => `--at debe ser una posición desde 1, o all; se recibió ${got}`,
  atRange: (source, n, count) =>
    `--at ${n}: ${source} tiene ${count} ${count === 1 ? 'posición' : 'posiciones'}; da --at de 1 a ${count}, o all`,
  logitsPhrase: () =>
    '--logits ejecuta las posiciones de la captura, tras su prompt: no des la frase (usa --at para elegir una posición)',
  captureNorm: () =>
    '--norm sum divide puntajes positivos por su suma, y una captura tiene (log-)probabilidades o logits: no des --norm, softmax los renormaliza',
  vocabIdTwice: (source, id, first, second) =>
    `${source}: el id ${id} nombra a ${first} y a ${second}; da un solo token a cada id`,
  npyHeader: (source, what) =>
    `${source}: un .npy que sample no puede leer (${what}); guarda logits float16, float32 o float64, 1-D o 2-D en orden C, con numpy.save`,
  npySize: (source, columns, vocab, tokens) =>
    `${source} tiene ${columns} logits por posición, y el diccionario ${vocab} ${tokens} tokens; da a --vocab el diccionario de esos logits`,
  captureNone: (source) =>
    `${source} no es una captura que sample lea; da a --logits una respuesta de /completion de llama.cpp con n_probs, una respuesta de chat o completions de OpenAI con logprobs, una de Ollama con logprobs, un mapa {token: valor} o pares [prompt, mapa]`,
  captureExpects: {
    id: 'un id de token, un número entero ≥ 0',
    list: 'una lista',
    object: 'un objeto',
    string: 'una cadena',
    number: 'un número',
    prob: 'una probabilidad en [0, 1]',
    logprob: 'una log-probabilidad, un número ≤ 0',
    logit: 'un logit finito',
  },
  captureField: (source, path, expects, got) => `${source}: ${path} debe ser ${expects}, no ${got}; corrige la captura`,
  captureTwice: (source, path, token) =>
    `${source}: ${path} nombra ${token} por segunda vez; una lista nombra cada token una sola vez`,
  captureOverOne: (source, path, total) =>
    `${source}: las probabilidades de ${path} suman ${total}, más de 1; da la probabilidad de cada token, no una cuenta`,
  settingsNone: (source, formats) =>
    `${source} no tiene ajustes que sample lea; da a --settings un objeto JSON de uno de estos: ${formats}`,
  settingsKind: {
    number: 'un número',
    boolean: 'true o false',
    list: 'una lista',
    text: 'una cadena',
    id: 'un id de token (un número entero ≥ 0)',
    biases: 'un objeto de ids de token a sesgos, o una lista de pares [token, sesgo]',
  },
  settingsType: (source, key, expects, got) => `${source}: ${key} debe ser ${expects}, no ${got}; corrige el archivo`,
  settingsValue: (source, key, got, flag, reason) =>
    `${source}: ${key} vale ${got}, que ${flag} no acepta: ${reason}; corrige el archivo, o escribe ${flag} para sustituirlo`,
  settingsUnknown: (source, key) => `${source}: clave desconocida ${key}, se deja fuera`,
  settingsUnused: (source, key, why) => `${source}: ${key} se deja fuera: ${why}`,
  settingsRead: (source, format, typed) =>
    `ajustes: ${source} leído como ${format}: ${typed === '' ? 'nada que aplicar' : typed}`,
  noStage: (presets, names) =>
    `--samplers: no se nombró ninguna etapa; usa un preajuste (${presets}) o nombres de: ${names}`,
  biasTwice: (token) => `--logit-bias nombra ${token} dos veces; da un solo sesgo a cada token`,
  countInvalid: (got) => `la cantidad debe ser un número entero ≥ 0; se recibió ${got}`,
  lengthInvalid: (max, got) =>
    `la longitud (tokens por continuación, -t) debe ser un número entero de 1 a ${max}; se recibió ${got}`,
  lineTooLong: () =>
    'una línea de la salida sería más larga que la cadena más larga que JavaScript admite (unos 512 MB); pide menos tokens por continuación con -t',
  phraseInvalid: (max) =>
    `la frase deben ser posiciones de tokens, números enteros de 0 a ${max}, como las devuelve tokenize`,
  rngNotFunction: () => 'rng debe ser una función que devuelva un u en [0, 1), como hace createRng',
  rngOutOfRange: (got) => `rng devolvió ${got}, fuera de [0, 1); debe devolver un u en [0, 1), como hace createRng`,
  optionsNotObject: (got) => `las opciones deben ser un objeto de ajustes, como defaultSampling; se recibió ${got}`,
  unknownSetting: (key, nearest) =>
    `opción desconocida ${key}${nearest === undefined ? '' : `; ¿quisiste decir ${nearest}?`} defaultSampling enumera las opciones`,
  windowInvalid: (size, max) =>
    `la ventana deben ser ${size} posiciones de tokens, números enteros de 0 a ${max}, como las devuelve contextWindow`,
  historyInvalid: (max) => `el historial deben ser posiciones de tokens, números enteros de 0 a ${max}`,
  modelInvalid: () => 'el modelo debe venir de loadModel o de modelFromJson',
  statesInvalid: (count) =>
    `moment.states debe tener un estado por etapa activa (${count}), como los devuelve Sampler.initialStates`,
  probsInvalid: (got) => `probs debe ser una distribución, números finitos ≥ 0 que sumen 1; se recibió ${got}`,
  logitsInvalid: (count) =>
    `moment.logits debe tener ${count} números, uno por probabilidad, cada uno finito o -Infinity para prohibir`,
  stageNeedsModel: (stage) => `${stage} nombra tokens de un modelo: pasa el modelo a applyStage como moment.model`,
  mustBe: (expects) => `Debe ser ${expects}.`,
  choices: (choices) => `Los valores permitidos son ${choices}.`,
  wholeNumber: (range) => `un número entero ${range}`,
  atLeast: (min) => `≥ ${min}`,
  fromTo: (min, max) => `de ${min} a ${max}`,

  allBanned: (after) =>
    `todos los tokens están prohibidos${after}; levanta una prohibición o una penalización para que quede uno`,
  after: (stages) => ` tras ${stages}`,
  negativeLogit: (token, z, after, stages) =>
    `el logit de ${token} es ${z}${after}, y norm no puede hacer una probabilidad de un logit negativo; usa --norm softmax, que admite cualquier logit, o ${
      stages === undefined ? 'haz que los pesos no sean negativos' : `suaviza ${stages}, que lo volvió negativo`
    }`,
  processedOverflow: (token, z, after, stages) =>
    `el logit de ${token} pasa a ${z}${after}; suaviza ${stages} para que siga siendo un número finito`,
  processedSumOverflow: (after, stages) =>
    `la suma de los logits se desborda a Infinity${after}; suaviza ${stages}, o usa --norm softmax, que admite cualquier logit finito`,
  noneLeft: (after) =>
    `no queda ningún token con un logit mayor que 0${after}; levanta una prohibición o suaviza una penalización`,
  sumZero: () =>
    'los logits suman 0, así que norm no puede dividir por ellos; usa --norm softmax, o da a f2 un peso positivo',
  sumOverflow: () => 'la suma de los logits se desborda a Infinity; usa ids o pesos más pequeños',
  logitOverflow: (token, value) => `el logit de ${token} se desborda a ${value}; usa ids o pesos más pequeños`,

  onLine: (line, message) => `línea ${line}: ${message}`,
  noPhraseOnStdin: () => 'no hay ninguna frase en la entrada; da una como argumento o como una línea de la entrada',
  cannotWrite: (reason) => `no se puede escribir la salida: ${reason}`,
  internalError: (message) => `error interno: ${message} (define SAMPLE_DEBUG=1 para ver los detalles)`,
  shellUnknown: (shell) => `--completion admite bash, zsh o fish; se recibió ${shell}`,
  htmlNeedsFile: () => '--html necesita un nombre de archivo, como en --html sample.html',
  htmlTerminal: () =>
    '--html - escribiría una página entera en la terminal; da un nombre de archivo, como en --html sample.html',
  cannotWritePage: (path, reason) =>
    `no se puede escribir la página en ${path}: ${reason}; da otro nombre de archivo con --html`,
  unknownOption: (option, suggestion) =>
    suggestion === undefined
      ? `opción desconocida "${option}"; una frase que empieza con - va después de --, como en: sample -- "-la frase"`
      : `opción desconocida "${option}" (¿quisiste decir ${suggestion}?)`,
  missingArgument: (flags) => `a la opción "${flags}" le falta su valor`,
  invalidArgument: (flags, value, reason) => `la opción "${flags}" no admite el valor "${value}". ${reason}`,

  warning: (text) => `aviso: ${text}`,
  everySample: (cause, only) => `${cause}; todas las muestras serán ${only}, sea cual sea la semilla`,
  leavesOnly: (label, only) => `${label} deja solo ${only}`,
  onlyPositive: (only) => `solo ${only} tiene un logit mayor que 0`,
  afterOnlyPositive: (labels, only) => `tras ${labels}, solo ${only} tiene un logit mayor que 0`,
  softmaxAll: (only, lead, scaled, t, hint) =>
    `softmax da a ${only} toda la probabilidad: su logit supera al siguiente por ${lead}${t === 1 ? '' : ` (${scaled} tras ÷ T)`}, y e^-${scaled} se redondea a 0; --temperature ${hint} deja ver la forma de la distribución`,
  leftOut: (label, name) =>
    `${label} está puesto, pero --samplers deja fuera ${name}, así que no hace nada; añade ${name} a la lista`,
  xtcNote: (name, title) =>
    `nota: --probs muestra la distribución como cuando ${name} actúa, cosa que hace solo para algunos tokens (${title})`,
  htmlConflict: (flag) =>
    `--html escribe la página, que tiene sus propias vistas y muestras, y nada más, así que --${flag} no hace nada`,
  htmlFirstLine: () => '--html hace la página de la primera línea de stdin; las líneas siguientes no se leen',
  probsConflict: (flag) => `--probs imprime la distribución y no muestrea nada, así que --${flag} no hace nada`,
  greedyConflict: (flag) =>
    `--greedy toma el token más probable, que --${flag} nunca quita, así que --${flag} no hace nada`,
  zeroCount: (flag) => `-n 0 no muestrea nada, así que --${flag} no muestra nada`,
  repeated: (more, text) =>
    `el mismo aviso se repitió en ${more} ${plural('es', more, 'línea más', 'líneas más')}: ${text}`,

  explainTitle: (phrase) => `explicación: cómo se elige el siguiente token después de ${phrase}`,
  showing: (shown, total) => `(se muestran ${shown} de ${total} tokens: el contexto y los más probables)`,
  tokensTitle: (size) =>
    `el diccionario: tokens e ids; la ventana de contexto abarca ${size === 1 ? 'el último token' : `los últimos ${size} tokens`} de la frase`,
  f1Title: () => 'f1 pondera los ids del contexto: la salida de f1',
  f2Title: () => 'f2 multiplica la salida de f1 por un peso por token: el puntaje de cada token, los logits',
  normTitle: (total) => `norm divide cada logit por su suma, ${total}: la distribución de probabilidades`,
  softmaxTitle: (max, total) => `softmax: exp(z − ${max}) para cada logit, dividido por su suma, ${total}`,
  softmaxLead: (top, next, a, b, gap) =>
    `${top} supera a ${next} por ${a} − ${b} = ${gap}: softmax convierte una diferencia de ${gap} en una razón de e^${gap}`,
  changedNothing: () => 'no cambió nada',
  removed: (tokens) => `quitados: ${tokens}; el resto se renormaliza`,
  removedNothing: () => 'no quitó nada',
  bandsTitle: () => 'las bandas: el token i ocupa [desde, hasta) de [0, 1), en orden canónico',
  noBand: () => 'sin banda',
  drawTitle: () => 'el muestreo',
  greedyDraw: (token) => `voraz (greedy): ${token}, el token más probable; no se sortea ningún u`,
  uFalls: (u, from, to, token) => `u = ${u} cae en [${from}, ${to}) → ${token}`,
  explainsFirst: (n) =>
    `esto explica el primero de los ${n} sorteos de la ejecución; cada uno de los demás cae igual, con su propia u (-f jsonl los enumera todos)`,
  uMeaning: () =>
    'u es un número entre 0 y 1 de la secuencia aleatoria que fija la semilla; cae en la banda de un token, cuya longitud es la probabilidad de ese token',
  normCancels: () =>
    'la salida de f1 multiplica todos los logits por igual, y norm la cancela: toda frase da esta distribución; con --norm softmax sí cuenta la escala de la frase',
  bannedLeftOut: (tokens) => `prohibidos, −∞, fuera de la suma: ${tokens}`,
  banned: () => 'prohibido: −∞, probabilidad 0',
  noDraw: () => 'ninguno: --probs muestra la distribución sin muestrear',

  statsTitle: (total, phrase) =>
    `estadística: el primer token nuevo de ${total} ${total === 1 ? 'continuación' : 'continuaciones'} de ${phrase}`,
  pooled: (n) => `(${n} ${n === 1 ? 'token esperado' : 'tokens esperados'} menos de 5 veces, agrupados en una celda)`,
  noTest: () => 'no se muestreó ninguna continuación: no hay nada que contrastar',
  wrotePage: (path, kb) => `se escribió ${path} (${kb} KB): ábrelo en un navegador`,
  tooFew: () =>
    'sin prueba de chi cuadrado: muy pocas continuaciones, pues la prueba necesita que cada token, o cada grupo de tokens raros, se espere 5 veces o más; muestrea más con -n',
  statsColumns: () => ['token', 'esperada', 'observada', 'veces'],
  more: (n) => `(${n} más)`,
  fit: () => 'las frecuencias se ajustan',
  noFit: () => 'las frecuencias no se ajustan',
  chiSquare: (statistic, df, p, verdict) =>
    `chi cuadrado ${statistic}, ${df} grados de libertad, valor p ${p}: ${verdict}`,
  probsColumns: () => ['token', 'id', 'logit', 'prob'],
  lineHeading: (line) => `línea ${line}:`,
  moreTokens: (n, mass) =>
    `… ${n} ${n === 1 ? 'token más' : 'tokens más'}, con ${mass} de la masa (--top N o --all para verlos)`,
  topInvalid: (got) => `--top debe ser un número entero desde 1; se recibió ${got}`,
  positionHeading: (position) => `posición ${position}:`,
  capturedTitle: (position, format, kind) =>
    `los logits de la captura en la posición ${position}: ${format} da ${kind === 'prob' ? 'probabilidades p, aquí ln p' : kind === 'logprob' ? 'log-probabilidades ln p' : 'logits'}; ocupan el lugar de f1 → f2`,
  captureVerbose: (seed, file, format, kind, positions, missing) =>
    `semilla: ${seed}\nlogits: ${file}, leído como ${format} (${kind}), ${positions} ${positions === 1 ? 'posición' : 'posiciones'}\nmasa que falta: ${missing}\n`,
  missingMass: (missing, listed) =>
    `la lista deja fuera el ${(missing * 100).toPrecision(3)} % de la masa, renormalizada sobre sus ${listed} tokens`,
  compareColumns: () => ['token', 'id', 'p 1', 'p 2', 'lo conserva'],
  compareInvalid: (spec, reason) => `--compare ${spec}: ${reason}`,
  compareOutside: (spec, what) =>
    `--compare ${spec}: ${what} no es una opción de la cadena; da a --compare un preajuste, una lista de etapas o las opciones de la cadena (--samplers, --norm, -T, -k, …)`,
  compareQuote: () => 'queda una comilla abierta; ciérrala',
  compareNeeds: () => '--compare muestra dos distribuciones lado a lado; añade --probs o --explain',
  compareParting: (stage, chain, tokens) =>
    `las dos cadenas se separan en ${stage}, en la cadena ${chain}: quita ${tokens}, que la cadena ${3 - chain} conserva`,
  compareProbabilities: (stage, chain) =>
    `las dos cadenas conservan los mismos tokens; sus probabilidades se separan en ${stage}, en la cadena ${chain}`,
  compareSame: () => 'las dos cadenas dan la misma distribución',
  explainChain: (chain, stages) => `cadena ${chain}: ${stages}`,
  explainStops: (stage) => `las cadenas se separan aquí, en ${stage}: el resto de esta cadena no se muestra`,

  verbose: (seed, vocab, weights) => `semilla: ${seed}\ndiccionario: ${vocab}\npesos: ${weights}\n`,
  progress: (percent, done, total, seconds) => `${percent}%  ${done} de ${total}  quedan unos ${seconds} s`,
  progressSoFar: (done, seconds) => `${done} hasta ahora, en ${seconds} s`,

  helpBefore:
    () => `Elige el siguiente token como lo hace un modelo de lenguaje: f1 → f2 → norm → un sorteo con semilla.

Ejemplos:
  # diez continuaciones en la terminal
  sample "el cielo es" -n 10
  # contarlas con otras herramientas
  sample el cielo es -n 1000 | sort | uniq -c
  # las mismas diez líneas en cada ejecución
  sample "el cielo es" -n 10 --seed 42
  # salida estructurada para scripts
  sample "el cielo es" -n 3 -f jsonl | jq -r .text
  # una frase por línea de la entrada
  printf 'el cielo es\\nes el cielo\\n' | sample -n 2
  # cada número detrás de un sorteo, y la distribución sin muestrear
  sample "el cielo es" --explain
  sample "el cielo es" --probs --norm softmax
  # el diagrama del post, vivo, en un navegador
  sample "el cielo es" --html sample.html
`,
  helpAfter: (hf, llama) => `
Con la frase - (o sin frase, cuando la entrada no es una terminal) cada línea no vacía de la
entrada es una frase: -n continuaciones de cada una, en orden, todas del mismo flujo con semilla.
El formato json es el recibo de la ejecución: su semilla y sus opciones reproducen cada muestra.

La cadena sigue el orden que da --samplers: hf (el predeterminado) es
  ${hf}
llama.cpp es
  ${llama}
Solo actúan las etapas cuyas opciones están puestas; los procesadores de logits actúan siempre antes de norm.
--stats cuenta el primer token nuevo de cada continuación: todos vienen de la distribución
de la frase, así que con -t > 1 los tokens siguientes no se cuentan.

El idioma es el inglés, salvo que --lang es, SAMPLE_LANG=es o una configuración regional que
empiece por es (LC_ALL, LC_MESSAGES, LANG, o la del sistema si no hay ninguna) pida el español.

Códigos de salida:
  0  éxito (también cuando quien lee la salida la cierra antes, como con | head)
  1  datos erróneos: un token desconocido, una frase corta, un archivo de modelo ilegible o no válido
  2  uso: un valor de opción erróneo, una opción desconocida, falta la frase
  130, 143  detenido por SIGINT o SIGTERM`,
  shortUsage: () => `Uso: sample [opciones] [frase...]

  sample "el cielo es" -n 10                 diez continuaciones de la frase
  sample "el cielo es" --explain             cada número detrás de un sorteo, paso a paso
  sample "el cielo es" --html sample.html    el diagrama del post, vivo, en un navegador

sample --help enumera todas las opciones.
`,
  helpLabels: {
    groups: {
      run: 'Los sorteos:',
      chain: 'Norm y el orden de la cadena:',
      temperature: 'Temperatura:',
      truncation: 'Truncado, qué tokens quedan:',
      penalties: 'Penalizaciones y prohibiciones, antes de norm:',
      extras: 'Los extras de llama.cpp:',
      output: 'Salida y vistas:',
      files: 'Archivos y capturas:',
      other: 'Otras:',
    },
    usage: 'Uso:',
    options: 'Opciones:',
    arguments: 'Argumentos:',
    default: 'por omisión',
    choices: 'valores',
    optionsWord: '[opciones]',
    phrase: '[frase...]',
    placeholders: {
      seed: 'semilla',
      file: 'archivo',
      format: 'formato',
      kind: 'tipo',
      list: 'lista',
      version: 'versión',
      'token=bias': 'token=sesgo',
      token: 'token',
      lang: 'idioma',
      shell: 'shell',
      spec: 'cadena',
      how: 'cómo',
    },
  },
  help: {
    phrase: 'el contexto, como un argumento entre comillas o varias palabras',
    version: 'muestra la versión',
    help: 'muestra esta ayuda',
    format: 'text; jsonl, json o tsv para scripts',
    onlyNew: 'las líneas de texto llevan solo los tokens nuevos, no la frase',
    probs: 'imprime la distribución del siguiente token en vez de muestrear',
    explain: 'muestra en stderr cómo se elige el primer token, con cada número',
    stats: 'tras muestrear, compara en stderr las frecuencias con la distribución (chi cuadrado)',
    vocab: 'el diccionario: un objeto JSON que asigna token → id',
    weights: 'los pesos: {"f1": [...], "f2": {token: peso}}',
    compare:
      'muestra una segunda cadena junto a esta: un preajuste, una lista de etapas u opciones de la cadena (con --probs, --explain)',
    logits: 'ejecuta la cadena sobre una distribución capturada (llama.cpp, OpenAI, Ollama, un mapa; - para stdin)',
    at: 'qué posición de la captura: un número desde 1 (por omisión 1), o all',
    logitsKind: 'qué son los números de un mapa: prob, logprob o logit (por omisión: según parezcan)',
    missing:
      'la masa que falta en una lista: renormalizar sobre los tokens listados (por omisión), o rest, un candidato más',
    top: 'con --probs en una terminal: cuántos de los tokens más probables mostrar (por omisión: 20)',
    all: 'con --probs en una terminal: muestra todos los tokens',
    settings:
      'lee ajustes como los escriben el generation_config.json de transformers o una petición a llama.cpp u OpenAI; las opciones escritas mandan',
    html: 'escribe el diagrama del post, vivo, como una página autocontenida (- para stdout)',
    verbose: 'muestra en stderr la semilla y los archivos del modelo',
    quiet: 'no muestra avisos ni la línea de progreso',
    completion: 'imprime un script de autocompletado para la shell',
    lang: 'el idioma de los mensajes y las vistas: es o en (por omisión: el de la configuración regional)',
  },

  page: {
    title: 'sample: cómo se elige el siguiente token',
    intro:
      'El modelo del post de Arturo Bermejo «Creatividad y probabilidades»: los tokens de la frase x₁ x₂ x₃ entran en f1, f2 da a cada token un puntaje (los logits), norm los convierte en probabilidades, la cadena les da forma y un sorteo con semilla elige el siguiente token.',
    settings: 'ajustes',
    phrase: 'frase',
    sample: 'muestrear',
    more: (n) => `+${n}`,
    moreLabel: (n) => `sortear ${n} más`,
    seedIs: (seed) => `semilla ${seed}`,
    newSeed: 'nueva semilla',
    clear: 'borrar los sorteos',
    present: 'presentar',
    copy: 'copiar',
    sameCommand: 'lo mismo en la línea de órdenes: ',
    find: 'buscar tokens',
    tokens: (n) => `${n} tokens`,
    figureTitle: 'el modelo del post, con sus números',
    figureLabel: (phrase) =>
      `el diagrama del modelo para ${phrase}: los tokens del contexto, f1, f2 y sus logits, norm, cada etapa activa, las probabilidades y el sorteo`,
    sampling: 'muestreo',
    shownOf: (shown, total, mass) =>
      `se muestran ${shown} de ${total} tokens; los otros ${total - shown} suman ${mass} de la probabilidad`,
    noDrawYet: 'pulsa «muestrear»',
    logits: 'los logits',
    noU: 'voraz: sin u',
    countedOf: (counted, asked) =>
      `el histograma cuenta las primeras ${counted} de ${asked} continuaciones; --stats las cuenta todas`,
    groups: {
      run: 'los sorteos',
      chain: 'norm y el orden de la cadena',
      penalties: 'penalizaciones y prohibiciones, antes de norm',
      temperature: 'temperatura',
      truncation: 'truncado: qué tokens quedan',
      extras: 'los extras de llama.cpp',
    },
    order: 'el orden de las etapas activas',
    up: (name) => `adelantar ${name}`,
    down: (name) => `retrasar ${name}`,
    processorsFirst: 'las penalizaciones y prohibiciones actúan sobre los logits, siempre antes de norm',
    custom: 'tu propio orden',
    drawsTitle: 'los sorteos',
    listed: (shown, asked) =>
      `se listan las primeras ${shown} de ${asked} continuaciones; el histograma las cuenta todas`,
    bandsLabel: 'las bandas en una recta de 0 a 1, con cada u',
    histogramTitle: 'muchos sorteos frente a la distribución',
    histogramLabel: 'la proporción observada de cada token junto a su probabilidad esperada',
    counting: (done, total) => `contando ${done} de ${total}…`,
    expected: 'esperada',
    observed: 'observada',
    compare: 'comparar con una segunda cadena',
    compareSpec: 'la segunda cadena: un preajuste, una lista de etapas u opciones, como las toma --compare',
    compareTitle: 'dos cadenas lado a lado',
    chain: (k) => `cadena ${k}`,
    detailsTitle: 'cada número, como lo muestra --explain',
    stale: 'el diagrama muestra los últimos ajustes válidos',
    columns: {
      logit: 'logit',
    },
  },
};
