/** Application settings and what the backend tells the window about itself. */
import { z } from 'zod';
import { isHostOrIpAddress } from './hostAddress';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  theme: themeSchema,
  webhookHost: z
    .string()
    .trim()
    .min(1, { message: 'Enter a host name or IP address, e.g. 127.0.0.1' })
    .max(253, { message: 'A host name has at most 253 characters' })
    .refine(isHostOrIpAddress, {
      message:
        'Enter a host name (letters, digits, hyphens and dots) or an IP address such as 127.0.0.1, 0.0.0.0 or ::1',
    }),
  webhookPort: z.number().int().min(0).max(65_535),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The webhook listener now: its address (http://host:port), or null and why nothing listens. */
export const webhookListenerSchema = z.object({ url: z.string().nullable(), error: z.string().nullable() });
export type WebhookListener = z.infer<typeof webhookListenerSchema>;

export const defaultSettings: Settings = {
  theme: 'system',
  webhookHost: '127.0.0.1',
  webhookPort: 0,
};

/** How the data key is protected; `isWeak` when the OS offers no real keychain. */
export const keyProtectionSchema = z.object({
  provider: z.string(),
  isWeak: z.boolean(),
  detail: z.string(),
});
export type KeyProtection = z.infer<typeof keyProtectionSchema>;

/**
 * Why records are waiting in memory instead of being written, or null when they are not: the
 * disk is full, another program holds the database locked, or the disk refuses writes.
 */
export const storageFaultSchema = z.enum(['full', 'busy', 'failing']).nullable();
export type StorageFaultView = z.infer<typeof storageFaultSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'headless']),
  dataDirectory: z.string(),
  databaseFile: z.string(),
  keyProtection: keyProtectionSchema,
  storageFault: storageFaultSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;
