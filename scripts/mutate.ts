/**
 * Mutation testing: runs Stryker (stryker.config.mjs) on the given source files, or on the
 * config's default slice, then prints each file's score as killed ÷ (total − listed
 * equivalents) against its goal, and the mutants that survived without being listed.
 *
 * Equivalent mutants (changes that cannot alter behaviour) are listed, each with a reason, in
 * mutation-equivalents.json; a listed mutant that a test kills, or that no longer exists, is
 * reported as stale so the list stays true.
 *
 * Only the test files beside the mutated sources run (`x.ts` → `x.test.ts` and `x.*.test.ts`);
 * name more test files as arguments if a source is tested elsewhere. A source may carry a line
 * range (`x.ts:120-260`) to mutate only those lines while working on them.
 *
 * `--named-tests-only` runs only the test files named, not those beside the sources.
 *
 * Usage: npm run mutate [-- [--named-tests-only] <source.ts[:from-to]|source.test.ts>…]
 * Exits 1 when a file is below its goal. The HTML report is reports/mutation/index.html.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import * as z from 'zod';
import strykerConfig from '../stryker.config.mjs';
import { sourcesOf, testsBeside } from './mutation-files';

const EQUIVALENTS_FILE = 'mutation-equivalents.json';
/** Stryker's sandbox and report folders are shared: a second run in this checkout waits. */
const LOCK_FILE = '.stryker-tmp.lock';
const DEFAULT_GOAL = 90;
/** Security checks are held to every mutant. */
const GOALS: Record<string, number> = {
  'packages/api/src/middleware/service-key.ts': 100,
  'packages/api/src/magic-links.ts': 100,
};

const equivalentSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
  /** Only needed when the same mutator makes the same replacement twice on one line. */
  column: z.number().int().positive().optional(),
  mutator: z.string().min(1),
  replacement: z.string(),
  reason: z.string().min(10),
});
type Equivalent = z.infer<typeof equivalentSchema>;
const equivalentsFileSchema = z.object({ $comment: z.string().optional(), equivalents: z.array(equivalentSchema) });

type MutantResult = Awaited<ReturnType<Stryker['runMutationTest']>>[number];

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const relative = (file: string) => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

function matches(entry: Equivalent, mutant: MutantResult): boolean {
  return (
    entry.file === relative(mutant.fileName) &&
    entry.line === mutant.location.start.line &&
    (entry.column === undefined || entry.column === mutant.location.start.column) &&
    entry.mutator === mutant.mutatorName &&
    squash(entry.replacement) === squash(mutant.replacement ?? '')
  );
}

function describeMutant(mutant: MutantResult): string {
  const { line, column } = mutant.location.start;
  const replacement = squash(mutant.replacement ?? '');
  const shown = replacement.length > 70 ? `${replacement.slice(0, 67)}...` : replacement;
  return `${relative(mutant.fileName)}:${line}:${column} ${mutant.mutatorName} ${mutant.status} → ${shown}`;
}

function readEquivalents(): Equivalent[] {
  if (!existsSync(EQUIVALENTS_FILE)) return [];
  return equivalentsFileSchema.parse(JSON.parse(readFileSync(EQUIVALENTS_FILE, 'utf8'))).equivalents;
}

/** One Stryker run: the sources it mutates and the test files it runs. */
interface Run {
  name: string;
  sources: Target[];
  tests: string[];
}

/**
 * The default run: each entry of stryker.config.mjs's `mutate` list on its own, with the test
 * files beside its sources. One run for all would give every mutant of a module most tests
 * import (time.ts, ids.ts) nearly every test file to run, and take several times as long.
 */
function defaultRuns(): Run[] {
  return (strykerConfig.mutate as string[])
    .filter((pattern) => !pattern.startsWith('!'))
    .map((pattern) => {
      const files = sourcesOf([pattern]);
      return {
        name: path.basename(pattern.replace('/*.ts', ''), '.ts'),
        sources: files.map((file) => ({ file })),
        tests: [...new Set(files.flatMap(testsBeside))],
      };
    });
}

/** `x.ts` or `x.ts:120-260`: a file to mutate, whole or only those lines. */
interface Target {
  file: string;
  lines?: { from: number; to: number };
}

function targetOf(arg: string): Target {
  const ranged = /^(.+\.ts):(\d+)-(\d+)$/.exec(arg);
  const file = relative(ranged ? ranged[1]! : arg);
  if (!existsSync(file)) throw new Error(`No such file: ${file}`);
  return ranged ? { file, lines: { from: Number(ranged[2]), to: Number(ranged[3]) } } : { file };
}

const inTarget = (targets: Target[], file: string, line: number) =>
  targets.length === 0 ||
  targets.some((target) => target.file === file && (!target.lines || (line >= target.lines.from && line <= target.lines.to)));

