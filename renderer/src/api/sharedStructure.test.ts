import { describe, expect, it } from 'vitest';
import { sharedStructure } from './sharedStructure';

const parsed = (text: string): unknown => JSON.parse(text);

describe('the resource cache’s structural sharing', () => {
  it('keeps a "__proto__" key of a changed answer as the answer’s own key', () => {
    const previous = parsed('{"outputs": {"__proto__": 1, "a": 2}}');
    const next = parsed('{"outputs": {"__proto__": 1, "a": 2, "held": {}}}');
    const shared = sharedStructure(previous, next) as { outputs: object };
    expect(JSON.stringify(shared)).toBe('{"outputs":{"__proto__":1,"a":2,"held":{}}}');
    expect(Object.getPrototypeOf(shared.outputs)).toBe(Object.prototype);
  });

  it('never takes an object under "__proto__" as the copy’s prototype', () => {
    const shared = sharedStructure(parsed('{"b": 1}'), parsed('{"__proto__": {"x": 1}}')) as object;
    expect(Object.keys(shared)).toEqual(['__proto__']);
    expect((shared as { x?: unknown }).x).toBeUndefined();
  });

  it('gives back the unchanged parts of the previous answer, and the previous answer when equal', () => {
    const previous = parsed('{"steps": [{"id": "a"}, {"id": "b"}], "status": "running"}') as {
      steps: object[];
    };
    const next = parsed('{"steps": [{"id": "a"}, {"id": "b"}], "status": "succeeded"}');
    const shared = sharedStructure(previous, next) as typeof previous & { status: string };
    expect(shared).not.toBe(previous);
    expect(shared.status).toBe('succeeded');
    expect(shared.steps).toBe(previous.steps);
    expect(sharedStructure(previous, parsed(JSON.stringify(previous)))).toBe(previous);
  });
});
