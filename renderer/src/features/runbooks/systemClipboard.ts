/**
 * The clipboard behind copy and paste of steps: the system clipboard, so steps travel between
 * runbooks and windows, with an in-memory copy for when the clipboard API is missing (an insecure
 * origin) or refused (the Electron shell does not grant reading it).
 */

/** The part of the Clipboard API used here. */
export interface TextClipboard {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

export interface StepClipboard {
  write(text: string): Promise<void>;
  /** The clipboard's text; null when neither the system nor memory holds any. */
  read(): Promise<string | null>;
}

export function createStepClipboard(system: TextClipboard | undefined): StepClipboard {
  let memory: string | null = null;
  // After a refused write the system clipboard holds something older than our copy.
  let isSystemCurrent = false;
  return {
    write: async (text) => {
      memory = text;
      try {
        if (system === undefined) throw new Error('No clipboard API');
        await system.writeText(text);
        isSystemCurrent = true;
      } catch {
        // Refused or unavailable: the copy in memory is the clipboard in this window.
        isSystemCurrent = false;
      }
    },
    read: async () => {
      if (system === undefined || (!isSystemCurrent && memory !== null)) return memory;
      try {
        return await system.readText();
      } catch {
        // Reading refused (no permission, page not focused): fall back to our own last copy.
        return memory;
      }
    },
  };
}

/** The clipboard of this window. */
export const stepClipboard = createStepClipboard(
  typeof navigator === 'undefined' ? undefined : (navigator.clipboard as TextClipboard | undefined),
);
