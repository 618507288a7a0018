/**
 * Says, above every page, when the backend cannot write its records (a full disk, a database
 * another program holds locked, a disk that refuses writes): runs and their records wait in
 * memory meanwhile, and pages may show them as they were. Gone once records are written again.
 */
import type { ReactElement } from 'react';
import type { StorageFaultView } from '../../../shared/domain/settings';
import { useCall } from '../api/resources';

const messageOf: Readonly<Record<NonNullable<StorageFaultView>, string>> = {
  full: 'The disk is full. Run records wait in memory and new runs are refused until you free some space; nothing saved is lost.',
  busy: 'Another program holds the database locked. Run records wait until it lets go; new runs are refused meanwhile.',
  failing:
    'The disk refuses writes (read-only or failing). Run records wait in memory; check the data folder.',
};

export function StorageBanner(): ReactElement | null {
  // A fault that starts or ends is announced (storage.changed), which reads app.info again.
  const fault = useCall('app.info', {}).data?.storageFault ?? null;
  if (fault === null) return null;
  return (
    <div className="storage-banner" role="alert">
      {messageOf[fault]}
    </div>
  );
}
