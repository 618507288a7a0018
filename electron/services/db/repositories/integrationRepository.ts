/** Integrations and their logos. Search and category filter run in SQL, bounded. */
import type { IntegrationDetails, LogoMimeType } from '../../../../shared/domain/integration';
import {
  integrationDefinitionSchema,
  type IntegrationDefinition,
} from '../../../../shared/domain/integrationDefinition';
import { splitProxyPassword } from '../../../../shared/domain/proxyAddress';
import type { Database } from '../database';
import type { WriteNotices } from '../writeNotices';
import { createParseCache } from '../parseCache';

export interface IntegrationRow extends IntegrationDetails {
  id: string;
  logo: { mimeType: LogoMimeType; width: number; height: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredLogo {
  mimeType: LogoMimeType;
  width: number;
  height: number;
  data: Buffer;
}

export interface IntegrationFilter {
  search: string;
  category: string;
  limit: number;
}

export interface IntegrationRepository {
  list(filter: IntegrationFilter): { items: IntegrationRow[]; total: number };
  categories(): string[];
  get(id: string): IntegrationRow | undefined;
  findIdByName(name: string): string | undefined;
  /** The integrations whose names an earlier version saved with a control character, or blank (namesBeforeTheRuleWhere). */
  namedBeforeTheRule(): { id: string; name: string }[];
  insert(row: Omit<IntegrationRow, 'logo'>): void;
  update(row: Omit<IntegrationRow, 'logo' | 'createdAt'>): boolean;
  delete(id: string): boolean;
  setLogo(id: string, logo: StoredLogo | null): void;
  getLogo(id: string): StoredLogo | undefined;
  counts(id: string): { configurations: number; methods: number };
  runbooksUsing(id: string): { id: string; name: string }[];
  getDefinition(id: string): IntegrationDefinition | undefined;
  setDefinition(id: string, definition: IntegrationDefinition, updatedAt: string): boolean;
  findIdByPrefix(prefix: string): string | undefined;
}

interface DefinitionRow {
  protocol: string;
  base_url_mode: string;
  base_url: string;
  auth_settings: string;
  behaviour: string;
  custom_fields: string;
  is_client_mode: number;
  variable_prefix: string;
}

/** Reads a stored definition through the schema, so older rows get today's defaults. */
const parseDefinition = createParseCache((text) => {
  const row = JSON.parse(text) as DefinitionRow;
  const auth = JSON.parse(row.auth_settings) as { type?: string };
  return integrationDefinitionSchema.parse({
    protocol: row.protocol,
    baseUrlMode: row.base_url_mode,
    baseUrl: row.base_url,
    auth: auth.type === undefined ? { type: 'none' } : auth,
    behaviour: JSON.parse(row.behaviour) as unknown,
    customFields: JSON.parse(row.custom_fields) as unknown,
    isClientMode: row.is_client_mode === 1,
    variablePrefix: row.variable_prefix,
  });
});

/**
 * A proxy password is never stored in clear. The integration service takes it out of the address
 * first and keeps it encrypted; any other writer (an import: files carry no credentials) loses it.
 * An address the text cannot be split at cleanly is kept in the URL parser's form without the
 * password, or not at all when the parser cannot read it.
 */
function withoutProxyPassword(
  behaviour: IntegrationDefinition['behaviour'],
): IntegrationDefinition['behaviour'] {
  const { url } = splitProxyPassword(behaviour.proxy.url);
  return url === behaviour.proxy.url ? behaviour : { ...behaviour, proxy: { ...behaviour.proxy, url } };
}

function toDefinition(row: DefinitionRow): IntegrationDefinition {
  const columns: DefinitionRow = {
    protocol: row.protocol,
    base_url_mode: row.base_url_mode,
    base_url: row.base_url,
    auth_settings: row.auth_settings,
    behaviour: row.behaviour,
    custom_fields: row.custom_fields,
    is_client_mode: row.is_client_mode,
    variable_prefix: row.variable_prefix,
  };
  return parseDefinition(JSON.stringify(columns));
}

interface Row {
  id: string;
  name: string;
  category: string;
  description: string;
  notes: string;
  version_label: string;
  created_at: string;
  updated_at: string;
  logo_mime: LogoMimeType | null;
  logo_width: number | null;
  logo_height: number | null;
}

const columns = `i.id, i.name, i.category, i.description, i.notes, i.version_label, i.created_at,
  i.updated_at, l.mime_type AS logo_mime, l.width AS logo_width, l.height AS logo_height`;
const fromJoined = 'FROM integrations i LEFT JOIN integration_logos l ON l.integration_id = i.id';
// An empty parameter switches a condition off; LIKE patterns are escaped by the caller.
const filterWhere = `WHERE (@category = '' OR i.category = @category)
  AND (@pattern = '' OR i.name LIKE @pattern ESCAPE '\\' OR i.description LIKE @pattern ESCAPE '\\')`;

/**
 * The rows whose names hold a tab, another control character or U+FFFD, or nothing but spaces:
 * saved before names were checked at save, they are exported under a cleaned name
 * (shared/io/exchangeNames.ts). GLOB reads a text only up to a NUL, so that one is looked for apart.
 */
export const namesBeforeTheRuleWhere = `name GLOB @controlCharacters OR instr(name, char(0)) > 0 OR trim(name) = ''`;
export const namesBeforeTheRuleParams = { controlCharacters: '*[\u0001-\u001f\u007f\uFFFD]*' };

export function nameKey(name: string): string {
  return name.trim().toLocaleLowerCase('en');
}

function likePattern(search: string): string {
  const trimmed = search.trim();
  return trimmed === '' ? '' : `%${trimmed.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function toRow(row: Row): IntegrationRow {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    description: row.description,
    notes: row.notes,
    versionLabel: row.version_label,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    logo:
      row.logo_mime === null
        ? null
        : { mimeType: row.logo_mime, width: row.logo_width ?? 0, height: row.logo_height ?? 0 },
  };
}

/**
 * `notices` hears every write that changed an integration, its definition or its logo (what a
 * cache of prepared sends holds).
 */
export function createIntegrationRepository(db: Database, notices?: WriteNotices): IntegrationRepository {
  const told = (isChanged: boolean): boolean => {
    if (isChanged) notices?.didWrite();
    return isChanged;
  };
  type FilterParams = { category: string; pattern: string };
  const list = db.prepare<[FilterParams & { limit: number }], Row>(
    `SELECT ${columns} ${fromJoined} ${filterWhere} ORDER BY i.name_key LIMIT @limit`,
  );
  const count = db.prepare<[FilterParams], { total: number }>(
    `SELECT count(*) AS total FROM integrations i ${filterWhere}`,
  );
  const categories = db.prepare<[], { category: string }>(
    'SELECT DISTINCT category FROM integrations ORDER BY category',
  );
  const get = db.prepare<[string], Row>(`SELECT ${columns} ${fromJoined} WHERE i.id = ?`);
  const byName = db.prepare<[string], { id: string }>('SELECT id FROM integrations WHERE name_key = ?');
  const namedBeforeTheRule = db.prepare<[typeof namesBeforeTheRuleParams], { id: string; name: string }>(
    `SELECT id, name FROM integrations WHERE ${namesBeforeTheRuleWhere}`,
  );
  const insert = db.prepare(
    `INSERT INTO integrations (id, name, name_key, category, description, notes, version_label, created_at, updated_at)
     VALUES (@id, @name, @nameKey, @category, @description, @notes, @versionLabel, @createdAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE integrations SET name = @name, name_key = @nameKey, category = @category,
       description = @description, notes = @notes, version_label = @versionLabel, updated_at = @updatedAt
     WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM integrations WHERE id = ?');
  const upsertLogo = db.prepare(
    `INSERT INTO integration_logos (integration_id, mime_type, width, height, data)
     VALUES (@id, @mimeType, @width, @height, @data)
     ON CONFLICT (integration_id) DO UPDATE SET mime_type = excluded.mime_type,
       width = excluded.width, height = excluded.height, data = excluded.data`,
  );
  const removeLogo = db.prepare<[string]>('DELETE FROM integration_logos WHERE integration_id = ?');
  const getLogo = db.prepare<
    [string],
    { mime_type: LogoMimeType; width: number; height: number; data: Buffer }
  >('SELECT mime_type, width, height, data FROM integration_logos WHERE integration_id = ?');
  const countConfigurations = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM configurations WHERE integration_id = ?',
  );
  const countMethods = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM methods WHERE integration_id = ?',
  );
  const runbooksUsing = db.prepare<[string], { id: string; name: string }>(
    `SELECT DISTINCT r.id, r.name FROM runbooks r
       JOIN runbook_method_refs ref ON ref.runbook_id = r.id
       JOIN methods m ON m.id = ref.method_id
     WHERE m.integration_id = ? ORDER BY r.name_key`,
  );

  const getDefinition = db.prepare<[string], DefinitionRow>(
    `SELECT protocol, base_url_mode, base_url, auth_settings, behaviour, custom_fields, is_client_mode,
       variable_prefix FROM integrations WHERE id = ?`,
  );
  const setDefinition = db.prepare(
    `UPDATE integrations SET protocol = @protocol, base_url_mode = @baseUrlMode, base_url = @baseUrl,
       auth_type = @authType, auth_settings = @authSettings, behaviour = @behaviour, custom_fields = @customFields,
       is_client_mode = @isClientMode, variable_prefix = @variablePrefix, updated_at = @updatedAt
     WHERE id = @id`,
  );
  const byPrefix = db.prepare<[string], { id: string }>(
    'SELECT id FROM integrations WHERE variable_prefix = ?',
  );

  return {
    getDefinition: (id) => {
      const row = getDefinition.get(id);
      return row === undefined ? undefined : toDefinition(row);
    },
    setDefinition: (id, definition, updatedAt) =>
      told(
        setDefinition.run({
          id,
          updatedAt,
          protocol: definition.protocol,
          baseUrlMode: definition.baseUrlMode,
          baseUrl: definition.baseUrl,
          authType: definition.auth.type,
          authSettings: JSON.stringify(definition.auth),
          behaviour: JSON.stringify(withoutProxyPassword(definition.behaviour)),
          customFields: JSON.stringify(definition.customFields),
          isClientMode: definition.isClientMode ? 1 : 0,
          variablePrefix: definition.variablePrefix,
        }).changes > 0,
      ),
    findIdByPrefix: (prefix) => byPrefix.get(prefix)?.id,
    list: (filter) => {
      const params = { category: filter.category, pattern: likePattern(filter.search) };
      return {
        items: list.all({ ...params, limit: filter.limit }).map(toRow),
        total: count.get(params)?.total ?? 0,
      };
    },
    categories: () => categories.all().map((row) => row.category),
    get: (id) => {
      const row = get.get(id);
      return row === undefined ? undefined : toRow(row);
    },
    findIdByName: (name) => byName.get(nameKey(name))?.id,
    namedBeforeTheRule: () => namedBeforeTheRule.all(namesBeforeTheRuleParams),
    insert: (row) => {
      insert.run({ ...row, nameKey: nameKey(row.name) });
      notices?.didWrite();
    },
    update: (row) => told(update.run({ ...row, nameKey: nameKey(row.name) }).changes > 0),
    delete: (id) => told(remove.run(id).changes > 0),
    setLogo: (id, logo) => {
      if (logo === null) removeLogo.run(id);
      else upsertLogo.run({ id, ...logo });
    },
    getLogo: (id) => {
      const row = getLogo.get(id);
      return row === undefined
        ? undefined
        : { mimeType: row.mime_type, width: row.width, height: row.height, data: row.data };
    },
    counts: (id) => ({
      configurations: countConfigurations.get(id)?.n ?? 0,
      methods: countMethods.get(id)?.n ?? 0,
    }),
    runbooksUsing: (id) => runbooksUsing.all(id),
  };
}
