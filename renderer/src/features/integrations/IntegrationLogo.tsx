/** An integration's logo, fetched once per version and cached; initials when there is none. */
import { memo, useEffect, useState, type ReactElement } from 'react';
import type { Integration } from '../../../../shared/domain/integration';
import { api } from '../../api/client';

const cache = new Map<string, Promise<string | null>>();

function logoUrl(id: string, version: string): Promise<string | null> {
  const key = `${id}@${version}`;
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = api.call('integrations.logo', { id }).then(
      (result) => result.dataUrl,
      () => null,
    );
    cache.set(key, pending);
  }
  return pending;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase() || '?';
}

export const IntegrationLogo = memo(function IntegrationLogo({
  integration,
  size = 40,
}: {
  integration: Pick<Integration, 'id' | 'name' | 'logo' | 'updatedAt'>;
  size?: number;
}): ReactElement {
  const [url, setUrl] = useState<string | null>(null);
  const hasLogo = integration.logo !== null;
  useEffect(() => {
    let isCurrent = true;
    if (hasLogo) {
      void logoUrl(integration.id, integration.updatedAt).then((value) => {
        if (isCurrent) setUrl(value);
      });
    }
    return () => {
      isCurrent = false;
    };
  }, [hasLogo, integration.id, integration.updatedAt]);
  const style = { width: size, height: size };
  if (hasLogo && url !== null) {
    return <img className="logo" src={url} alt="" style={style} />;
  }
  return (
    <span className="logo logo-initials" style={{ ...style, fontSize: size * 0.38 }} aria-hidden="true">
      {initials(integration.name)}
    </span>
  );
});
