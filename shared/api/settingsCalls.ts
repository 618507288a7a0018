/** The contract's calls for the app itself and its settings; contract.ts lists them with all others. */
import { z } from 'zod';
import { appInfoSchema, settingsSchema, webhookListenerSchema } from '../domain/settings';
import { call } from './callDefinition';

export const settingsCalls = {
  'app.info': call({
    description: 'Name, version, shell, data directory and how secrets are protected.',
    input: z.object({}),
    output: appInfoSchema,
  }),
  'settings.get': call({
    description: 'The application settings.',
    input: z.object({}),
    output: settingsSchema,
  }),
  'settings.webhookListener': call({
    description:
      'Whether the webhook listener is listening: its address (http://host:port), or null and why not ' +
      '(for example its port taken by another program at start-up). Webhooks and approval links need it.',
    input: z.object({}),
    output: webhookListenerSchema,
  }),
  'settings.update': call({
    description: 'Changes some settings and returns all of them.',
    input: settingsSchema.partial(),
    output: settingsSchema,
  }),
} as const;
