/** An honest placeholder for an area that is not built yet: says what will be there. */
import type { ReactElement } from 'react';
import { Icon, type IconName } from './icons';

export function ComingSoon({
  title,
  icon,
  points,
}: {
  title: string;
  icon: IconName;
  points: string[];
}): ReactElement {
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state">
        <span className="empty-icon">
          <Icon name={icon} />
        </span>
        <h2>{title} are coming soon</h2>
        <p>This part of Runbook Designer is not built yet. When it is, you will be able to:</p>
        <ul className="coming-list">
          {points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
        <p className="muted">Meanwhile, set up the integrations your runbooks will call.</p>
        <a className="button" href="#/integrations">
          Go to Integrations
        </a>
      </div>
    </section>
  );
}
