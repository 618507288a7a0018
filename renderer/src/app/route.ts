/** Hash routes, so a reload keeps the place and both shells serve one static page. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { area: 'integrations'; view: 'list' }
  | { area: 'integrations'; view: 'new' }
  | { area: 'integrations'; view: 'details'; id: string }
  | { area: 'integrations'; view: 'edit'; id: string }
  | { area: 'runbooks' }
  | { area: 'runs' }
  | { area: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [area, id, action] = parts;
  switch (area) {
    case 'runbooks':
      return { area: 'runbooks' };
    case 'runs':
      return { area: 'runs' };
    case 'settings':
      return { area: 'settings' };
    default:
      if (id === 'new') return { area: 'integrations', view: 'new' };
      if (id !== undefined && action === 'edit') return { area: 'integrations', view: 'edit', id };
      if (id !== undefined) return { area: 'integrations', view: 'details', id };
      return { area: 'integrations', view: 'list' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.area) {
    case 'integrations':
      if (route.view === 'list') return '#/integrations';
      if (route.view === 'new') return '#/integrations/new';
      if (route.view === 'edit') return `#/integrations/${encodeURIComponent(route.id)}/edit`;
      return `#/integrations/${encodeURIComponent(route.id)}`;
    default:
      return `#/${route.area}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
