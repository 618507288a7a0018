/**
 * stdout and stderr read by a reader that stops before the command ends (`… | head -c 10`): what
 * is written after that is dropped, so a run goes on to its end and is recorded as it ended. Left
 * to Node, the first write after the reader left threw EPIPE as an unhandled 'error' event: the
 * process died mid-run with a stack trace and exit code 1, its run left to be marked interrupted.
 */

/** A reader that has gone; anything else a stream reports is not ours to hide. */
const isClosedPipe = (error: NodeJS.ErrnoException) =>
  error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';

/** Keeps the command going when whoever reads its output has stopped reading. */
export function keepGoingPastClosedPipes(streams: readonly NodeJS.WriteStream[]): void {
  for (const stream of streams)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!isClosedPipe(error)) throw error;
    });
}
