/** `runbook-designer run <file>` refusing files it cannot use, before anything is imported. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend, temporaryDirectory } from '../services/testSupport/temporaryBackend';
import { runCommand } from './runCommand';

describe('run command', () => {
  it('refuses a file that is not UTF-8 with exit code 2, naming the byte, importing nothing', async () => {
    const backend = startBackend();
    const file = path.join(temporaryDirectory(), 'latin1.runbook.json');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('{"format": "runbook-designer/runbook", "schemaVersion": 1, "runbook": {"name": "Caf'),
        Buffer.from([0xe9]),
        Buffer.from('", "steps": []}}'),
      ]),
    );
    const errors: string[] = [];
    const code = await runCommand(
      backend,
      { file, inputs: [] },
      { out: () => undefined, err: (text) => errors.push(text) },
    );
    expect(code).toBe(2);
    expect(errors.join('')).toContain('it is not UTF-8 text (byte 83 is not valid UTF-8)');
    expect(await backend.dispatch('runbooks.list', {})).toMatchObject({ total: 0 });
  });
});
