/** "None": requests are sent without credentials. */
import { z } from 'zod';
import { defineAuthType } from '../authTypeDescriptor';

export const noneAuthType = defineAuthType({
  type: 'none',
  displayName: 'None',
  settingsSchema: z.object({ type: z.literal('none') }),
  defaults: { type: 'none' },
  note: 'Requests are sent without credentials.',
  settingsFields: [],
  credentialFields: [],
});
