/** One handler per contract call; each is one line that calls a named service function. */
import type { IntegrationImportPlan } from '../../../shared/domain/integration';
import type { ImportPlan } from '../../../shared/domain/runbook';
import type { AppInfo } from '../../../shared/domain/settings';
import type { ConfigurationService } from '../configurations/configurationService';
import type { IntegrationService } from '../integrations/integrationService';
import type { OpenApiPreview } from '../io/openApiImport';
import { parseCurl } from '../io/parseCurl';
import type { MethodService } from '../methods/methodService';
import type { RunRepository } from '../db/repositories/runRepository';
import type { Engine } from '../engine/engine';
import type { DeletionImpacts } from '../runbooks/deletionImpact';
import type { RunbookListing } from '../runbooks/runbookListing';
import type { RunbookService } from '../runbooks/runbookService';
import type { RunbookVersionService } from '../runbooks/runbookVersionService';
import type { CompareVersions } from '../runbooks/versionComparison';
import { AppError } from '../../../shared/api/appError';
import type { SettingsService } from '../settings/settingsService';
import type { TriggerService } from '../triggers/triggerService';
import type { PinService } from '../rehearsal/pinService';
import type { TestCaseService } from '../rehearsal/testCaseService';
import type { ApprovalService } from '../approvals/approvalService';
import type { RunGroupService } from '../runGroups/runGroupService';
import type { RunGroupStarts } from '../runGroups/runGroupStarts';
import type { DebugRuns } from '../rehearsal/debugRuns';
import { withStepWaiting, type RunRecorder } from '../runs/runRecorder';
import type { Handlers } from './dispatcher';
import type { QueueStatusInfo } from '../../../shared/api/queueCalls';

export interface HandlerServices {
  appInfo: () => AppInfo;
  settings: SettingsService;
  integrations: IntegrationService;
  configurations: ConfigurationService;
  methods: MethodService;
  clearTokens: (configurationId: string) => boolean;
  importDocument: (source: string) => Promise<OpenApiPreview>;
  runbooks: RunbookService;
  deletionImpacts: DeletionImpacts;
  runbookListing: RunbookListing;
  versions: RunbookVersionService;
  compareVersions: CompareVersions;
  runs: RunRepository;
  engine: Engine;
  /** Cancels a run going in this process, or asks the one on the data folder running it. */
  cancelRun(id: string): boolean;
  /** What the running step of a run going in this process waits for, if it waits (runRecorder.ts). */
  stepWaitOf: RunRecorder['waitOf'];
  triggers: TriggerService;
  pins: PinService;
  testCases: TestCaseService;
  approvals: ApprovalService;
  runGroups: RunGroupService;
  runGroupStarts: RunGroupStarts;
  debugRuns: DebugRuns;
  queueStatus: () => Promise<QueueStatusInfo>;
  exportRunbook: (id: string) => { fileName: string; content: string; warnings: string[] };
  integrationTransfer: {
    export(id: string): { fileName: string; content: string; warnings: string[] };
    preview(content: string): IntegrationImportPlan;
    apply(content: string): { integrationId: string; plan: IntegrationImportPlan };
  };
  runbookImport: {
    preview(content: string, mode: 'copy' | 'replaceDraft'): ImportPlan;
    apply(content: string, mode: 'copy' | 'replaceDraft'): { runbookId: string; plan: ImportPlan };
  };
}

const notFound = (message: string): never => {
  throw new AppError('not_found', message);
};

