import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { issueMessage } from './validationMessages';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const issue = schema.safeParse(value).error?.issues[0];
  return issue === undefined ? undefined : issueMessage(issue);
};

describe('sizes refused without a message of their own', () => {
  it('are worded as a person says them', () => {
    expect(messageOf(z.string().max(3), 'abcd')).toBe('At most 3 characters.');
    expect(messageOf(z.string().max(1), 'ab')).toBe('At most 1 character.');
    expect(messageOf(z.string().min(4), 'ab')).toBe('At least 4 characters.');
    expect(messageOf(z.string().min(1), '')).toBe('Must not be empty.');
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('At most 2 items.');
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('Give at least one.');
    expect(messageOf(z.number().max(10), 11)).toBe('At most 10.');
    expect(messageOf(z.number().lt(10), 10)).toBe('Less than 10.');
    expect(messageOf(z.number().positive(), 0)).toBe('More than 0.');
  });

  it('keep a schema’s own message, and leave other problems as zod words them', () => {
    expect(messageOf(z.string().max(3, 'Too long for a code.'), 'abcd')).toBe('Too long for a code.');
    expect(messageOf(z.string(), 3)).toBe('Invalid input: expected string, received number');
  });
});
