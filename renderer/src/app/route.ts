/**
 * Hash routes, so a reload keeps the place and both shells serve one static page. Every way of
 * leaving a page (navigate, an in-app link, Back/Forward) passes the unsaved-edits guard.
 */
import { useSyncExternalStore } from 'react';
import { hasUnsavedEdits, leaveUnlessUnsaved } from './unsavedEdits';

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

/** How a navigation treats the page's unsaved edits. */
export interface NavigateOptions {
  /**
   * The page's edits were just saved: nothing to ask about (its guard lets go only once the page
   * draws again, which this navigation replaces).
   */
  afterSave?: boolean;
}

/** Goes to `route`; with unsaved edits on the page, only once the user chooses to discard them. */
export function navigate(route: Route, options: NavigateOptions = {}): void {
  const href = hrefOf(route);
  if (options.afterSave === true) goTo(href);
  else leaveUnlessUnsaved(() => goTo(href));
}

/** The address of the page in view: a hash change to another one is a leave the guard may hold. */
let shownHash: string | null = null;
/** An address the app chose to go to with nothing (more) to ask: after a save, after Discard. */
let allowedHash: string | null = null;
const routeListeners = new Set<() => void>();

function goTo(href: string): void {
  window.location.hash = href;
  // Read back: the browser's spelling of the address, as the hashchange will see it.
  if (window.location.hash !== shownHash) allowedHash = window.location.hash;
}

/** The Back/Forward buttons (or an address set elsewhere): the page stays until the user answers. */
function onHashChange(): void {
  const target = window.location.hash;
  if (shownHash !== null && target !== shownHash && target !== allowedHash && hasUnsavedEdits()) {
    // pushState changes the address without another hashchange, so the page in view keeps it.
    const here = shownHash === '' ? window.location.pathname + window.location.search : shownHash;
    window.history.pushState(window.history.state, '', here);
    leaveUnlessUnsaved(() => goTo(target));
    return;
  }
  allowedHash = null;
  shownHash = target;
  for (const listener of routeListeners) listener();
}

/** A plain click on an in-app link asks before the address changes, so history stays clean. */
function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href^="#/"]') : null;
  const href = link?.getAttribute('href') ?? null;
  if (href === null || href === window.location.hash || !hasUnsavedEdits()) return;
  event.preventDefault();
  leaveUnlessUnsaved(() => goTo(href));
}

const subscribe = (onChange: () => void) => {
  if (shownHash === null) {
    shownHash = window.location.hash;
    window.addEventListener('hashchange', onHashChange);
    document.addEventListener('click', onLinkClick, { capture: true });
  }
  routeListeners.add(onChange);
  return () => {
    routeListeners.delete(onChange);
  };
};

/** The route of the page in view (not of an address the unsaved-edits question still holds). */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => shownHash ?? window.location.hash);
  return parseRoute(hash);
}
