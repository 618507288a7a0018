/** Application settings and what the backend tells the window about itself. */
import { z } from 'zod';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  theme: themeSchema,
  webhookHost: z.string().trim().min(1).max(255),
  webhookPort: z.number().int().min(0).max(65_535),
});
export type Settings = z.infer<typeof settingsSchema>;

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

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'headless']),
  dataDirectory: z.string(),
  databaseFile: z.string(),
  keyProtection: keyProtectionSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;
