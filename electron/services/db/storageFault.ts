/**
 * Storage faults — a full disk, a database another program holds locked — are conditions of the
 * machine, not bugs: they are named here so callers can wait, retry or refuse with a message that
 * says what to do, instead of crashing or answering "internal".
 */
import { AppError } from '../../../shared/api/appError';

export type StorageFault = 'full' | 'busy';

/** SQLite's primary result codes that mean "the machine", with their extended forms (SQLITE_BUSY_SNAPSHOT …). */
const faultOfCode: Readonly<Record<string, StorageFault>> = {
  SQLITE_FULL: 'full',
  SQLITE_IOERR_WRITE: 'full',
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
};

/** The fault an error stands for, or undefined when it is anything else (a constraint, a bug). */
export function storageFaultOf(error: unknown): StorageFault | undefined {
  if (error instanceof AppError) {
    if (error.code === 'storage_full') return 'full';
    if (error.code === 'storage_busy') return 'busy';
    return undefined;
  }
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code === 'ENOSPC') return 'full';
  const exact = faultOfCode[code];
  if (exact !== undefined) return exact;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  return undefined;
}

/** The typed error a caller sees for a fault. */
export function storageError(fault: StorageFault, what = 'This change'): AppError {
  return fault === 'full'
    ? new AppError(
        'storage_full',
        `${what} could not be saved: the disk is full. Free some space; nothing already saved was lost.`,
      )
    : new AppError(
        'storage_busy',
        `${what} could not be saved: another program holds the database locked. Try again in a moment.`,
      );
}

/** `error` as the typed storage error when it is a fault, else unchanged. */
export function asStorageError(error: unknown, what?: string): unknown {
  const fault = error instanceof AppError ? undefined : storageFaultOf(error);
  return fault === undefined ? error : storageError(fault, what);
}
