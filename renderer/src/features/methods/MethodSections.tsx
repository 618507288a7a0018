/**
 * The method editor's request parts — Query, Headers, Body, Outputs, Settings — as a tab list
 * (WAI-ARIA): arrow keys, Home and End move between them, and only the chosen tab is in the Tab
 * order, so Tab goes from the tabs straight into the chosen part.
 */
import type { ReactElement, ReactNode } from 'react';
import { moveBetweenTabs } from '../../app/tablistKeys';
import type { Section } from './saveRefusal';

const sections: { section: Section; label: string }[] = [
  { section: 'query', label: 'Query' },
  { section: 'headers', label: 'Headers' },
  { section: 'body', label: 'Body' },
  { section: 'outputs', label: 'Outputs' },
  { section: 'settings', label: 'Settings' },
];
const sectionNames = sections.map((item) => item.section);

/** The tabs of the request parts and the chosen part's panel (`children`). */
export function MethodSections({
  section,
  outputCount,
  onChoose,
  children,
}: {
  section: Section;
  outputCount: number;
  onChoose: (section: Section) => void;
  children: ReactNode;
}): ReactElement {
  return (
    <div className="method-sections">
      <div className="segmented" role="tablist" aria-label="Request parts">
        {sections.map((item) => (
          <button
            key={item.section}
            id={`method-tab-${item.section}`}
            type="button"
            role="tab"
            aria-selected={section === item.section}
            aria-controls="method-section-panel"
            tabIndex={section === item.section ? 0 : -1}
            className={section === item.section ? 'is-selected' : undefined}
            onClick={() => onChoose(item.section)}
            onKeyDown={(event) => moveBetweenTabs(event, sectionNames, section, onChoose)}
          >
            {item.label}
            {item.section === 'outputs' && outputCount > 0 ? ` (${String(outputCount)})` : ''}
          </button>
        ))}
      </div>
      <div
        id="method-section-panel"
        role="tabpanel"
        aria-labelledby={`method-tab-${section}`}
        className="section-panel"
      >
        {children}
      </div>
    </div>
  );
}
