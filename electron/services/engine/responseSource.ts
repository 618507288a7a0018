/**
 * Where an Execute method step's response comes from (PRODUCT.md §8 "Rehearse safely"). The
 * method executor asks the run's response source once per step; the source decides whether the
 * request is sent (live), answered by a pin, by the method's example (a dry run's unsafe
 * requests), or by a test case's recording (replay). One mechanism: executors know no modes.
 */
import type { ReceivedResponse, RequestResult, SentRequest } from '../../../shared/domain/requestResult';
import type {
  ExampleResponse,
  MethodRehearsal,
  PinValue,
  RunMode,
  StepRehearsal,
} from '../../../shared/rehearsal/rehearsal';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';

export type { MethodRehearsal } from '../../../shared/rehearsal/rehearsal';

/** One step's request, as a response source sees it. */
export interface MethodCall {
  stepId: string;
  /** Sends it for real (the live path, with its start record committed first when it may change something). */
  send(): Promise<RequestResult>;
  /**
   * Works it out without sending. `authorize: false` leaves credentials out (replay, offline);
   * `baseUrlIfNone` stands in where no base URL is known here (an integration whose base URL
   * comes from a configuration this machine does not have).
   */
  rehearse(options: { authorize: boolean; baseUrlIfNone?: string }): Promise<MethodRehearsal>;
}

/** What a source answers: the result, where it came from when not sent, or why the run must stop. */
export interface SourcedResult {
  result: RequestResult;
  rehearsal?: StepRehearsal;
  /** The run cannot go on truthfully (a replay whose request differs from the recording). */
  halt?: string;
}

export interface ResponseSource {
  respond(call: MethodCall): Promise<SourcedResult>;
  /**
   * The pin of a step that sends no request of its own (a Run runbook step: its result stands in
   * for running the child), when this source answers from pins.
   */
  pinOf?(stepId: string): PinValue | undefined;
}

/**
 * How a run rehearses: its mode, and the source for each runbook it runs (a Run runbook step's
 * child has pins and recordings of its own).
 */
export interface Rehearsal {
  mode: RunMode;
  sourceFor(runbookId: string): ResponseSource;
  /**
   * Why the runbook's pins cannot answer its steps as `graph` has them (a pin naming an exit its
   * step no longer has), or null: such a run is refused before it starts, rather than guess.
   */
  pinProblemOf?(runbookId: string, graph: RunbookGraph): string | null;
}

/** Sends every request: runs of published versions, webhooks, schedules, the command line. */
export const liveSource: ResponseSource = {
  respond: async (call) => ({ result: await call.send() }),
};

/** A pin's answer: its status and outputs as they were kept, and the request that was not sent. */
export function pinnedResult(pin: PinValue, request: SentRequest | null): RequestResult {
  return {
    request,
    response: pin.response === null ? null : { ...pin.response, status: pin.status ?? 200 },
    outputs: Object.entries(pin.outputs)
      .filter(([name]) => name !== 'status')
      .map(([name, value]) => ({ name, expression: 'pinned', value })),
    durationMs: 0,
    attempts: 0,
    error: null,
  };
}

/** A pin is answered without a response object, so its status is carried here. */
function withPinStatus(result: RequestResult, pin: PinValue): RequestResult {
  if (result.response !== null) return result;
  return {
    ...result,
    response: {
      status: pin.status ?? 200,
      statusText: '',
      headers: {},
      contentType: '',
      body: '',
      isBodyTruncated: false,
      size: 0,
    },
  };
}

/** Designer runs: a pinned step answers with its pin; every other request is sent. */
export function pinnedSource(pins: ReadonlyMap<string, PinValue>): ResponseSource {
  return {
    pinOf: (stepId) => pins.get(stepId),
    respond: async (call) => {
      const pin = pins.get(call.stepId);
      if (pin === undefined) return liveSource.respond(call);
      return {
        result: withPinStatus(pinnedResult(pin, null), pin),
        rehearsal: { source: 'pin', wouldHaveSent: false },
      };
    },
  };
}

/** The response a dry run answers with when a method has no example: 200 and an empty body. */
const emptyExample: ExampleResponse = { status: 200, headers: {}, body: '' };

export function exampleAsResponse(example: ExampleResponse): ReceivedResponse {
  const headers = Object.fromEntries(
    Object.entries(example.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    status: example.status,
    statusText: example === emptyExample ? 'No example' : 'Example',
    headers,
    contentType: headers['content-type'] ?? (example.body.trim().startsWith('{') ? 'application/json' : ''),
    body: example.body,
    isBodyTruncated: false,
    size: Buffer.byteLength(example.body),
  };
}

/**
 * Dry runs: safe requests are sent (unless pinned); every other one is recorded as the request it
 * would have sent and answered by its pin, else by the method's example response.
 */
export function dryRunSource(pins: ReadonlyMap<string, PinValue>): ResponseSource {
  return {
    pinOf: (stepId) => pins.get(stepId),
    respond: async (call) => {
      const pin = pins.get(call.stepId);
      const rehearsal = await call.rehearse({ authorize: true });
      if (rehearsal.request === null) return { result: rehearsal.answer(null, rehearsal.error) };
      const wouldHaveSent = !rehearsal.isSafe;
      if (pin !== undefined) {
        return {
          result: withPinStatus(pinnedResult(pin, rehearsal.request), pin),
          rehearsal: { source: 'pin', wouldHaveSent },
        };
      }
      if (!wouldHaveSent) return liveSource.respond(call);
      if (rehearsal.example === null)
        return {
          result: rehearsal.answer(exampleAsResponse(emptyExample), null),
          rehearsal: { source: 'example', wouldHaveSent: true, hasNoExample: true },
        };
      return {
        result: rehearsal.answer(exampleAsResponse(rehearsal.example), null),
        rehearsal: { source: 'example', wouldHaveSent: true },
      };
    },
  };
}
