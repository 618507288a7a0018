/**
 * `npm run bench`: runs every benchmark, prints a table and writes test-results/bench.json as
 * [{name, value, unit, target, ok}]. Each value is a ratio of two timings taken in this run.
 * Never part of pass/fail tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../e2e/support/serveProcess';
import type { BenchResult } from './benchResult';
import { benchCanvas } from './canvas.bench';
import { benchEngine } from './engine.bench';
import { benchHttpCore } from './httpCore.bench';
import { benchIntegrationStorage } from './integrationStorage.bench';
import { benchServeStartup } from './serveStartup.bench';

const benchmarks: (() => Promise<BenchResult[]>)[] = [
  benchIntegrationStorage,
  benchHttpCore,
  benchEngine,
  benchServeStartup,
  benchCanvas,
];

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  for (const benchmark of benchmarks) results.push(...(await benchmark()));
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
  console.log(`${'benchmark'.padEnd(width)}  ratio    target  ok`);
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
