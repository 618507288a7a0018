/**
 * Keeping the keyboard's place when what had focus goes away. A saved form that closes, a page
 * the router replaces, a deleted list row: the browser then drops focus to <body>, and the next
 * Tab starts again at the top of the window. These wait for the page to draw what replaces it
 * and put focus there — but only while focus is lost, so they never take it from where the user
 * has moved it since.
 */

/** Something that can take focus (an element; a stand-in in the tests). */
export interface Focusable {
  focus: () => void;
}

/** What a wait for the page needs from the browser: the next frame, and whether focus is lost. */
export interface FrameClock {
  nextFrame: (callback: () => void) => void;
  isFocusLost: () => boolean;
}

/** Focus is lost when nothing but the page itself has it (the browser falls back to <body>). */
function isDocumentFocusLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
}

const browserClock: FrameClock = {
  nextFrame: (callback) => requestAnimationFrame(() => callback()),
  isFocusLost: isDocumentFocusLost,
};

/** About ten seconds at 60 frames a second: a list read again on a busy machine is back by then. */
const defaultFrames = 600;

/**
 * Waits, for up to `frames` frames, until `find` returns what replaces the element that had focus
 * (the page or list it looks in is drawn); then focuses it if focus is lost, and stops.
 */
export function refocusWhenLost(
  find: () => Focusable | null | undefined,
  frames = defaultFrames,
  clock: FrameClock = browserClock,
): void {
  let left = frames;
  const attempt = () => {
    const target = find();
    if (target !== null && target !== undefined) {
      if (clock.isFocusLost()) target.focus();
      return;
    }
    left -= 1;
    if (left > 0) clock.nextFrame(attempt);
  };
  clock.nextFrame(attempt);
}

/** A row of a list as far as choosing where focus goes after it: its neighbours. */
export interface ListRow<Row> {
  nextElementSibling: Row | null;
  previousElementSibling: Row | null;
}

/** Where focus goes when `row` is deleted: the row after it, else the one before, else none. */
export function neighbourOf<Row extends ListRow<Row>>(row: Row): Row | null {
  return row.nextElementSibling ?? row.previousElementSibling;
}

/**
 * The heading of the page in view (its h1), made focusable from script if it is not; none while
 * the page is still loading (every page has one once drawn).
 */
export function pageHeading(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (heading !== null && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  return heading;
}

/**
 * After the list row holding `from` (a button in it) is deleted: once the row has gone, focus
 * moves to the first control of the row after it (or before it), else to `fallback` — the
 * list's heading, by default the page's.
 */
export function refocusAfterRowDeleted(
  from: Element | null,
  fallback: () => HTMLElement | null = pageHeading,
): void {
  const row: Element | null = from?.closest('li') ?? null;
  const neighbour = row === null ? null : neighbourOf(row);
  refocusWhenLost(() => {
    if (row?.isConnected === true) return null;
    const control =
      neighbour?.isConnected === true ? neighbour.querySelector<HTMLElement>('a[href], button') : null;
    return control ?? fallback();
  });
}
