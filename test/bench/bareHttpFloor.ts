/**
 * The floor of the HTTP benchmarks: GETs through bare `node:http` on a keep-alive agent, the
 * body read whole and parsed, nothing else. Whatever we add to a request is measured above it.
 */
import http from 'node:http';

function getOnce(agent: http.Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve();
        });
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Sends `count` GETs to `url` one after another on `agent`. */
export async function sendBareGets(agent: http.Agent, url: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) await getOnce(agent, url);
}
