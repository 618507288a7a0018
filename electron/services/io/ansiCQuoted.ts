/**
 * Bash's ANSI-C quoting, `$'…'`, as "Copy as cURL (bash)" in Chrome and Firefox writes any value
 * holding a quote, a line break or a character outside ASCII: `--data-raw $'{"note":"it\'s"}'`.
 * Read as a plain quote, its `\'` ended the quote early ("unclosed quote") and `\n` stayed two
 * characters, and the `$` became part of the word (a header named "$X-A").
 */

const simpleEscapes: Readonly<Record<string, string>> = {
  a: '\u0007',
  b: '\b',
  e: '\u001b',
  E: '\u001b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** A numeric escape: its digits (up to `most`, matching `digit`) after `at`, as a code point. */
function numeric(command: string, at: number, most: number, digit: RegExp, radix: number) {
  let end = at;
  while (end < at + most && digit.test(command[end] ?? '')) end += 1;
  if (end === at) return undefined;
  const code = Number.parseInt(command.slice(at, end), radix);
  return { text: code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code), end };
}

/** One escape starting at the backslash at `at`: its text and where the quote goes on. */
function escapeAt(command: string, at: number): { text: string; end: number } {
  const letter = command[at + 1] ?? '';
  const simple = simpleEscapes[letter];
  if (simple !== undefined) return { text: simple, end: at + 2 };
  const found =
    letter === 'x'
      ? numeric(command, at + 2, 2, /[0-9a-f]/i, 16)
      : letter === 'u'
        ? numeric(command, at + 2, 4, /[0-9a-f]/i, 16)
        : letter === 'U'
          ? numeric(command, at + 2, 8, /[0-9a-f]/i, 16)
          : numeric(command, at + 1, 3, /[0-7]/, 8);
  if (found !== undefined) return found;
  if (letter === 'c' && at + 2 < command.length)
    return { text: String.fromCharCode(command.charCodeAt(at + 2) & 0x1f), end: at + 3 };
  // Not an escape bash knows: the backslash stays, as in bash.
  return { text: `\\${letter}`, end: at + 2 };
}

/**
 * The text of the `$'…'` quote whose `$` is at `start`, and the index just after its closing
 * quote; undefined when it is not closed.
 */
export function readAnsiCQuoted(command: string, start: number): { text: string; end: number } | undefined {
  let text = '';
  let index = start + 2;
  while (index < command.length) {
    const char = command[index] ?? '';
    if (char === "'") return { text, end: index + 1 };
    if (char !== '\\') {
      text += char;
      index += 1;
      continue;
    }
    const escaped = escapeAt(command, index);
    text += escaped.text;
    index = escaped.end;
  }
  return undefined;
}
