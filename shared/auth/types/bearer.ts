/** Bearer token: `Authorization: Bearer <token>` with a configuration's token (RFC 6750 §2.1). */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';

export const bearerAuthType = defineAuthType({
  type: 'bearer',
  displayName: 'Bearer token',
  settingsSchema: z.object({ type: z.literal('bearer') }),
  defaults: { type: 'bearer' },
  note: 'Each configuration supplies its own credentials for this type.',
  settingsFields: [],
  credentialFields: [
    {
      name: 'token',
      label: 'Token',
      kind: 'secret',
      isRequired: true,
      help: 'Sent as it is after "Authorization: Bearer".',
    },
  ],
});
