/** The theme choice: three radio buttons drawn as one segmented control; the change applies at once. */
import { useState, type ReactElement } from 'react';
import type { Theme } from '../../../../shared/domain/settings';
import { Icon, type IconName } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { chooseTheme } from './settingsResource';

const themes: { value: Theme; label: string; icon: IconName }[] = [
  { value: 'system', label: 'Follow the system', icon: 'monitor' },
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
];

export function ThemePicker({ theme }: { theme: Theme }): ReactElement {
  const [error, setError] = useState<string | null>(null);
  return (
    <fieldset className="theme-picker">
      <legend>Theme</legend>
      <div className="theme-options">
        {themes.map((option) => (
          <label key={option.value} className={`theme-option${theme === option.value ? ' is-selected' : ''}`}>
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => {
                setError(null);
                chooseTheme(option.value).catch((caught: unknown) => setError(messageOf(caught)));
              }}
            />
            <Icon name={option.icon} />
            {option.label}
          </label>
        ))}
      </div>
      <p className="hint">“Follow the system” switches with your operating system’s light or dark mode.</p>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
