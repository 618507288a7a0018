/**
 * `npm run bench`: runs every benchmark, prints a table and writes test-results/bench.json as
 * [{name, value, unit, target, ok}]. Each value is a ratio of two timings taken in this run.
 * Never part of pass/fail tests.
 *
 * Each benchmark runs in a process of its own: one that came before would otherwise leave its
 * heap and its JIT's choices to the next (the engine figure moved by a tenth depending on what
 * ran first).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryRoot } from '../e2e/support/serveProcess';
import type { BenchResult } from './benchResult';
import { benchCanvas } from './canvas.bench';
import { benchEngine } from './engine.bench';
import { benchHttpCore } from './httpCore.bench';
import { benchIntegrationStorage } from './integrationStorage.bench';
import { benchRunHistory } from './runHistory.bench';
import { benchServeStartup } from './serveStartup.bench';
import { benchQueue } from './queue.bench';

const benchmarks: Readonly<Record<string, () => Promise<BenchResult[]>>> = {
  integrationStorage: benchIntegrationStorage,
  httpCore: benchHttpCore,
  engine: benchEngine,
  runHistory: benchRunHistory,
  serveStartup: benchServeStartup,
  canvas: benchCanvas,
  queue: benchQueue,
};

const resultPrefix = 'bench-results:';

/** Runs one benchmark in a fresh process (this file, with the benchmark's name) and reads its results. */
function runAlone(name: string): Promise<BenchResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith(resultPrefix));
      if (code !== 0 || line === undefined) {
        reject(new Error(`benchmark ${name} ended with code ${String(code)}:\n${output}`));
        return;
      }
      resolve(JSON.parse(line.slice(resultPrefix.length)) as BenchResult[]);
    });
  });
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== undefined) {
    const benchmark = benchmarks[only];
    if (benchmark === undefined) throw new Error(`no benchmark named ${only}`);
    console.log(`${resultPrefix}${JSON.stringify(await benchmark())}`);
    return;
  }
  const results: BenchResult[] = [];
  for (const name of Object.keys(benchmarks)) results.push(...(await runAlone(name)));
  const output = path.join(repositoryRoot, 'test-results', 'bench.json');
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(
    output,
    `${JSON.stringify(
      results.map(({ name, value, unit, target, ok }) => ({ name, value, unit, target, ok })),
      null,
      2,
    )}\n`,
  );
  const width = Math.max(...results.map((result) => result.name.length));
  console.log(`${'benchmark'.padEnd(width)}  value    target  ok`);
  for (const result of results) {
    console.log(
      `${result.name.padEnd(width)}  ${result.value.toFixed(2).padStart(5)}${result.unit}  ${result.target === null ? '     —' : `≤ ${result.target.toFixed(2)}`}  ${result.ok === null ? '(for reference)' : result.ok ? 'yes' : 'NO'}`,
    );
    console.log(`${''.padEnd(width)}  ${result.detail}`);
  }
  console.log(`wrote ${path.relative(repositoryRoot, output)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
