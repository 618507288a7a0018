/**
 * Runs the built command line (`dist/headless/cli.cjs`) as a CI job does, and collects its exit
 * code, stdout and stderr. Bounded: a CLI that does not finish in 60 s fails the test.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from './serveProcess';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/headless/cli.cjs …args` (or another command in the repository) with extra environment. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  command: readonly string[] = [process.execPath, path.join(repositoryRoot, 'dist/headless/cli.cjs')],
): Promise<CliResult> {
  const [program = process.execPath, ...programArgs] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...programArgs, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the CLI did not finish in 60 s; stderr:\n${stderr}`));
    }, 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
