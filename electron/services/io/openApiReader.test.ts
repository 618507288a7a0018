import { afterEach, describe, expect, it } from 'vitest';
import { createOpenApiReader, type OpenApiReader } from './openApiReader';
import { hugeExample } from './testSupport/hostileDocuments';

const readers: OpenApiReader[] = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.dispose();
});
const startReader = (...options: Parameters<typeof createOpenApiReader>) => {
  const reader = createOpenApiReader(...options);
  readers.push(reader);
  return reader;
};

const pets = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'Pets', version: '1' },
  paths: { '/pets': { get: { operationId: 'listPets', responses: { 200: { description: 'ok' } } } } },
});

// Each test starts a worker that loads its modules through tsx: seconds on a busy machine.
describe('OpenAPI reader', { timeout: 60_000 }, () => {
  it('reads a document in its worker thread', async () => {
    const preview = await startReader().read(pets);
    expect(preview).toMatchObject({ title: 'Pets', operations: [{ key: 'GET /pets' }] });
  });

  it('refuses a document that would wait behind too many others as busy, and reads those', async () => {
    const reader = startReader({ maxWaiting: 1 });
    const reads = [reader.read(pets), reader.read(pets), reader.read(pets)];
    await expect(reads[2]).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringContaining('try again'),
    });
    await expect(Promise.all(reads.slice(0, 2))).resolves.toHaveLength(2);
    await expect(reader.read(pets)).resolves.toMatchObject({ title: 'Pets' });
  });

  it('passes on the refusal of an invalid document as it is', async () => {
    await expect(startReader().read('{"name": "x"}')).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'source',
      message: expect.stringContaining('not an OpenAPI 3.x or Swagger 2.0 document'),
    });
  });

  it('refuses a document that takes longer than its time budget, then reads the next one', async () => {
    // The huge document takes about a second of work here; a budget of a fifth of that leaves
    // a wide margin on a faster machine (at 1 s it was sometimes refused for its size instead).
    const reader = startReader();
    await expect(reader.read(hugeExample(), { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'source',
      message: expect.stringMatching(/^The document took longer than 0.2 s to read/),
    });
    await expect(reader.read(pets)).resolves.toMatchObject({ title: 'Pets' });
  });

  it('refuses a document that needs more memory than its budget', async () => {
    const reader = startReader({ maxMemoryMb: 64 });
    await expect(reader.read(pets)).resolves.toMatchObject({ title: 'Pets' });
    // Time enough for the memory limit to come first on a busy machine (34 s once, against 10 s).
    await expect(reader.read(hugeExample(), { timeoutMs: 90_000 })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'source',
      message: expect.stringMatching(/^The document needs more than 64 MB of memory to read/),
    });
  }, 120_000);

  it('ends the document being read when disposed, and refuses the next', async () => {
    const reader = startReader();
    await reader.read(pets);
    const reading = reader.read(hugeExample());
    await new Promise((resolve) => setTimeout(resolve, 100));
    reader.dispose();
    // Ended by the dispose itself (a document read to its end or to its limits says otherwise).
    await expect(reading).rejects.toMatchObject({
      code: 'internal',
      message: 'The app closed while the document was being read.',
    });
    await expect(reader.read(pets)).rejects.toMatchObject({ code: 'internal' });
  });
});
