/**
 * Says, above every page, when the backend cannot write its records (a full disk, a database
 * another program holds locked, a disk that refuses writes): runs and their records wait in
 * memory meanwhile, and pages may show them as they were. Gone once records are written again.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { StorageFaultView } from '../../../shared/domain/settings';
import { api } from '../api/client';

const messageOf: Readonly<Record<NonNullable<StorageFaultView>, string>> = {
  full: 'The disk is full. Run records wait in memory and new runs are refused until you free some space; nothing saved is lost.',
  busy: 'Another program holds the database locked. Run records wait until it lets go; new runs are refused meanwhile.',
  failing:
    'The disk refuses writes (read-only or failing). Run records wait in memory; check the data folder.',
};

export function StorageBanner(): ReactElement | null {
  const [fault, setFault] = useState<StorageFaultView>(null);
  useEffect(() => {
    let isCurrent = true;
    const unsubscribe = api.onEvent((message) => {
      if (message.name === 'storage.changed') setFault(message.payload.fault);
    });
    api.call('app.info', {}).then(
      (info) => {
        if (isCurrent) setFault(info.storageFault);
      },
      () => undefined, // The settings store reports a backend that does not answer.
    );
    return () => {
      isCurrent = false;
      unsubscribe();
    };
  }, []);
  if (fault === null) return null;
  return (
    <div className="storage-banner" role="alert">
      {messageOf[fault]}
    </div>
  );
}
