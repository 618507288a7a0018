/** Short notices (saved, deleted, failed) shown at the bottom of the window. */
import { create } from 'zustand';

export interface Notice {
  id: number;
  tone: 'success' | 'error';
  text: string;
}

interface NoticeState {
  notices: Notice[];
  show(tone: Notice['tone'], text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNoticeStore = create<NoticeState>()((set, get) => ({
  notices: [],
  show: (tone, text) => {
    const id = nextId++;
    set({ notices: [...get().notices.slice(-2), { id, tone, text }] });
    setTimeout(() => get().dismiss(id), tone === 'error' ? 8_000 : 3_500);
  },
  dismiss: (id) => set({ notices: get().notices.filter((notice) => notice.id !== id) }),
}));
