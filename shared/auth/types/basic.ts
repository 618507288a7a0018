/** Basic: `Authorization: Basic base64(user:password)` with a configuration's pair (RFC 7617). */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';

export const basicAuthType = defineAuthType({
  type: 'basic',
  displayName: 'Basic (user and password)',
  settingsSchema: z.object({ type: z.literal('basic') }),
  defaults: { type: 'basic' },
  note: 'Each configuration supplies its own credentials for this type.',
  settingsFields: [],
  credentialFields: [
    { name: 'username', label: 'Username', kind: 'text', isRequired: true },
    { name: 'password', label: 'Password', kind: 'secret', isRequired: true },
  ],
});
