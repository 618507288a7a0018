/**
 * Time per request of a method sent through the HTTP core (build, authorize, proxy policy,
 * masking, output variables, the call-log entry handed on) vs. the same request with plain axios
 * on a keep-alive agent, to the same local server, alternating in one run. Target: within 10 %
 * of axios. For reference, what the core adds per request above bare `node:http` on a keep-alive
 * agent. Writing the call log to SQLite is not part of this figure (`recordCall` drops the
 * entry): the engine's figures include it, with the run records (engine.bench.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { integrationDefinitionSchema } from '../../shared/domain/integrationDefinition';
import { methodDefinitionSchema } from '../../shared/domain/method';
import { createHttpCore } from '../../electron/services/http/httpCore';
import { createHttpTransport } from '../../electron/services/http/httpTransport';
import { sendBareGets } from './bareHttpFloor';
import { overheadResult, ratioResult, type BenchResult } from './benchResult';

const requestsPerRound = 1_000;
const rounds = 7;
const payload = JSON.stringify({
  id: 42,
  choices: [{ text: 'Hello' }],
  items: Array.from({ length: 20 }, (_, i) => ({ i })),
});

export async function benchHttpCore(): Promise<BenchResult[]> {
  const server = http.createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

  const transport = createHttpTransport();
  const core = createHttpCore({
    transport,
    recordCall: () => undefined,
    openBrowser: () => Promise.resolve(),
  });
  const input = {
    integrationId: 'bench',
    methodId: null,
    integration: integrationDefinitionSchema.parse({ baseUrl: url, auth: { type: 'bearer' } }),
    method: methodDefinitionSchema.parse({
      name: 'Get',
      httpMethod: 'GET',
      path: '/tickets/{id}',
      outputs: [{ name: 'text', expression: 'response^choices[0]^text!' }],
    }),
    configuration: {
      baseUrl: '',
      credentials: { get: () => 'tok-bench', require: () => 'tok-bench' },
      tokens: { slot: () => ({ read: () => undefined, write: () => undefined, clear: () => undefined }) },
      secretValues: () => ['tok-bench'],
    },
    variables: { id: '42' },
  };
  const agent = new http.Agent({ keepAlive: true });
  const plain = axios.create({ httpAgent: agent, responseType: 'arraybuffer', proxy: false });

  const viaCore = async () => {
    const started = performance.now();
    for (let index = 0; index < requestsPerRound; index += 1) await core.send(input);
    return (performance.now() - started) / requestsPerRound;
  };
  const viaAxios = async () => {
    const started = performance.now();
    for (let index = 0; index < requestsPerRound; index += 1) {
      const response = await plain.get<ArrayBuffer>(`${url}/tickets/42`, {
        headers: { authorization: 'Bearer tok-bench' },
      });
      JSON.parse(Buffer.from(response.data).toString('utf8'));
    }
    return (performance.now() - started) / requestsPerRound;
  };

  const viaBareHttp = async () => {
    const started = performance.now();
    await sendBareGets(agent, `${url}/tickets/42`, requestsPerRound);
    return (performance.now() - started) / requestsPerRound;
  };

  /** CPU time of this process per request: steadier than wall time on a machine others share. */
  const cpuTimes = { core: [] as number[], bare: [] as number[] };
  const withCpu = async (round: () => Promise<number>, into: number[]) => {
    const cpuStarted = process.cpuUsage();
    const wall = await round();
    const used = process.cpuUsage(cpuStarted);
    into.push((used.user + used.system) / 1000 / requestsPerRound);
    return wall;
  };

  const coreTimes: number[] = [];
  const axiosTimes: number[] = [];
  const bareTimes: number[] = [];
  await viaCore(); // warm every path
  await viaAxios();
  await viaBareHttp();
  for (let round = 0; round < rounds; round += 1) {
    coreTimes.push(await withCpu(viaCore, cpuTimes.core));
    bareTimes.push(await withCpu(viaBareHttp, cpuTimes.bare));
    axiosTimes.push(await viaAxios());
  }
  transport.dispose();
  agent.destroy();
  server.close();
  return [
    ratioResult(
      'http: method through the HTTP core vs plain axios (keep-alive), per request',
      coreTimes,
      axiosTimes,
      1.1,
      'core vs axios',
    ),
    {
      ...overheadResult(
        'http: what the HTTP core adds per request above bare node:http (keep-alive)',
        coreTimes,
        bareTimes,
        1,
        Number.POSITIVE_INFINITY,
        'core vs bare node:http, per request',
      ),
      target: null,
      ok: null,
    },
    {
      ...overheadResult(
        'http: what the HTTP core adds per request above bare node:http, in CPU time of the process',
        cpuTimes.core,
        cpuTimes.bare,
        1,
        Number.POSITIVE_INFINITY,
        'core CPU vs bare node:http CPU, per request',
      ),
      target: null,
      ok: null,
    },
  ];
}
