/**
 * Worker thread entry (openApiReader.ts starts it): reads one API description at a time with
 * previewOpenApi and posts back the preview or the error's body. Running here, a document that
 * takes long or much memory costs this thread, which the backend can end, not its event loop.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/api/appError';
import { previewOpenApi } from './openApiImport';
import type { WorkerAnswer, WorkerRequest } from './openApiWorkerMessages';

const port = parentPort;
if (port === null) throw new Error('openApiWorker runs as a worker thread, started by openApiReader.');

port.on('message', (request: WorkerRequest) => {
  const answer = (message: WorkerAnswer) => port.postMessage(message);
  previewOpenApi(request.source).then(
    (preview) => answer({ id: request.id, preview }),
    (error: unknown) =>
      answer({
        id: request.id,
        error:
          error instanceof AppError
            ? error.toBody()
            : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
// The validator compiles its schemas on first use: done here, so a document's time budget
// measures the document, not the start of the worker.
const warmUp = '{"openapi": "3.0.3", "info": {"title": "", "version": ""}, "paths": {}}';
void previewOpenApi(warmUp).finally(() => port.postMessage({ id: 0, isReady: true } satisfies WorkerAnswer));
