import { describe, expect, it } from 'vitest';
import { methodToCurl } from '../../../shared/io/methodToCurl';
import { parseCurl, shellWords } from './parseCurl';

describe('shellWords', () => {
  it.each([
    [`curl 'a b' "c \\"d\\"" e\\ f`, ['curl', 'a b', 'c "d"', 'e f']],
    ['curl \\\n  -X POST', ['curl', '-X', 'POST']],
    [`curl '' x`, ['curl', '', 'x']],
    // Bash's $'…', as "Copy as cURL (bash)" writes a value with a quote or a line break.
    [`curl --data-raw $'{"note":"it\\'s\\n"}'`, ['curl', '--data-raw', '{"note":"it\'s\n"}']],
    [`curl -H $'X-A: caf\\u00e9 \\x41\\101\\t\\q'`, ['curl', '-H', 'X-A: café AA\t\\q']],
    [`curl "$'not ANSI-C'" $'a'b`, ['curl', "$'not ANSI-C'", 'ab']],
  ])('splits %j', (command, words) => {
    expect(shellWords(command)).toEqual(words);
  });

  it('refuses an unclosed quote', () => {
    expect(() => shellWords("curl 'oops")).toThrow('The command has an unclosed quote.');
    expect(() => shellWords("curl $'oops\\'")).toThrow('The command has an unclosed quote.');
  });
});