async function main(): Promise<number> {
  const flags = new Set(process.argv.slice(2).filter((arg) => arg.startsWith('--')));
  for (const flag of flags) if (flag !== '--named-tests-only') throw new Error(`Unknown option: ${flag}`);
  const args = process.argv
    .slice(2)
    .filter((arg) => !arg.startsWith('--'))
    .map(targetOf);
  const sources = args.filter((target) => !target.file.endsWith('.test.ts'));
  const extraTests = args.filter((target) => target.file.endsWith('.test.ts')).map((target) => target.file);
  const equivalents = readEquivalents();

  if (sources.length === 0 && extraTests.length > 0) throw new Error('Name the source files to mutate along with the extra test files');
  const runs: Run[] =
    sources.length > 0
      ? [{ name: 'named', sources, tests: [...new Set([...(flags.has('--named-tests-only') ? [] : sources.flatMap(({ file }) => testsBeside(file))), ...extraTests])] }]
      : defaultRuns();
  for (const run of runs) {
    if (run.tests.length === 0) throw new Error(`No test file beside ${run.sources.map((t) => t.file).join(', ')}; name one as an argument`);
  }

  await takeLock();
  const started = Date.now();
  const results: MutantResult[] = [];
  for (const run of runs) {
    if (runs.length > 1) console.log(`\n== ${run.name}: ${run.sources.length} source(s), ${run.tests.length} test file(s)`);
    // Stryker's vitest config (vitest.mutate.config.ts) runs these test files.
    process.env.MUTATE_TEST_FILES = run.tests.join(',');
    const report = runs.length > 1 ? `reports/mutation/${run.name}` : 'reports/mutation';
    const stryker = new Stryker({
      configFile: 'stryker.config.mjs',
      mutate: run.sources.map(strykerPattern),
      htmlReporter: { fileName: `${report}/index.html` },
      jsonReporter: { fileName: `${report}/mutation.json` },
    });
    const runStarted = Date.now();
    results.push(...(await stryker.runMutationTest()));
    if (runs.length > 1) console.log(`== ${run.name}: ${Math.round((Date.now() - runStarted) / 1000)} s`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);

  const byFile = new Map<string, MutantResult[]>();
  for (const mutant of results) {
    const file = relative(mutant.fileName);
    byFile.set(file, [...(byFile.get(file) ?? []), mutant]);
  }

  const rows: string[][] = [['file', 'killed', 'survived', 'no cov', 'equiv.', 'score', 'goal', '']];
  const unlisted: MutantResult[] = [];
  const stale: string[] = [];
  let belowGoal = 0;
  for (const [file, mutants] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const valid = mutants.filter((mutant) => DETECTED.has(mutant.status) || UNDETECTED.has(mutant.status));
    const killed = valid.filter((mutant) => DETECTED.has(mutant.status)).length;
    // Entries outside a line range given on the command line were not put to the test.
    const listed = equivalents.filter((entry) => entry.file === file && inTarget(sources, entry.file, entry.line));
    let equivalent = 0;
    for (const mutant of valid.filter((m) => UNDETECTED.has(m.status))) {
      if (listed.some((entry) => matches(entry, mutant))) equivalent++;
      else unlisted.push(mutant);
    }
    for (const entry of listed) {
      const found = valid.filter((mutant) => matches(entry, mutant));
      const where = `${file}:${entry.line}${entry.column ? `:${entry.column}` : ''} ${entry.mutator} → ${entry.replacement}`;
      if (found.length === 0) stale.push(`${where} (no such mutant)`);
      // Killed by a test, not timed out: on a busy machine an equivalent mutant can run past
      // the timeout, which proves nothing about it.
      else if (found.every((mutant) => mutant.status === 'Killed')) stale.push(`${where} (killed: not equivalent)`);
    }
    const denominator = valid.length - equivalent;
    const score = denominator === 0 ? 100 : (100 * killed) / denominator;
    const goal = GOALS[file] ?? DEFAULT_GOAL;
    if (score < goal) belowGoal++;
    rows.push([
      file,
      `${killed}/${denominator}`,
      String(valid.filter((m) => m.status === 'Survived').length - equivalentsOf(listed, valid, 'Survived')),
      String(valid.filter((m) => m.status === 'NoCoverage').length - equivalentsOf(listed, valid, 'NoCoverage')),
      String(equivalent),
      `${score.toFixed(1)} %`,
      `${goal} %`,
      score < goal ? 'BELOW GOAL' : 'ok',
    ]);
  }

  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`\nMutation scores (killed ÷ (total − listed equivalents)), ${seconds} s:`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  if (unlisted.length > 0) {
    console.log(`\nUndetected mutants (kill them, or list them in ${EQUIVALENTS_FILE} with a reason):`);
    for (const mutant of unlisted) console.log(`  ${describeMutant(mutant)}`);
  }
  if (stale.length > 0) {
    console.log(`\nStale entries in ${EQUIVALENTS_FILE}:`);
    for (const line of stale) console.log(`  ${line}`);
  }
  console.log(`\nReport${runs.length > 1 ? 's' : ''}: reports/mutation/${runs.length > 1 ? '<run>/' : ''}index.html`);
  return belowGoal > 0 || stale.length > 0 ? 1 : 0;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits for any other run in this checkout; a lock left by a run that died is taken over. */
async function takeLock(): Promise<void> {
  let announced = false;
  for (;;) {
    try {
      writeFileSync(LOCK_FILE, String(process.pid), { flag: 'wx' });
      process.on('exit', () => rmSync(LOCK_FILE, { force: true }));
      return;
    } catch {
      const holder = Number(readFileSync(LOCK_FILE, 'utf8'));
      if (!isAlive(holder)) {
        rmSync(LOCK_FILE, { force: true });
        continue;
      }
      if (!announced) console.log(`Waiting for the mutation run of process ${holder} to finish…`);
      announced = true;
      await sleep(1000);
    }
  }
}

/** Stryker's own syntax for a line range: `file:from-to`. */
const strykerPattern = ({ file, lines }: Target) => (lines ? `${file}:${lines.from}-${lines.to}` : file);

function equivalentsOf(listed: Equivalent[], valid: MutantResult[], status: string): number {
  return valid.filter((mutant) => mutant.status === status && listed.some((entry) => matches(entry, mutant))).length;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
