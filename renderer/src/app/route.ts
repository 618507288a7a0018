/** Hash routes, so a reload keeps the place and both shells serve one static page. */
import { useSyncExternalStore } from 'react';

export const integrationTabs = ['overview', 'connection', 'configurations', 'methods', 'calls'] as const;
export type IntegrationTab = (typeof integrationTabs)[number];

export type Route =
  | { area: 'integrations'; view: 'list' }
  | { area: 'integrations'; view: 'new' }
  | { area: 'integrations'; view: 'details'; id: string; tab: IntegrationTab }
  | { area: 'integrations'; view: 'edit'; id: string }
  | { area: 'integrations'; view: 'method'; id: string; methodId: string | null }
  | { area: 'runbooks' }
  | { area: 'runbooks'; runbookId: string }
  | { area: 'runs' }
  | { area: 'runs'; runId: string }
  /** A run group (run across clients): #/runs/group/<id>. */
  | { area: 'runs'; groupId: string }
  | { area: 'settings' };

function tabOf(value: string | undefined): IntegrationTab {
  return (integrationTabs as readonly string[]).includes(value ?? '')
    ? (value as IntegrationTab)
    : 'overview';
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [area, id, action, methodId] = parts;
  switch (area) {
    case 'runbooks':
      return id === undefined ? { area: 'runbooks' } : { area: 'runbooks', runbookId: id };
    case 'runs':
      if (id === 'group' && action !== undefined) return { area: 'runs', groupId: action };
      return id === undefined ? { area: 'runs' } : { area: 'runs', runId: id };
    case 'settings':
      return { area: 'settings' };
    default:
      if (id === 'new') return { area: 'integrations', view: 'new' };
      if (id === undefined) return { area: 'integrations', view: 'list' };
      if (action === 'edit') return { area: 'integrations', view: 'edit', id };
      if (action === 'method')
        return { area: 'integrations', view: 'method', id, methodId: methodId ?? null };
      return { area: 'integrations', view: 'details', id, tab: tabOf(action) };
  }
}

export function hrefOf(route: Route): string {
  switch (route.area) {
    case 'integrations': {
      if (route.view === 'list') return '#/integrations';
      if (route.view === 'new') return '#/integrations/new';
      const base = `#/integrations/${encodeURIComponent(route.id)}`;
      if (route.view === 'edit') return `${base}/edit`;
      if (route.view === 'method')
        return `${base}/method${route.methodId === null ? '' : `/${encodeURIComponent(route.methodId)}`}`;
      return route.tab === 'overview' ? base : `${base}/${route.tab}`;
    }
    case 'runbooks':
      return 'runbookId' in route ? `#/runbooks/${encodeURIComponent(route.runbookId)}` : '#/runbooks';
    case 'runs':
      if ('groupId' in route) return `#/runs/group/${encodeURIComponent(route.groupId)}`;
      return 'runId' in route ? `#/runs/${encodeURIComponent(route.runId)}` : '#/runs';
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
