import { describe, expect, it } from 'vitest';
import { describeVariable } from './variablesInScope';

describe('describeVariable', () => {
  it('tells a step’s state from the HTTP status of a method’s answer', () => {
    expect(describeVariable('steps.get_ticket.status')).toBe('the step’s state: succeeded or failed');
    expect(describeVariable('steps.get_ticket.outputs.status')).toBe('the HTTP status code of its answer');
    expect(describeVariable('steps.get_ticket.outputs.title')).toBe('an output of the step');
  });

  it('names the other roots', () => {
    expect(describeVariable('inputs.ticketId')).toBe('an input of the run');
    expect(describeVariable('vars.count')).toBe('a variable set by a step');
    expect(describeVariable('trigger.body')).toBe('the webhook’s payload (empty for other runs)');
    expect(describeVariable('client')).toBe('the client the run is for');
    expect(describeVariable('ticket')).toBe('the item of the For each loop');
  });
});