export function createHandlers(s: HandlerServices): Handlers {
  return {
    'app.info': () => s.appInfo(),
    'settings.get': () => s.settings.get(),
    'settings.webhookListener': () => s.triggers.listenerStatus(),
    'settings.update': async (patch) => {
      // The webhook listener moves first: an address that cannot be bound is refused at its field.
      if (patch.webhookHost !== undefined || patch.webhookPort !== undefined) {
        const current = s.settings.get();
        const host = patch.webhookHost ?? current.webhookHost;
        const { port } = await s.triggers.moveWebhooks(host, patch.webhookPort ?? current.webhookPort);
        return s.settings.update({ ...patch, webhookHost: host, webhookPort: port });
      }
      return s.settings.update(patch);
    },
    'integrations.list': (query) => s.integrations.list(query),
    'integrations.get': ({ id }) => s.integrations.get(id),
    'integrations.create': ({ details, logo }) => s.integrations.create(details, logo),
    'integrations.update': ({ id, details, logo }) => s.integrations.update(id, details, logo),
    'integrations.deletionImpact': ({ id }) => s.integrations.deletionImpact(id),
    'integrations.delete': async ({ id }) => (await s.integrations.delete(id), { id }),
    'integrations.logo': ({ id }) => ({ dataUrl: s.integrations.logoDataUrl(id) }),
    'configurations.list': ({ integrationId }) => s.configurations.list(integrationId),
    'configurations.create': ({ integrationId, ...input }) => s.configurations.create(integrationId, input),
    'configurations.update': ({ id, ...input }) => s.configurations.update(id, input),
    'configurations.setPrimary': ({ id }) => s.configurations.setPrimary(id),
    'configurations.delete': ({ id }) => (s.configurations.delete(id), { id }),
    'configurations.clearTokens': ({ id }) => ({ wasCleared: s.clearTokens(id) }),
    'integrations.definition': ({ id }) => s.integrations.definition(id),
    'integrations.updateDefinition': ({ id, definition, proxyPassword }) =>
      s.integrations.updateDefinition(id, definition, proxyPassword),
    'integrations.export': ({ id }) => s.integrationTransfer.export(id),
    'integrations.previewImport': ({ content }) => s.integrationTransfer.preview(content),
    'integrations.import': ({ content }) => s.integrationTransfer.apply(content),
    'integrations.callLog': ({ id, limit }) => s.integrations.callLog(id, limit),
    'methods.list': ({ integrationId }) => s.methods.list(integrationId),
    'methods.get': ({ id }) => s.methods.get(id),
    'methods.create': ({ integrationId, definition, confirmTypedCredential }) =>
      s.methods.create(integrationId, definition, { confirmTypedCredential }),
    'methods.update': ({ id, definition, confirmTypedCredential }) =>
      s.methods.update(id, definition, { confirmTypedCredential }),
    'methods.deletionImpact': ({ id }) => s.deletionImpacts.ofMethod(id),
    'methods.delete': async ({ id }) => (await s.methods.delete(id), { id }),
    'methods.test': (input) => s.methods.test(input),
    'methods.cancelTest': ({ testId }) => ({ wasGoing: s.methods.cancelTest(testId) }),
    'methods.previewOpenApi': ({ source }) => s.importDocument(source),
    'methods.importMany': ({ integrationId, definitions }) => ({
      created: s.methods.importMany(integrationId, definitions),
    }),
    'methods.parseCurl': ({ command }) => parseCurl(command),
    'runbooks.list': ({ search, category }) => s.runbookListing.list(search, category),
    'runbooks.get': ({ id }) => s.runbooks.get(id),
    'runbooks.create': ({ details }) => s.runbooks.create(details),
    'runbooks.update': ({ id, details, draft, draftRevision }) =>
      s.runbooks.update(id, details, draft, { draftRevision }),
    'runbooks.deletionImpact': ({ id }) => s.deletionImpacts.ofRunbook(id),
    'runbooks.delete': async ({ id }) => (await s.runbooks.delete(id), { id }),
    'runbooks.validate': ({ id }) => ({ issues: s.runbooks.validate(id) }),
    'runbooks.export': ({ id }) => s.exportRunbook(id),
    'runbooks.publish': ({ id, note }) => s.versions.publish(id, note),
    'runbooks.versions': ({ id }) => s.versions.list(id),
    'runbooks.version': ({ id, versionId }) => s.versions.get(id, versionId),
    'runbooks.setVersionAvailable': ({ id, versionId, isAvailable }) =>
      s.versions.setAvailable(id, versionId, isAvailable),
    'runbooks.compare': ({ id, from, to }) => s.compareVersions(id, from, to),
    'runbooks.restoreVersion': ({ id, versionId }) => s.versions.restore(id, versionId),
    'runbooks.fork': ({ id, name }) => s.runbooks.fork(id, name),
    'runbooks.previewImport': ({ content, mode }) => s.runbookImport.preview(content, mode),
    'runbooks.import': ({ content, mode }) => s.runbookImport.apply(content, mode),
    'runbooks.triggers': ({ id }) => s.triggers.status(id),
    'runbooks.dismissMissedRuns': ({ id, at }) => s.triggers.dismissMissedRuns(id, at),
    'runbooks.setTriggerSecret': ({ id, secret }) => s.triggers.setSecret(id, secret),
    'runs.start': ({ runId, runbookId, inputs, client, configuration, mode, debug }) => ({
      runId:
        debug === undefined
          ? s.runbooks.startManualRun(runbookId, inputs, client, {
              configurationName: configuration,
              runId,
              mode,
            })
          : s.debugRuns.start({ runId, runbookId, inputs, client, configuration, mode, ...debug }),
    }),
    'runs.list': (filter) => s.runs.list(filter),
    'runs.get': ({ id }) => {
      const run = s.runs.get(id) ?? notFound('This run no longer exists.');
      const pause = run.status === 'running' ? s.debugRuns.pauseOf(id) : null;
      return Object.assign(withStepWaiting(run, s.stepWaitOf(id)), {
        triggerBody: s.runs.triggerBody(id),
        pause,
      });
    },
    'runs.step': ({ id, seq }) => s.runs.step(id, seq) ?? notFound('This step record no longer exists.'),
    'runs.rerunFrom': ({ id, stepId, confirmRepeat }) => ({
      runId: s.runbooks.rerunFrom(id, stepId, { confirmRepeat }),
    }),
    'runs.rerun': ({ id, confirmRepeat }) => ({ runId: s.runbooks.rerun(id, { confirmRepeat }) }),
    'runs.cancel': ({ id }) => ({ wasRunning: s.cancelRun(id) }),
    'runs.debugContinue': ({ id, breakpoints }) => ({ wasPaused: s.debugRuns.continueRun(id, breakpoints) }),
    'runs.debugStepOver': ({ id, breakpoints }) => ({ wasPaused: s.debugRuns.stepOver(id, breakpoints) }),
    'runs.debugStop': ({ id }) => ({ wasRunning: s.debugRuns.stop(id) }),
    'runs.debugContext': ({ id }) => s.debugRuns.context(id),
    'queue.status': () => s.queueStatus(),
    'pins.list': ({ runbookId }) => s.pins.list(runbookId),
    'pins.fromTest': ({ runbookId, stepId, result }) => s.pins.fromTest(runbookId, stepId, result),
    'pins.fromRun': ({ runId, seq }) => s.pins.fromRun(runId, seq),
    'pins.set': ({ runbookId, stepId, pin }) => s.pins.set(runbookId, stepId, pin),
    'pins.delete': ({ runbookId, stepId }) => ({ wasPinned: s.pins.delete(runbookId, stepId) }),
    'approvals.list': ({ runId }) => s.approvals.list(runId),
    'approvals.decide': (input) => s.approvals.decide(input),
    'testCases.list': ({ runbookId }) => s.testCases.list(runbookId),
    'testCases.saveFromRun': ({ runId, name, expectations }) =>
      s.testCases.saveFromRun(runId, { name, expectations }),
    'testCases.update': ({ id, name, expectations }) => s.testCases.update(id, { name, expectations }),
    'testCases.delete': ({ id }) => ({ wasDeleted: s.testCases.delete(id) }),
    'testCases.run': ({ runbookId, testRunId }) => s.testCases.run(runbookId, testRunId),
    'testCases.status': ({ runbookId }) => s.testCases.status(runbookId),
    'runGroups.clients': ({ runbookId }) => s.runGroupStarts.clientsOf(runbookId),
    'runGroups.start': (request) => s.runGroupStarts.startManual(request),
    'runGroups.get': ({ id }) => s.runGroups.get(id),
    'runGroups.list': (listing) => s.runGroups.list(listing),
    'runGroups.rerunFailed': ({ id }) => s.runGroups.rerunFailed(id),
    'runGroups.cancel': ({ id }) => s.runGroups.cancel(id),
  };
}
