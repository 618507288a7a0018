/**
 * Storage faults — a full disk, a database another program holds locked, a disk that refuses
 * writes (read-only, failing) — are conditions of the machine, not bugs: they are named here so
 * callers can wait, retry or refuse with a message that says what to do, instead of crashing or
 * answering "internal".
 */
import { AppError } from '../../../shared/api/appError';

export type StorageFault = 'full' | 'busy' | 'failing';

/**
 * SQLite result codes that mean "the machine". Extended codes (SQLITE_BUSY_SNAPSHOT,
 * SQLITE_IOERR_FSYNC, SQLITE_READONLY_DBMOVED …) count as their primary code, except where a
 * specific one says more (an I/O error while writing is how some systems report a full disk).
 */
const faultOfCode: Readonly<Record<string, StorageFault>> = {
  SQLITE_FULL: 'full',
  SQLITE_IOERR_WRITE: 'full',
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_IOERR: 'failing',
  SQLITE_READONLY: 'failing',
  SQLITE_CANTOPEN: 'failing',
};

const faultOfAppErrorCode: Readonly<Record<string, StorageFault>> = {
  storage_full: 'full',
  storage_busy: 'busy',
  storage_failing: 'failing',
};

/** The fault an error stands for, or undefined when it is anything else (a constraint, a bug). */
export function storageFaultOf(error: unknown): StorageFault | undefined {
  if (error instanceof AppError) return faultOfAppErrorCode[error.code];
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code === 'ENOSPC') return 'full';
  const exact = faultOfCode[code];
  if (exact !== undefined) return exact;
  const primary = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  return primary === undefined ? undefined : faultOfCode[primary];
}

/** The typed error a caller sees for a fault. */
export function storageError(fault: StorageFault, what = 'This change'): AppError {
  switch (fault) {
    case 'full':
      return new AppError(
        'storage_full',
        `${what} could not be saved: the disk is full. Free some space; nothing already saved was lost.`,
      );
    case 'busy':
      return new AppError(
        'storage_busy',
        `${what} could not be saved: another program holds the database locked. Try again in a moment.`,
      );
    case 'failing':
      return new AppError(
        'storage_failing',
        `${what} could not be saved: the disk refused the write (it may be read-only or failing). ` +
          'Check the data folder; nothing already saved was lost.',
      );
  }
}

/** `error` as the typed storage error when it is a fault, else unchanged. */
export function asStorageError(error: unknown, what?: string): unknown {
  const fault = error instanceof AppError ? undefined : storageFaultOf(error);
  return fault === undefined ? error : storageError(fault, what);
}

/** What the log says when records start waiting for the disk, and when they are written again. */
export const storageFaultLogLine: Readonly<Record<StorageFault | 'none', string>> = {
  none: 'records are being written again',
  full: 'the disk is full: run and call records wait in memory until space is free',
  busy: 'another program holds the database locked: records wait until it lets go',
  failing: 'the disk refuses writes (read-only or failing): records wait in memory until it takes them',
};
