import { describe, expect, it } from 'vitest';
import { debugContextSchema } from '../rehearsal/debugging';
import { runSummarySchema, stepRecordSchema } from './runbook';

const withProtoKey = () => JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;

describe('values by name as a call answers them', () => {
  it('keep an output named __proto__ in a step record', () => {
    const record = stepRecordSchema.parse({
      seq: 1,
      stepId: 'set',
      stepType: 'setVariables',
      status: 'succeeded',
      request: null,
      response: null,
      outputs: withProtoKey(),
      error: null,
      startedAt: '2026-12-05T00:00:00.000Z',
      finishedAt: '2026-12-05T00:00:00.001Z',
      durationMs: 1,
      mayHaveBeenSent: false,
    });
    expect(JSON.stringify(record.outputs)).toBe('{"__proto__":1,"a":2}');
  });

  it('keep a variable and an output named __proto__ in a debug run’s context', () => {
    const context = debugContextSchema.shape.vars.parse(withProtoKey());
    expect(Object.keys(context)).toEqual(['__proto__', 'a']);
    const steps = debugContextSchema.shape.steps.parse({
      set: { status: 'succeeded', outputs: withProtoKey() },
    });
    expect(Object.keys(steps.set?.outputs ?? {})).toEqual(['__proto__', 'a']);
  });

  it('keep an input named __proto__ in a run’s answers and a debug run’s context', () => {
    expect(Object.keys(runSummarySchema.shape.inputs.parse(withProtoKey()))).toEqual(['__proto__', 'a']);
    expect(Object.keys(debugContextSchema.shape.inputs.parse(withProtoKey()))).toEqual(['__proto__', 'a']);
  });

  it('refuse what is not an object of values', () => {
    expect(stepRecordSchema.shape.outputs.safeParse([1]).success).toBe(false);
    expect(stepRecordSchema.shape.outputs.safeParse(null).success).toBe(false);
  });
});
