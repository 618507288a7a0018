/** The app frame: sidebar navigation and the page of the current route. */
import { useEffect, useRef, type ReactElement } from 'react';
import { useCall, useEventInvalidation } from '../api/resources';
import { IntegrationDetailsPage } from '../features/integrations/IntegrationDetailsPage';
import { IntegrationEditorPage } from '../features/integrations/IntegrationEditorPage';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage';
import { MethodEditorPage } from '../features/methods/MethodEditorPage';
import { RunbookDesignerPage } from '../features/runbooks/RunbookDesignerPage';
import { RunbooksPage } from '../features/runbooks/RunbooksPage';
import { RunPage } from '../features/runs/RunPage';
import { RunGroupPage } from '../features/runGroups/RunGroupPage';
import { RunsPage } from '../features/runs/RunsPage';
import { useRunEventsInCache } from '../features/runs/runsInCache';
import { SettingsPage } from '../features/settings/SettingsPage';
import { messageOf } from './errorMessage';
import { pageHeading, refocusWhenLost } from './focusReturn';
import { useNoticeStore } from './noticeStore';
import { Notices } from './Notices';
import { hrefOf, useRoute, type Route } from './route';
import { Sidebar } from './Sidebar';
import { StorageBanner } from './StorageBanner';
import { UnsavedEditsQuestion } from './UnsavedEditsDialog';
import { useTheme } from './useTheme';

function Page({ route }: { route: Route }): ReactElement {
  switch (route.area) {
    case 'integrations':
      if (route.view === 'new') return <IntegrationEditorPage key="new" id={null} />;
      if (route.view === 'edit') return <IntegrationEditorPage key={route.id} id={route.id} />;
      if (route.view === 'details') return <IntegrationDetailsPage id={route.id} tab={route.tab} />;
      if (route.view === 'method') {
        // Keyed by integration: the page itself starts a fresh editor for another method.
        return <MethodEditorPage key={route.id} id={route.id} methodId={route.methodId} />;
      }
      return <IntegrationsPage />;
    case 'runbooks':
      return 'runbookId' in route ? (
        <RunbookDesignerPage key={route.runbookId} runbookId={route.runbookId} />
      ) : (
        <RunbooksPage />
      );
    case 'runs':
      if ('groupId' in route) return <RunGroupPage key={route.groupId} groupId={route.groupId} />;
      return 'runId' in route ? <RunPage key={route.runId} runId={route.runId} /> : <RunsPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App(): ReactElement {
  const route = useRoute();
  useTheme();
  useEventInvalidation();
  useRunEventsInCache();
  // The settings (read for the theme) and facts about the backend: a failed read is told once.
  const settingsError = useCall('settings.get', {}).error;
  const infoError = useCall('app.info', {}).error;
  const readError = settingsError ?? infoError;
  useEffect(() => {
    if (readError !== null) useNoticeStore.getState().show('error', messageOf(readError));
  }, [readError]);
  // A page that replaces the one holding focus (after Save, Delete…) drops it to <body>: the
  // new page's heading takes it, so the next Tab goes on from there, not from the window's top.
  // The first page leaves focus to the browser (Tab starts at the skip link).
  const address = hrefOf(route);
  const isFirstPage = useRef(true);
  useEffect(() => {
    if (!isFirstPage.current) refocusWhenLost(pageHeading);
    isFirstPage.current = false;
  }, [address]);
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        // The address's #… is the app's route: moving focus here keeps "#main" from reading as one.
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar route={route} />
      <main id="main" className="main" tabIndex={-1}>
        <StorageBanner />
        <Page route={route} />
      </main>
      <Notices />
      <UnsavedEditsQuestion />
    </div>
  );
}
