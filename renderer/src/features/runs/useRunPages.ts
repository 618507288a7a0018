/**
 * The runs list of some filters, a page at a time: the first page when it is shown, each next
 * one when asked (the list's end comes into view, or "Load more"). Read when the page opens, then
 * kept current by run events (runsInCache.ts applies them to every page read).
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, type RefObject } from 'react';
import { callKey } from '../../api/resources';
import { defaultListLimit, nextPageCursor, type RunCursor, type RunsListInput } from './runListPages';
import { readRunsList } from './runsInCache';

/** The pages of `input`'s runs read so far, and how to read the next. */
export function useRunPages(input: RunsListInput) {
  const pageSize = input.limit ?? defaultListLimit;
  return useInfiniteQuery({
    queryKey: callKey('runs.list', input),
    queryFn: ({ pageParam }) =>
      readRunsList(pageParam === undefined ? input : { ...input, after: pageParam }),
    initialPageParam: undefined as RunCursor | undefined,
    getNextPageParam: (lastPage) => nextPageCursor(lastPage, pageSize),
    // Deleting a runbook takes its runs with no run event: read again each time the page opens.
    staleTime: Infinity,
    refetchOnMount: 'always',
    // A new filter shows the previous list until its own is read.
    placeholderData: keepPreviousData,
  });
}

/**
 * Calls `onNear` when `target` comes within a screen's reach of the view, while `isActive`. The
 * observer is made again each time it becomes active, so a target still in view (a page too
 * short to fill the screen) asks again.
 */
export function useWhenNearView(
  target: RefObject<Element | null>,
  onNear: () => void,
  isActive: boolean,
): void {
  useEffect(() => {
    const element = target.current;
    if (!isActive || element === null) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onNear();
      },
      { rootMargin: '0px 0px 400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, onNear, isActive]);
}
