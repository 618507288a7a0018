/**
 * A method Test's wait for the rate limit (or a Retry-After pause), as a window shows it: each
 * Test is given an id, its wait is heard from methods.testWaiting while it goes, and Cancel gives
 * up its place (nothing is sent). The method editor's Test panel and the designer's Test step
 * both use it. A Test still waiting when its panel goes (the dialog closed, the editor left) gives
 * up its place too: its request would otherwise leave minutes later, with nobody there to see it.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { RateLimitWaitNote } from '../../../../shared/domain/rateLimitWait';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';

/** The Test going that waits before its request leaves, and why. */
export interface TestWaiting {
  testId: string;
  wait: RateLimitWaitNote;
}

/** The Send button's words: while a Test goes, whether its request waits or has left. */
export function testSendLabel(isSending: boolean, waiting: TestWaiting | null): string {
  if (!isSending) return 'Send test request';
  return waiting === null ? 'Sending…' : 'Waiting…';
}

export function useTestWait(sendButton: RefObject<HTMLButtonElement | null>): {
  waiting: TestWaiting | null;
  /** Hears a new Test's wait: its id for methods.test, and what stops hearing it once it ended. */
  listen: () => { testId: string; stop: () => void };
  /** Gives up the waiting Test's place: its result says nothing was sent. */
  cancel: (testId: string) => void;
} {
  const [waiting, setWaiting] = useState<TestWaiting | null>(null);
  /** The Test waiting now, read when the panel goes. */
  const waitingTest = useRef<string | null>(null);
  useEffect(
    () => () => {
      const testId = waitingTest.current;
      // Nothing to tell: the panel that would show the result is gone.
      if (testId !== null) api.call('methods.cancelTest', { testId }).catch(() => undefined);
    },
    [],
  );
  const listen = () => {
    const testId = crypto.randomUUID();
    // Heard before the call: its wait is told as soon as it begins.
    const unsubscribe = api.onEvent((message) => {
      if (message.name !== 'methods.testWaiting' || message.payload.testId !== testId) return;
      const { wait } = message.payload;
      waitingTest.current = wait === null ? null : testId;
      setWaiting(wait === null ? null : { testId, wait });
    });
    return {
      testId,
      stop: () => {
        unsubscribe();
        if (waitingTest.current === testId) waitingTest.current = null;
        setWaiting(null);
      },
    };
  };
  const cancel = (testId: string) => {
    // The Cancel button goes with the wait: the keyboard stays at Send.
    sendButton.current?.focus();
    api.call('methods.cancelTest', { testId }).catch((error: unknown) => {
      useNoticeStore.getState().show('error', messageOf(error));
    });
  };
  return { waiting, listen, cancel };
}
