/**
 * The text of an exchanged file: its size in bytes (what the limit means, not UTF-16 code units),
 * whether its bytes are UTF-8 (a decoder would silently put U+FFFD where they are not), and what
 * a name or description in it may hold. Pure: no TextDecoder or Buffer, so the renderer, the CLI
 * and the backend check alike.
 */
import type { z } from 'zod';
import { AppError } from '../api/appError';
import { countText } from '../domain/countText';

/** Bytes the text takes as UTF-8; a lone surrogate counts as the 3 bytes of U+FFFD it becomes. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or undefined when all of them do.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let offset = 0;
  while (offset < bytes.length) {
    const lead = bytes[offset] ?? 0;
    if (lead < 0x80) {
      offset += 1;
      continue;
    }
    // The length of the sequence and the range its second byte must fall in.
    const [length, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [2, 0x80, 0xbf]
        : lead === 0xe0
          ? [3, 0xa0, 0xbf]
          : lead === 0xed
            ? [3, 0x80, 0x9f]
            : lead >= 0xe1 && lead <= 0xef
              ? [3, 0x80, 0xbf]
              : lead === 0xf0
                ? [4, 0x90, 0xbf]
                : lead === 0xf4
                  ? [4, 0x80, 0x8f]
                  : lead >= 0xf1 && lead <= 0xf3
                    ? [4, 0x80, 0xbf]
                    : [0, 0, 0];
    if (length === 0) return offset;
    const second = bytes[offset + 1];
    if (second === undefined || second < low || second > high) return offset;
    for (let next = 2; next < length; next += 1) {
      const byte = bytes[offset + next];
      if (byte === undefined || byte < 0x80 || byte > 0xbf) return offset;
    }
    offset += length;
  }
  return undefined;
}

/** Refuses a file whose bytes are not UTF-8, saying where, before anything decodes it. */
export function assertUtf8File(bytes: Uint8Array): void {
  const offset = firstInvalidUtf8Byte(bytes);
  if (offset === undefined) return;
  throw new AppError(
    'invalid_input',
    `This file cannot be imported: it is not UTF-8 text (byte ${countText(offset)} is not valid UTF-8). Save it as UTF-8 and try again.`,
  );
}

/** Where a text comes from, for the advice on U+FFFD: a file to save again, or a field to retype. */
export type TextSource = 'file' | 'field';

const isControl = (unit: number) => unit < 0x20 || unit === 0x7f;
const isLineSpace = (unit: number) => unit === 0x09 || unit === 0x0a || unit === 0x0d;

/** Whether a name (one line) or a description (tabs and line breaks allowed) may hold this UTF-16 unit. */
const isRefused = (unit: number, isMultiline: boolean) =>
  (isControl(unit) && !(isMultiline && isLineSpace(unit))) || unit === 0xfffd;

/**
 * What is wrong with a name (one line) or a description (tabs and line breaks allowed) from a
 * file or a field, or undefined: control characters (NUL and the like) hide or cut text wherever
 * it is shown, and U+FFFD is what a decoder leaves where the bytes were not UTF-8.
 */
export function textProblem(
  text: string,
  isMultiline: boolean,
  source: TextSource = 'file',
): string | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (!isRefused(unit, isMultiline)) continue;
    if (unit !== 0xfffd)
      return `contains the control character U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
    return source === 'file'
      ? 'contains U+FFFD, the mark left where the file’s bytes were not UTF-8; save it as UTF-8'
      : 'contains U+FFFD (�), the mark left where text was not read as UTF-8; type the character it replaced';
  }
  return undefined;
}

/**
 * A one-line text as it is saved and imported: a tab becomes a space. A tab in a name comes from
 * a spreadsheet cell or a document pasted in, and a space is what the person meant.
 */
export function tabsAsSpaces(text: string): string {
  return text.includes('\t') ? text.replaceAll('\t', ' ') : text;
}

/**
 * A text as the app's own export writes it, so that its import takes it: a tab in a one-line
 * text becomes a space (as saving it does), and any other character textProblem names becomes a
 * space too. Only rows saved before names were checked at save hold such characters.
 */
export function exchangeableText(text: string, isMultiline: boolean): string {
  if (textProblem(text, isMultiline) === undefined) return text;
  let written = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    written += isRefused(unit, isMultiline) ? ' ' : text.charAt(index);
  }
  return written;
}

/**
 * The rule of the import's textProblem applied where the text is saved, so that what the app
 * saves its export can hand on: a tab in a one-line text becomes a space, any other control
 * character or U+FFFD is refused at the field, led by its label ("Name contains the control
 * character U+0000"). For what a call saves only: answers and stored rows are read with the
 * plain schema, so a row saved before this rule still lists and opens.
 */
export function savedText(schema: z.ZodString, label: string, isMultiline = false): z.ZodString {
  const spaced = isMultiline ? schema : schema.overwrite(tabsAsSpaces);
  return spaced.superRefine((text, context) => {
    const problem = textProblem(text, isMultiline, 'field');
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `${label} ${problem}` });
  });
}
