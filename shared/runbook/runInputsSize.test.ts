import { describe, expect, it } from 'vitest';
import { runCalls } from '../api/runCalls';
import { runGroupCalls } from '../api/runGroupCalls';
import { maxRunInputsBytes, runInputsSchema, runInputsSizeProblem, sizeText } from './runInputsSize';

const text = (bytes: number) => 'x'.repeat(bytes);

describe('run inputs size', () => {
  it.each([
    ['no inputs', {}, undefined],
    ['inputs well under the limit', { ticket: 'T-1', count: 3, data: { a: [1, 2] } }, undefined],
    // {"data":"…"} is 11 bytes around the text.
    ['inputs exactly at the limit', { data: text(maxRunInputsBytes - 11) }, undefined],
    ['one byte over the limit', { data: text(maxRunInputsBytes - 10) }, 'data'],
    ['one input of 50 MB', { ticket: 'T-1', data: text(50 * 1024 * 1024) }, 'data'],
    ['several that together are over', { a: text(400_000), b: text(500_000), c: text(300_000) }, 'b'],
  ])('%s', (_, inputs, name) => {
    expect(runInputsSizeProblem(inputs)?.name).toBe(name);
  });

  it('counts as UTF-8: 400,000 × "é" is 800 KB, 400,000 × "😀" 1.6 MB', () => {
    expect(runInputsSizeProblem({ data: 'é'.repeat(400_000) })).toBeUndefined();
    expect(runInputsSizeProblem({ data: '😀'.repeat(400_000) })?.message).toBe(
      'The input "data" is 1.6 MB; a run takes at most 1 MB of inputs. Pass a large document by reference instead (a URL a step fetches).',
    );
  });

  it('says how much the inputs come to and how much the largest is', () => {
    expect(runInputsSizeProblem({ a: text(600 * 1024), b: text(700 * 1024) })?.message).toBe(
      'The inputs come to 1.3 MB; a run takes at most 1 MB of inputs ("b" is 701 KB of it).',
    );
  });

  it('writes a size just over a limit as over it', () => {
    expect(sizeText(maxRunInputsBytes)).toBe('1 MB');
    expect(sizeText(maxRunInputsBytes + 1)).toBe('1.1 MB');
    expect(sizeText(52.3 * 1024 * 1024)).toBe('52.3 MB');
    expect(sizeText(1000)).toBe('1 KB');
  });
});

describe('run inputs as a call gives them', () => {
  const withProtoKey = () => JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as Record<string, unknown>;

  it('keep an input named "__proto__" as its own key, never as the prototype', () => {
    for (const inputs of [
      runInputsSchema.parse(withProtoKey()),
      runCalls['runs.start'].input.parse({ runbookId: 'r1', inputs: withProtoKey() }).inputs,
      runGroupCalls['runGroups.start'].input.parse({
        runbookId: 'r1',
        clients: ['A'],
        inputs: withProtoKey(),
      }).inputs,
    ]) {
      expect(Object.keys(inputs)).toEqual(['__proto__', 'a']);
      expect(Object.getPrototypeOf(inputs)).toBe(Object.prototype);
      expect(JSON.stringify(inputs)).toBe('{"__proto__":{"x":1},"a":2}');
    }
  });

  it('are still bounded in names and entries', () => {
    expect(runInputsSchema.safeParse({ [text(201)]: 1 }).success).toBe(false);
    expect(
      runInputsSchema.safeParse(Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, i])))
        .success,
    ).toBe(false);
    expect(runInputsSchema.safeParse([1]).success).toBe(false);
    expect(runInputsSchema.safeParse({ data: text(maxRunInputsBytes) }).success).toBe(false);
  });
});
