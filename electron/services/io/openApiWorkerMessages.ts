/** The messages between openApiReader (the backend's thread) and openApiWorker. */
import type { ErrorBody } from '../../../shared/api/appError';
import type { OpenApiPreview } from './openApiImport';

export interface WorkerRequest {
  id: number;
  source: string;
}

/**
 * One of: the worker has loaded its modules (`isReady`, id 0), a document's preview, or the
 * error reading it. An error that is not an AppError comes as `internal` with its message, for
 * the log; the reader never shows it to a user.
 */
export type WorkerAnswer =
  { id: 0; isReady: true } | { id: number; preview: OpenApiPreview } | { id: number; error: ErrorBody };