describe('parseCurl', () => {
  it('reads a JSON POST with headers, like the OpenAI example', () => {
    const { definition, baseUrl } = parseCurl(`curl https://api.openai.com/v1/completions \\
      -H "Content-Type: application/json" \\
      -H "Authorization: Bearer $OPENAI_API_KEY" \\
      -d '{"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "max_tokens": 7}'`);
    expect(baseUrl).toBe('https://api.openai.com');
    expect(definition).toMatchObject({
      httpMethod: 'POST',
      path: '/v1/completions',
      headers: [{ key: 'Authorization', value: 'Bearer $OPENAI_API_KEY' }],
      body: {
        kind: 'json',
        text: '{"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "max_tokens": 7}',
      },
    });
  });

  it('reads query parameters, -X and basic credentials', () => {
    const { definition } = parseCurl(
      `curl -X DELETE 'https://x.example/tickets/7?force=true&reason=dup' -u ada:pw`,
    );
    expect(definition).toMatchObject({
      httpMethod: 'DELETE',
      path: '/tickets/7',
      query: [
        { key: 'force', value: 'true' },
        { key: 'reason', value: 'dup' },
      ],
      headers: [{ key: 'Authorization', value: `Basic ${Buffer.from('ada:pw').toString('base64')}` }],
    });
  });

  it('reads a user name and password in the URL as basic credentials, as curl sends them', () => {
    const { definition, baseUrl } = parseCurl('curl https://ada:p%40ss@x.example/tickets');
    expect(baseUrl).toBe('https://x.example');
    expect(definition.headers).toEqual([
      {
        key: 'Authorization',
        value: `Basic ${Buffer.from('ada:p@ss').toString('base64')}`,
        description: '',
        isEnabled: true,
      },
    ]);
    // -u wins over the URL's, as in curl.
    expect(parseCurl('curl -u bob:pw https://ada:x@x.example/').definition.headers).toEqual([
      expect.objectContaining({ value: `Basic ${Buffer.from('bob:pw').toString('base64')}` }),
    ]);
  });

  it('reads form data and -F multipart fields', () => {
    expect(parseCurl(`curl https://x.example/login -d 'user=ada&pass=x'`).definition.body).toEqual({
      kind: 'form',
      rows: [
        { key: 'user', value: 'ada', description: '', isEnabled: true },
        { key: 'pass', value: 'x', description: '', isEnabled: true },
      ],
    });
    expect(parseCurl(`curl https://x.example/upload -F name=report`).definition.body.kind).toBe('multipart');
  });

  it('turns -G data into query parameters', () => {
    const { definition } = parseCurl(`curl -G https://x.example/search -d q=printer`);
    expect(definition).toMatchObject({
      httpMethod: 'GET',
      query: [{ key: 'q', value: 'printer' }],
      body: { kind: 'none' },
    });
  });

  it.each([
    ['wget https://x.example', 'Paste a command that starts with "curl".'],
    ['curl -X GET', 'The command has no URL.'],
    ['curl --proxy-insecure https://x.example', 'The option --proxy-insecure is not supported.'],
    ['curl -H', '-H needs a value.'],
  ])('refuses %j', (command, message) => {
    expect(() => parseCurl(command)).toThrow(message);
  });

  it.each([
    ['curl file:///etc/passwd', 'file:'],
    ['curl ftp://x.example/report.csv', 'ftp:'],
    ['curl --url sftp://x.example/a', 'sftp:'],
  ])(
    'refuses %j, whose URL is not http or https, instead of calling a host named after its scheme',
    (command, scheme) => {
      expect(() => parseCurl(command)).toThrow(
        expect.objectContaining({
          code: 'invalid_input',
          field: 'command',
          message: `The command's URL starts with ${scheme}//; a method sends http:// or https:// requests only.`,
        }),
      );
    },
  );

  it.each([
    ['-d @body.json', '-d', 'body.json'],
    ['--data @/etc/passwd', '--data', '/etc/passwd'],
    ['--data-binary @payload.bin', '--data-binary', 'payload.bin'],
    ['--data-ascii @a.txt', '--data-ascii', 'a.txt'],
    ['--data-urlencode @q.txt', '--data-urlencode', 'q.txt'],
    ['--data-urlencode comment@note.txt', '--data-urlencode', 'note.txt'],
    ['--json @body.json', '--json', 'body.json'],
    ['-F report=@/home/ada/report.pdf', '-F', '/home/ada/report.pdf'],
    ['--form note=<note.txt', '--form', 'note.txt'],
  ])(
    'refuses %j, which reads a local file, instead of sending the file name as the body',
    (part, option, file) => {
      expect(() => parseCurl(`curl https://x.example/upload ${part}`)).toThrow(
        expect.objectContaining({
          code: 'invalid_input',
          field: 'command',
          message: `${option} reads the file "${file}", which is not read here: put its content into the command instead.`,
        }),
      );
    },
  );

  it('reads --data-urlencode name=content with an @ in it as a field, as curl does', () => {
    expect(
      parseCurl(`curl https://x.example --data-urlencode 'to@x=ada@example.com'`).definition.body,
    ).toEqual({
      kind: 'form',
      rows: [{ key: 'to@x', value: 'ada@example.com', description: '', isEnabled: true }],
    });
  });

  it('sends --data-raw @text as the text it is, as curl does', () => {
    expect(parseCurl(`curl https://x.example --data-raw '@handle=1'`).definition.body).toEqual({
      kind: 'form',
      rows: [{ key: '@handle', value: '1', description: '', isEnabled: true }],
    });
  });

  const many = (count: number, part: (index: number) => string) =>
    Array.from({ length: count }, (_, index) => part(index)).join(' ');
  it.each([
    ['headers', `curl https://x.example ${many(501, (index) => `-H 'X-${String(index)}: v'`)}`],
    [
      'query parameters',
      `curl 'https://x.example/?${many(501, (index) => `q${String(index)}=v`).replaceAll(' ', '&')}'`,
    ],
    ['form fields', `curl https://x.example ${many(501, (index) => `-F f${String(index)}=v`)}`],
    [
      'form fields',
      `curl https://x.example -d '${many(501, (index) => `f${String(index)}=v`).replaceAll(' ', '&')}'`,
    ],
  ])('refuses 501 %s as invalid input naming the limit', (part, command) => {
    expect(() => parseCurl(command)).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        field: 'command',
        message: `The command has more than 500 ${part}; a method holds at most 500.`,
      }),
    );
  });

  it('refuses a header value over the limit of a method, naming it', () => {
    expect(() => parseCurl(`curl https://x.example -H 'X-Big: ${'v'.repeat(100_001)}'`)).toThrow(
      'The command has a header value longer than 100,000 characters, the most a method holds.',
    );
  });

  it('keeps a path whose percent-escapes are not valid as it was sent', () => {
    for (const path of ['/%ZZ', '/%', '/a%E0%A4%A'])
      expect(parseCurl(`curl http://x.example${path}`).definition.path).toBe(path);
    expect(parseCurl('curl http://x.example/a%20b/%7Bid%7D').definition.path).toBe('/a b/{id}');
  });

  it('refuses a header with a line break in it at import, naming it', () => {
    for (const command of [
      `curl https://x.example -H $'X-A: 1\\r\\nX-B: 2'`,
      "curl https://x.example -H 'X-A: 1\nX-B: 2'",
    ])
      expect(() => parseCurl(command)).toThrow(
        expect.objectContaining({
          code: 'invalid_input',
          field: 'command',
          message:
            'The header "X-A" holds a line break (CR or LF); a header is one line: give each header its own -H.',
        }),
      );
  });

  it('quotes a URL that does not parse short and readable, its password hidden', () => {
    const error = (() => {
      try {
        parseCurl(`curl 'https://ada:hunter2@exa mple.com/${'x'.repeat(1_000_000)}'`);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toMatch(/^"https:\/\/ada:••••@exa mple\.com\/x+…" is not a URL\.$/);
    expect(error?.message.length).toBeLessThan(120);
    expect(() => parseCurl(`curl https://x.example -X ${'P'.repeat(100_000)}`)).toThrow(
      /^The method P+… is not supported\.$/,
    );
    expect(() => parseCurl(`curl https://x.example --${'o'.repeat(100_000)}`)).toThrow(
      /^The option -+o+… is not supported\.$/,
    );
  });

  it('keeps 500 headers', () => {
    const { definition } = parseCurl(
      `curl https://x.example ${many(500, (index) => `-H 'X-${String(index)}: v'`)}`,
    );
    expect(definition.headers).toHaveLength(500);
  });
});

describe('methodToCurl', () => {
  it('round-trips a method through cURL', () => {
    const { definition, baseUrl } = parseCurl(
      `curl -X PATCH 'https://x.example/tickets/{{id}}?notify=yes' -H 'X-Tenant: acme' --data-raw '{"status": "{{status}}"}'`,
    );
    const again = parseCurl(methodToCurl(definition, baseUrl));
    expect(again.definition).toEqual(definition);
  });

  it('writes a form value starting with @ or < as text, not as a file for curl to upload', () => {
    const { definition, baseUrl } = parseCurl(
      `curl https://x.example/notes --form-string 'handle=@ada' --form-string 'html=<b>hi</b>' -F 'plain=yes'`,
    );
    expect(definition.body).toMatchObject({
      kind: 'multipart',
      rows: [
        { key: 'handle', value: '@ada' },
        { key: 'html', value: '<b>hi</b>' },
        { key: 'plain', value: 'yes' },
      ],
    });
    const command = methodToCurl(definition, baseUrl);
    expect(command).toContain(`--form-string 'handle=@ada'`);
    expect(command).toContain(`--form-string 'html=<b>hi</b>'`);
    expect(command).toContain(`-F 'plain=yes'`);
    expect(parseCurl(command).definition).toEqual(definition);
  });
});
