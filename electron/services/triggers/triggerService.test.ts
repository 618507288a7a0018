import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/domain/settings';
import type { TriggerRepository } from '../db/repositories/triggerRepository';
import { createWriteNotices } from '../db/writeNotices';
import { createEventBus } from '../events/eventBus';
import type { SecretStore } from '../secrets/secretStore';
import { createTriggerService, type TriggerService } from './triggerService';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** The service with no runbooks: only its listener matters here. */
const service = () =>
  createTriggerService({
    triggers: { lastFiredAt: () => null } as unknown as TriggerRepository,
    events: createEventBus(),
    secrets: {} as SecretStore,
    hasRunbook: () => false,
    triggeredVersion: () => undefined,
    runbookIds: () => [],
    runbookWrites: createWriteNotices(),
    schedulesElsewhere: { note: () => undefined, watch: () => ({ dispose: () => undefined }) },
    runbookRows: { get: () => undefined },
    startSteps: () => new Map(),
    startRun: () => {
      throw new Error('no runs here');
    },
    log: () => undefined,
  });

describe('trigger service listener', () => {
  let triggers: TriggerService;
  afterEach(() => triggers.stop());

  it('keeps one listener when the address changes twice at once', async () => {
    triggers = service();
    await triggers.start({ webhookHost: '127.0.0.1', webhookPort: 0 } as Settings);
    const [first, second] = [await freePort(), await freePort()];
    await Promise.all([
      triggers.moveWebhooks('127.0.0.1', first),
      triggers.moveWebhooks('127.0.0.1', second),
    ]);
    expect(triggers.boundPort()).toBe(second);
    expect(await isListening(first)).toBe(false);
    expect(await isListening(second)).toBe(true);
    await triggers.stop();
    expect(await isListening(second)).toBe(false);
  });

  it('moves to another host on the same port, which its own listener held', async () => {
    triggers = service();
    const port = await freePort();
    await triggers.start({ webhookHost: '127.0.0.1', webhookPort: port } as Settings);
    // "127.1" is 127.0.0.1 written short: binding it clashes with the listener already there.
    expect(await triggers.moveWebhooks('127.1', port)).toEqual({ port });
    expect(await isListening(port)).toBe(true);
  });

  it('keeps its listener when a move to the same port elsewhere fails', async () => {
    triggers = service();
    const port = await freePort();
    await triggers.start({ webhookHost: '127.0.0.1', webhookPort: port } as Settings);
    await expect(triggers.moveWebhooks('192.0.2.1', port)).rejects.toMatchObject({ field: 'webhookHost' });
    expect(triggers.boundPort()).toBe(port);
    expect(await isListening(port)).toBe(true);
  });

  it('listens nowhere once stopped, even when a move was under way', async () => {
    triggers = service();
    await triggers.start({ webhookHost: '127.0.0.1', webhookPort: 0 } as Settings);
    const port = await freePort();
    const moving = triggers.moveWebhooks('127.0.0.1', port);
    await triggers.stop();
    await moving.catch(() => undefined);
    expect(await isListening(port)).toBe(false);
    expect(triggers.boundPort()).toBe(null);
  });

  it('keeps the listener of a move made while it was still starting', async () => {
    triggers = service();
    const port = await freePort();
    const starting = triggers.start({ webhookHost: '127.0.0.1', webhookPort: 0 } as Settings);
    await triggers.moveWebhooks('127.0.0.1', port);
    await starting;
    expect(triggers.boundPort()).toBe(port);
  });
});
