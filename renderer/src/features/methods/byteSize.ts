/** A body's size as people read it: bytes below 1 KB, else KB with one decimal. */

/** `512 B`, `1.5 KB`. */
export function formatByteSize(bytes: number): string {
  return bytes < 1024 ? `${String(bytes)} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
