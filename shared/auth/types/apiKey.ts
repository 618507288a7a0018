/** API key: a configuration's key sent in a header or a query parameter the settings name. */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';

export const apiKeyAuthType = defineAuthType({
  type: 'apiKey',
  displayName: 'API key',
  settingsSchema: z.object({
    type: z.literal('apiKey'),
    name: z.string().trim().min(1, { message: 'Key name is required' }).max(200),
    placement: z.enum(['header', 'query']).default('header'),
  }),
  defaults: { type: 'apiKey', name: 'X-API-Key', placement: 'header' },
  settingsFields: [
    { path: 'name', label: 'Key name', control: { kind: 'text' }, row: 'key' },
    {
      path: 'placement',
      label: 'Send the key in',
      control: {
        kind: 'select',
        options: [
          { value: 'header', label: 'A header' },
          { value: 'query', label: 'A query parameter' },
        ],
      },
      row: 'key',
    },
  ],
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      kind: 'secret',
      isRequired: true,
      help: 'Sent in the header or query parameter the integration’s connection names.',
    },
  ],
});
