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

/** A command line started and still going: its output so far, and how it ended. */
export interface CliChild {
  child: ReturnType<typeof spawn>;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, or the signal that ended it; rejects after 60 s (the CLI killed then). */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Starts `node dist/headless/cli.cjs …args` (or another command in the repository) with extra
 * environment, its output collected as it comes.
 */
export function startCli(
  args: readonly string[],
  env: Record<string, string>,
  command: readonly string[] = [process.execPath, path.join(repositoryRoot, 'dist/headless/cli.cjs')],
): CliChild {
  const [program = process.execPath, ...programArgs] = command;
  const child = spawn(program, [...programArgs, ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not finish in 60 s; stderr:\n${stderr}`));
    }, 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs the command line to its end (see startCli); `code` is null when a signal ended it. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  command?: readonly string[],
): Promise<CliResult> {
  const cli = startCli(args, env, command);
  const ended = await cli.exited;
  return { code: typeof ended === 'number' ? ended : null, stdout: cli.stdout(), stderr: cli.stderr() };
}
