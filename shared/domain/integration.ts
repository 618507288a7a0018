/** Integration details (PRODUCT.md §1): schemas shared by the backend, the contract and the forms. */
import { z } from 'zod';
import { savedText } from '../io/exchangeText';

/** The fixed category list; users may type any other category (custom). */
export const fixedCategories = [
  'PSA',
  'RMM',
  'Documentation',
  'Identity',
  'Cloud',
  'Communication',
  'Security',
  'Monitoring',
  'AI',
  'Other',
] as const;

export const integrationLimits = {
  nameMax: 100,
  categoryMax: 60,
  descriptionMax: 2_000,
  notesMax: 20_000,
  versionMax: 40,
} as const;

/** Text trimmed of spaces at its ends, refused past `max` characters with a message naming `label`. */
export const trimmedText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} must be at most ${max} characters` });

export const logoMimeTypes = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoMimeType = (typeof logoMimeTypes)[number];

/** A logo as it travels to the backend: the file's bytes in base64. */
export const logoUploadSchema = z.object({
  fileName: z.string().max(255).optional(),
  base64: z.string().max(1_500_000, { message: 'The logo file must be at most 1 MB' }),
});
export type LogoUpload = z.infer<typeof logoUploadSchema>;

const integrationTexts = {
  name: trimmedText('Name', integrationLimits.nameMax).min(1, { message: 'Name is required' }),
  category: trimmedText('Category', integrationLimits.categoryMax).min(1, {
    message: 'Category is required',
  }),
  description: trimmedText('Description', integrationLimits.descriptionMax),
  notes: z.string().max(integrationLimits.notesMax, {
    message: `Notes must be at most ${integrationLimits.notesMax} characters`,
  }),
  versionLabel: trimmedText('Version', integrationLimits.versionMax),
};

/** The details as stored and answered: read as they are, so a row saved before savedText still lists. */
const storedIntegrationDetailsSchema = z.object({
  name: integrationTexts.name,
  category: integrationTexts.category,
  description: integrationTexts.description.default(''),
  notes: integrationTexts.notes.default(''),
  versionLabel: integrationTexts.versionLabel.default(''),
});

/** The details as saved (a create, an edit, an import): their texts as the import takes them. */
export const integrationDetailsSchema = z.object({
  name: savedText(integrationTexts.name, 'Name'),
  category: savedText(integrationTexts.category, 'Category'),
  description: savedText(integrationTexts.description, 'Description', true).default(''),
  notes: savedText(integrationTexts.notes, 'Notes', true).default(''),
  versionLabel: savedText(integrationTexts.versionLabel, 'Version').default(''),
});
export type IntegrationDetails = z.infer<typeof integrationDetailsSchema>;

export const idSchema = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, { message: 'Not a valid id' });

export const integrationSchema = storedIntegrationDetailsSchema.extend({
  id: idSchema,
  logo: z.object({ mimeType: z.enum(logoMimeTypes), width: z.number(), height: z.number() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Integration = z.infer<typeof integrationSchema>;

export const integrationQuerySchema = z.object({
  search: z.string().trim().max(200).default(''),
  category: z.string().trim().max(integrationLimits.categoryMax).default(''),
});
export type IntegrationQuery = z.infer<typeof integrationQuerySchema>;

/** What importing an integration file will do, shown before the user confirms it. */
export const integrationImportPlanSchema = z.object({
  name: z.string(),
  action: z.enum(['create', 'match']),
  methods: z.array(z.object({ name: z.string(), action: z.enum(['create', 'match', 'matchDiffers']) })),
  notes: z.array(z.string()),
});
export type IntegrationImportPlan = z.infer<typeof integrationImportPlanSchema>;
