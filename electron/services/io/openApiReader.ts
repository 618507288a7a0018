/**
 * Reads API descriptions off the backend's thread. previewOpenApi parses, validates and
 * dereferences in a worker thread (openApiWorker.ts), one document at a time, under a time and
 * a memory budget: whatever a document costs, every other call, the webhook listener and
 * SIGTERM keep being answered. A document over budget ends the worker; the next one starts a
 * new worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AppError } from '../../../shared/api/appError';
import type { OpenApiPreview } from './openApiImport';
import type { WorkerAnswer, WorkerRequest } from './openApiWorkerMessages';

export interface OpenApiReaderOptions {
  /** How long one document may take, from the moment the worker has it. Default 10 s. */
  timeoutMs?: number;
  /** The worker's V8 old-generation heap, in MB. Default 512. */
  maxMemoryMb?: number;
  /**
   * Documents that may wait behind the one being read; more are refused as busy. Each may take
   * the whole time budget, so an unbounded queue would make the last caller wait for minutes.
   */
  maxWaiting?: number;
}

export interface OpenApiReader {
  /** The document's operations as methods; refuses it with an AppError naming the budget it exceeds. */
  /** `timeoutMs` overrides the reader's time budget for this document only. */
  read(source: string, options?: { timeoutMs?: number }): Promise<OpenApiPreview>;
  /** Ends the worker (a document being read is refused) and refuses further reads. */
  dispose(): void;
}

/** How long a new worker may take to load its modules (tsx compiles them under tests). */
const startTimeoutMs = 60_000;

/**
 * The built worker script, if this is a build. In the packaged desktop app the script is
 * unpacked beside app.asar (electron-builder.yml asarUnpack): a worker thread then loads a plain
 * file whatever the Electron version's support for workers inside an asar archive.
 */
function builtWorkerPath(): string | undefined {
  const built = path.join(__dirname, 'openApiWorker.cjs');
  const unpacked = built.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  if (unpacked !== built && fs.existsSync(unpacked)) return unpacked;
  return fs.existsSync(built) ? built : undefined;
}

/**
 * A new worker. In a build, scripts/build.mjs writes openApiWorker.cjs into the outdir of each
 * bundle holding this code. From the TypeScript sources (tests), the worker registers tsx and
 * imports openApiWorker.ts: Node 20 does not apply `--import tsx` hooks to a worker's entry
 * file, so the entry is a line of code, and tsx is found from the working directory (the repo).
 */
function newWorker(resourceLimits: ResourceLimits): Worker {
  const built = builtWorkerPath();
  if (built !== undefined) return new Worker(built, { resourceLimits });
  const source = pathToFileURL(path.join(__dirname, 'openApiWorker.ts')).href;
  const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(entry, { eval: true, resourceLimits });
}

const seconds = (ms: number) => (ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 });

export function createOpenApiReader(options: OpenApiReaderOptions = {}): OpenApiReader {
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const maxMemoryMb = options.maxMemoryMb ?? 512;
  let current: { worker: Worker; ready: Promise<void> } | undefined;
  let isDisposed = false;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 1;
  const maxWaiting = options.maxWaiting ?? 4;
  /** Documents handed to `read` and not yet answered: the one being read and those waiting. */
  let pending = 0;

  const stop = (worker: Worker) => {
    if (current?.worker === worker) current = undefined;
    void worker.terminate();
  };

  /** The running worker, or a new one; `ready` settles when it has loaded its modules. */
  const start = () => {
    if (current !== undefined) return current;
    const worker = newWorker({ maxOldGenerationSizeMb: maxMemoryMb });
    // A worker never keeps the process alive: SIGTERM and the end of a CLI command are not held.
    worker.unref();
    // An 'error' with no listener would throw on the backend's thread; it ends this worker only.
    worker.on('error', () => stop(worker));
    worker.on('exit', () => {
      if (current?.worker === worker) current = undefined;
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop(worker);
        reject(new Error(`the OpenAPI reader did not start within ${seconds(startTimeoutMs)} s`));
      }, startTimeoutMs);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the OpenAPI reader stopped before it started (exit code ${String(code)})`));
      });
    });
    ready.catch(() => undefined);
    current = { worker, ready };
    return current;
  };

  /** Sends one document to the worker and waits for its answer, at most `timeoutMs`. */
  const readOne = async (source: string, timeoutMs: number): Promise<OpenApiPreview> => {
    if (isDisposed) throw new AppError('internal', 'The app is closing; try again after it starts.');
    const { worker, ready } = start();
    await ready;
    if (current?.worker !== worker) {
      if (isDisposed) throw new AppError('internal', 'The app is closing; try again after it starts.');
      throw new Error('the OpenAPI reader stopped before it was given the document');
    }
    return new Promise<OpenApiPreview>((resolve, reject) => {
      const id = nextId++;
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        outcome();
      };
      const onMessage = (answer: WorkerAnswer) => {
        if (answer.id !== id) return;
        if ('preview' in answer) settle(() => resolve(answer.preview));
        else if ('error' in answer && answer.error.code !== 'internal')
          settle(() => reject(new AppError(answer.error.code, answer.error.message, answer.error.field)));
        else if ('error' in answer)
          settle(() => reject(new Error(`reading an OpenAPI document failed: ${answer.error.message}`)));
      };
      const onError = (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new AppError(
                  'invalid_input',
                  `The document needs more than ${String(maxMemoryMb)} MB of memory to read; it cannot be imported. Import a smaller part of the API.`,
                  'source',
                )
              : error,
          ),
        );
      const onExit = () =>
        settle(() =>
          reject(
            isDisposed
              ? new AppError('internal', 'The app closed while the document was being read.')
              : new Error('the OpenAPI reader stopped while reading a document'),
          ),
        );
      const timer = setTimeout(() => {
        stop(worker);
        settle(() =>
          reject(
            new AppError(
              'invalid_input',
              `The document took longer than ${seconds(timeoutMs)} s to read; it cannot be imported. Import a smaller part of the API.`,
              'source',
            ),
          ),
        );
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, source } satisfies WorkerRequest);
    });
  };

  return {
    read: (source, { timeoutMs = defaultTimeoutMs } = {}) => {
      if (pending > maxWaiting)
        return Promise.reject(
          new AppError(
            'busy',
            'Other OpenAPI documents are being read right now; try again in a few seconds.',
          ),
        );
      pending += 1;
      // One document at a time; each waits at most the one before it takes, which is bounded.
      const result = queue.then(() => readOne(source, timeoutMs)).finally(() => (pending -= 1));
      queue = result.catch(() => undefined);
      return result;
    },
    dispose: () => {
      isDisposed = true;
      if (current !== undefined) stop(current.worker);
    },
  };
}
