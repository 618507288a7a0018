/**
 * An integration's logo, read once into the resource cache (a change of the integration makes it
 * stale); initials when there is none or it cannot be read.
 */
import { memo, type ReactElement } from 'react';
import type { Integration } from '../../../../shared/domain/integration';
import { useCall } from '../../api/resources';
import { logoInitials } from './logoInitials';

export const IntegrationLogo = memo(function IntegrationLogo({
  integration,
  size = 40,
}: {
  integration: Pick<Integration, 'id' | 'name' | 'logo'>;
  size?: number;
}): ReactElement {
  const hasLogo = integration.logo !== null;
  const url =
    useCall('integrations.logo', { id: integration.id }, { isEnabled: hasLogo }).data?.dataUrl ?? null;
  const style = { width: size, height: size };
  if (hasLogo && url !== null) {
    return <img className="logo" src={url} alt="" style={style} />;
  }
  return (
    <span className="logo logo-initials" style={{ ...style, fontSize: size * 0.38 }} aria-hidden="true">
      {logoInitials(integration.name)}
    </span>
  );
});
