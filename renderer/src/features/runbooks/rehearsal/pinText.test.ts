/** Reading a pin's edited JSON: kept when it reads, refused with the reason and place when not. */
import { describe, expect, it } from 'vitest';
import { pinText, readPinText } from './pinText';

describe('pin text', () => {
  it('reads back what it wrote', () => {
    const pin = {
      stepId: 'open',
      from: 'test' as const,
      pinnedAt: '2026-12-02T00:00:00.000Z',
      status: 201,
      outputs: { ticketId: 'T-1' },
      response: null,
    };
    expect(readPinText(pinText(pin))).toEqual({
      value: { status: 201, outputs: { ticketId: 'T-1' }, response: null },
    });
  });

  it('refuses text that is not JSON, saying why', () => {
    const read = readPinText('{ "status": 200,');
    expect('problem' in read && read.problem).toMatch(/^Not valid JSON: /);
  });

  it('refuses JSON that is not a pin, naming the field at fault', () => {
    const read = readPinText('{ "status": 42, "outputs": {} }');
    expect('problem' in read && read.problem).toMatch(/^Not a pin: .*\(at status\)/);
  });
});
