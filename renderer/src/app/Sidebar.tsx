/** Navigation between the areas; the current one is marked for screen readers too. */
import type { ReactElement } from 'react';
import { Icon, type IconName } from './icons';
import { hrefOf, type Route } from './route';

const areas: { area: Route['area']; label: string; icon: IconName; href: string }[] = [
  {
    area: 'integrations',
    label: 'Integrations',
    icon: 'plug',
    href: hrefOf({ area: 'integrations', view: 'list' }),
  },
  { area: 'runbooks', label: 'Runbooks', icon: 'runbooks', href: hrefOf({ area: 'runbooks' }) },
  { area: 'runs', label: 'Runs', icon: 'runs', href: hrefOf({ area: 'runs' }) },
  { area: 'settings', label: 'Settings', icon: 'settings', href: hrefOf({ area: 'settings' }) },
];

export function Sidebar({ route }: { route: Route }): ReactElement {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="runbooks" />
        </span>
        <span className="brand-name">Runbook Designer</span>
      </div>
      <ul>
        {areas.map((item) => (
          <li key={item.area}>
            <a
              href={item.href}
              className="nav-link"
              // Its name shows as a tooltip where a narrow window leaves only the icon.
              title={item.label}
              aria-current={route.area === item.area ? 'page' : undefined}
            >
              <Icon name={item.icon} />
              <span>{item.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
