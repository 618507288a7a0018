/**
 * Reads one response body as it arrives: decompresses gzip, deflate and brotli with node:zlib and
 * enforces the byte limit on the decompressed bytes as they come out, so a small body that
 * inflates to gigabytes is stopped at the limit, and on the bytes received too, so endless empty
 * gzip members are stopped as well.
 *
 * Why not undici's decompression interceptor: it takes only zlib-wrapped "deflate" (servers send
 * it raw too, and axios and browsers accept both), leaves error answers compressed by default,
 * and reports a body cut short as an error where browsers keep what arrived.
 */
import { Transform } from 'node:stream';
import zlib from 'node:zlib';

export type BodyFailure = { kind: 'tooLarge' } | { kind: 'undecodable'; error: Error };

export interface BodyReaderCallbacks {
  /** The whole body, decoded; `isDecoded` says a content-encoding was undone. */
  onBody(body: Buffer, isDecoded: boolean): void;
  onFailure(failure: BodyFailure): void;
}

/** Feeds a body in, chunk by chunk as received; `destroy` stops any decompression under way. */
export interface ResponseBodyReader {
  write(chunk: Buffer): void;
  end(): void;
  destroy(): void;
}

/**
 * A reader for a body of the given content-encoding (undefined: none) and byte limit. An
 * encoding it does not know is handed on as received, like the header that names it.
 */
export function createResponseBodyReader(
  encoding: string | undefined,
  limit: number,
  callbacks: BodyReaderCallbacks,
): ResponseBodyReader {
  const decoder = encoding === undefined ? undefined : decoderFor(encoding.trim().toLowerCase());
  const chunks: Buffer[] = [];
  let size = 0;
  let isStopped = false;
  const stop = (failure: BodyFailure) => {
    if (isStopped) return;
    isStopped = true;
    // The decoder holds input of its own: a few KB of brotli inflate to gigabytes, for seconds.
    decoder?.destroy();
    callbacks.onFailure(failure);
  };
  const keep = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) stop({ kind: 'tooLarge' });
    else chunks.push(chunk);
  };
  const whole = () => (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));

  if (decoder === undefined) {
    return {
      write: (chunk) => {
        if (!isStopped) keep(chunk);
      },
      end: () => {
        if (!isStopped) callbacks.onBody(whole(), false);
      },
      destroy: () => (isStopped = true),
    };
  }
  decoder.on('data', (chunk: Buffer) => {
    if (!isStopped) keep(chunk);
  });
  decoder.on('error', (error: Error) => stop({ kind: 'undecodable', error }));
  decoder.on('end', () => {
    if (!isStopped) callbacks.onBody(whole(), true);
  });
  // Counted as received too: empty gzip members, endlessly, inflate to nothing.
  let received = 0;
  return {
    write: (chunk) => {
      if (isStopped) return;
      received += chunk.length;
      if (received > limit) stop({ kind: 'tooLarge' });
      else decoder.write(chunk);
    },
    end: () => {
      if (!isStopped) decoder.end();
    },
    destroy: () => {
      isStopped = true;
      decoder.destroy();
    },
  };
}

function decoderFor(encoding: string): Transform | undefined {
  // Flushing like browsers do: a body cut short still gives what arrived rather than an error.
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({
        flush: zlib.constants.Z_SYNC_FLUSH,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      });
    case 'deflate':
      return inflateEitherWay();
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return undefined;
  }
}

/**
 * "deflate" means zlib-wrapped (RFC 1950), yet some servers send it raw (RFC 1951); browsers and
 * axios take both, so the first byte picks the inflater.
 */
function inflateEitherWay(): Transform {
  const options = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  let inflate: zlib.Inflate | zlib.InflateRaw | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (inflate === undefined) {
        // A zlib header's low four bits name its method, deflate being 8.
        inflate =
          ((chunk[0] ?? 0) & 0x0f) === 8 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inflate.on('data', (data: Buffer) => this.push(data));
        inflate.on('error', (error) => this.destroy(error));
      }
      inflate.write(chunk, () => done());
    },
    flush(done) {
      if (inflate === undefined) {
        done();
        return;
      }
      inflate.on('end', () => done());
      inflate.end();
    },
    destroy(error, done) {
      inflate?.destroy();
      done(error);
    },
  });
}
