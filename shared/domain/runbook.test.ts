import { describe, expect, it } from 'vitest';
import { methodDefinitionSchema } from './method';
import { runbookDetailsSchema, runbookLimits, versionNoteSchema } from './runbook';

const details = { name: 'Onboard a user', description: '', category: '', tags: [] };

/** The message of the first thing `details` with `change` is refused for. */
const refusalOf = (change: Record<string, unknown>) =>
  runbookDetailsSchema.safeParse({ ...details, ...change }).error?.issues[0]?.message;

describe('runbook details', () => {
  it('refuse each text over its limit with a message naming the field and the limit', () => {
    expect(refusalOf({ name: 'n'.repeat(runbookLimits.nameMax + 1) })).toBe(
      'Name must be at most 200 characters',
    );
    expect(refusalOf({ description: 'd'.repeat(5_001) })).toBe('Description must be at most 5000 characters');
    expect(refusalOf({ category: 'c'.repeat(61) })).toBe('Category must be at most 60 characters');
    expect(refusalOf({ tags: ['t'.repeat(41)] })).toBe('A tag must be at most 40 characters');
    expect(refusalOf({ tags: Array.from({ length: 31 }, (_, index) => `tag${String(index)}`) })).toBe(
      'A runbook has at most 30 tags',
    );
    expect(refusalOf({ tags: ['  '] })).toBe('A tag cannot be empty');
  });

  it('take a name of exactly the limit, trimmed', () => {
    const name = 'n'.repeat(runbookLimits.nameMax);
    expect(runbookDetailsSchema.parse({ ...details, name: ` ${name} ` }).name).toBe(name);
  });

  it('give a version note and a method name over their limits the same plain message', () => {
    expect(versionNoteSchema.safeParse('v'.repeat(2_001)).error?.issues[0]?.message).toBe(
      'The note must be at most 2000 characters',
    );
    const method = methodDefinitionSchema.safeParse({ name: 'm'.repeat(201), httpMethod: 'GET' });
    expect(method.error?.issues[0]?.message).toBe('Name must be at most 200 characters');
  });
});
