/** Renders the notice store; errors are announced assertively, the rest politely. */
import type { ReactElement } from 'react';
import { Icon } from './icons';
import { useNoticeStore } from './noticeStore';

const selectNotices = (state: ReturnType<typeof useNoticeStore.getState>) => state.notices;

export function Notices(): ReactElement {
  const notices = useNoticeStore(selectNotices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.tone}`}
          role={notice.tone === 'error' ? 'alert' : 'status'}
        >
          <span>{notice.text}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => useNoticeStore.getState().dismiss(notice.id)}
          >
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
