/**
 * What a step refers to outside its runbook — the methods it sends, the runbooks it runs, the
 * configuration it sends with — and how it writes those references into a runbook file (by name,
 * as no database id leaves the data directory) and reads them back (remapped to the ids of the
 * data directory importing it). Export, import and the runbook service ask a step's declaration
 * through these, so none of them names a step type.
 */
import type { z } from 'zod';

/** The ids of what a step refers to. */
export interface ReferencedIds {
  methodIds: readonly string[];
  runbookIds: readonly string[];
}

/** A method or configuration as a runbook file names it: by its integration's name and its own. */
export interface NameInIntegration {
  integration: string;
  name: string;
}

/** What a step's references point at, by name, for the file (undefined: it no longer exists). */
export interface ReferenceNames {
  method(methodId: string): NameInIntegration | undefined;
  runbook(runbookId: string): string | undefined;
  configuration(configurationId: string): string | undefined;
}

/** The ids, in the data directory importing a file, of what the file names (undefined: none). */
export interface ReferenceIds {
  method(integration: string, name: string): string | undefined;
  runbook(name: string): string | undefined;
  configuration(integration: string, name: string): string | undefined;
}

/** What a step in a file refers to, by name. */
export interface NamesInFile {
  methods: readonly NameInIntegration[];
  runbooks: readonly string[];
  /** Configurations chosen by name, with their integration's name. */
  configurations: readonly NameInIntegration[];
}

/** A step as a runbook file holds it: an id and a type, the rest as its type writes it. */
export type WrittenStep = { id: string; type: string } & Record<string, unknown>;

/** How a step's references are written into a runbook file and read back. */
export interface StepFileForm<S> {
  /**
   * The keys holding the step's references as the file writes them; a file's step is checked
   * against it before `read` or `namesIn` sees it.
   */
  referencesSchema: z.ZodType;
  /** The step as the file holds it: its ids replaced by the names `names` gives. */
  write(step: S, names: ReferenceNames): WrittenStep;
  /**
   * The step a file's step becomes here: its names replaced by the ids `ids` gives. A name
   * without an id here becomes an empty reference, which validation asks the user to choose.
   */
  read(written: WrittenStep, ids: ReferenceIds): Record<string, unknown>;
  /** What a file's step refers to, so a reader can check the file carries it. */
  namesIn(written: WrittenStep): NamesInFile;
}

/** The part of a step type's declaration about what its steps refer to. */
export interface StepReferences<S> {
  idsOf(step: S): ReferencedIds;
  /**
   * The step sending with the configuration `configurationFor` gives for its method, where it
   * would use the integration's primary one; the same object when that changes nothing.
   */
  withConfiguration?(step: S, configurationFor: (methodId: string) => string | undefined): S;
  file: StepFileForm<S>;
}
