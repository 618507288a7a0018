/**
 * What the Run dialog's client picker holds: one run (for no client or one client), several
 * chosen clients, or every client — the last two a run group with its concurrency.
 */
import { defaultGroupConcurrency, type GroupClients } from '../../../../shared/domain/runGroup';

export type ClientChoice =
  | { mode: 'one'; client: string }
  | { mode: 'several'; clients: readonly string[]; concurrency: number }
  | { mode: 'all'; concurrency: number };

export const initialClientChoice: ClientChoice = { mode: 'one', client: '' };

/** The clients a group runs for, or undefined for a single run. */
export function groupClientsOf(choice: ClientChoice): GroupClients | undefined {
  if (choice.mode === 'one') return undefined;
  return choice.mode === 'all' ? 'all' : [...choice.clients];
}

/** The choice in another mode, keeping the concurrency typed so far. */
export function switchMode(choice: ClientChoice, mode: ClientChoice['mode']): ClientChoice {
  const concurrency = choice.mode === 'one' ? defaultGroupConcurrency : choice.concurrency;
  if (mode === 'one') return { mode, client: '' };
  return mode === 'all' ? { mode, concurrency } : { mode, clients: [], concurrency };
}

/** The clients whose names hold every word typed (any case). */
export function clientsMatching(clients: readonly string[], search: string): string[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return clients.filter((client) => words.every((word) => client.toLowerCase().includes(word)));
}
