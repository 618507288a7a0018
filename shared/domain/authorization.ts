/**
 * Authorization types (PRODUCT.md §1), as the domain modules name them. Each type is declared
 * once in shared/auth/types (settings, credential fields, form, defaults); this module passes on
 * what the registry derives from those declarations, for the modules that import it from here.
 */
export {
  authSettingsSchema,
  authTypes,
  credentialFieldsFor,
  type AuthSettings,
  type AuthType,
} from '../auth/authTypeRegistry';
export type { CredentialField } from '../auth/authTypeDescriptor';
export { oauth2GrantTypes } from '../auth/types/oauth2';
