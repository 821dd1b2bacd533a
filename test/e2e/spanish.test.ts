import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { es } from '../../src/i18n/es.js';
import { lines, sample } from '../helpers/cli.js';

const spanish = { env: { LANG: 'es_ES.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' } };
const english = { env: { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' } };
const phrase = 'el cielo es';
const numbers = (text: string): string[] => text.match(/\d+(\.\d+)?/g) ?? [];

describe('en español, with LANG=es_ES.UTF-8', () => {
  it('an unknown token is one line in Spanish that suggests «frío», exit 1', async () => {
    const run = await sample(['el cielo es frio'], spanish);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'sample: token desconocido "frio" en la posición 4; ¿quisiste decir "frío"? Tokens conocidos: azul, cielo, frío, el, es.\n',
    );
  });

  it('--explain explains in Spanish, with the same numbers as the English view', async () => {
    const es = await sample([phrase, '--seed', '42', '--explain'], spanish);
    const en = await sample([phrase, '--seed', '42', '--explain'], english);
    expect(es.stderr).toContain('norm divide cada logit por su suma, 10620');
    expect(es.stderr).toContain('f1 pondera los ids del contexto: la salida de f1');
    expect(es.stderr).toContain('el puntaje de cada token, los logits');
    expect(es.stderr).toContain('u = 0.00701752 cae en [0.0000, 0.4237) → azul');
    expect(numbers(es.stderr)).toEqual(numbers(en.stderr));
    expect(es.stdout).toBe(en.stdout);
  });

  it('--help keeps commander’s words in Spanish where it wraps its lines, and names arguments in Spanish', async () => {
    const run = await sample(['--help'], spanish);
    expect(run.stdout).not.toMatch(/default:|choices:|<seed>|<file>/);
    expect(run.stdout).toContain('-s, --seed <semilla>');
    expect(run.stdout).toContain('--vocab <archivo>');
  });

  it('--help is in Spanish', async () => {
    const run = await sample(['--help'], spanish);
    expect(run.stdout).toMatch(/^Elige el siguiente token/);
    expect(run.stdout).toContain('Uso: sample [opciones] [frase...]');
    expect(run.stdout).toContain('Códigos de salida:');
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('conserva los k tokens más probables (0: apagado)');
  });

  it('--help describes every option in Spanish and none in English', async () => {
    const help = (await sample(['--help'], spanish)).stdout.replace(/\s+/g, ' ');
    for (const [key, text] of Object.entries(es.help)) {
      expect(help).toContain(text);
      if (en.help[key as keyof typeof en.help] !== text)
        expect(help).not.toContain(en.help[key as keyof typeof en.help]);
    }
  });

  it('--stats and a warning are in Spanish', async () => {
    const stats = await sample([phrase, '-n', '2000', '--seed', '1', '--stats'], spanish);
    expect(stats.stderr).toMatch(/estadística: el primer token nuevo de 2000 continuaciones/);
    expect(stats.stderr).toMatch(
      /chi cuadrado [\d.]+, 4 grados de libertad, valor p [\d.]+: las frecuencias se ajustan/,
    );
    const warning = await sample([phrase, '-k', '1', '--seed', '1'], spanish);
    expect(warning.stderr).toBe(
      'sample: aviso: top-k 1 deja solo "azul"; todas las muestras serán "azul", sea cual sea la semilla\n',
    );
  });

  it('a bad option value and an unknown option are in Spanish too', async () => {
    const bad = await sample([phrase, '-p', '0'], spanish);
    expect(bad.stderr).toBe(
      'sample: la opción "-p, --top-p <p>" no admite el valor "0". Debe ser un número con 0 < valor ≤ 1.\n',
    );
    const unknown = await sample([phrase, '--nrom', 'sum'], spanish);
    expect(unknown.stderr).toBe('sample: opción desconocida "--nrom" (¿quisiste decir --norm?)\n');
  });

  it('--lang en overrides a Spanish LANG, and --lang es an English one', async () => {
    expect((await sample(['el cielo es frio', '--lang', 'en'], spanish)).stderr).toMatch(
      /^sample: unknown token "frio"/,
    );
    expect((await sample(['el cielo es frio', '--lang', 'es'], english)).stderr).toMatch(/^sample: token desconocido/);
  });

  it('with LANG=C, and with --lang en, the output is English', async () => {
    const c = await sample([phrase, '--seed', '42', '--explain'], english);
    expect(c.stderr).toContain('norm divides each logit by their sum, 10620');
    const flag = await sample([phrase, '--seed', '42', '--explain', '--lang', 'en'], spanish);
    expect(flag.stderr).toBe(c.stderr);
  });

  it.each([
    [['-f', 'jsonl', '-n', '5']],
    [['-f', 'json', '-n', '5', '-t', '2']],
    [['-f', 'tsv', '-n', '5']],
    [['--probs']],
    [['--probs', '-f', 'jsonl']],
  ])('machine output %j is byte for byte the same in both languages', async (args) => {
    const es = await sample([phrase, '--seed', '7', ...args], spanish);
    const en = await sample([phrase, '--seed', '7', ...args], english);
    expect(es.stdout).toBe(en.stdout);
    expect(lines(es.stdout).length).toBeGreaterThan(0);
  });
});
