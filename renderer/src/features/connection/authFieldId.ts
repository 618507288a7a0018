/**
 * The element id of an authorization setting's control (`tokenUrl` → `auth-tokenUrl`,
 * `timestamp.headerName` → `auth-timestamp-headerName`): its label's target, and where a form
 * takes the focus to when a save is refused at that setting.
 */
export const authFieldIdOf = (path: string): string => `auth-${path.replaceAll('.', '-')}`;
