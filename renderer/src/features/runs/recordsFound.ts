/**
 * The step records a run's page lists when the user looks for some: those whose step's name (or
 * id) holds the text typed, in any case, and only the failed ones when asked. A run keeps up to
 * 10,000 records and the page draws them 200 at a time, so the browser's own find cannot reach
 * the rest; this can.
 */
export interface RecordFind {
  text: string;
  isFailedOnly: boolean;
}

export const noRecordFind: RecordFind = { text: '', isFailedOnly: false };

export function isFinding(find: RecordFind): boolean {
  return find.text.trim() !== '' || find.isFailedOnly;
}

export function recordsFound<T extends { stepId: string; status: string }>(
  records: readonly T[],
  find: RecordFind,
  nameOf: (stepId: string) => string,
): readonly T[] {
  if (!isFinding(find)) return records;
  const text = find.text.trim().toLocaleLowerCase();
  // A name is looked up once per step, not once per pass of a loop that ran it 1,000 times.
  const matchesByStep = new Map<string, boolean>();
  const stepMatches = (stepId: string) => {
    let matches = matchesByStep.get(stepId);
    if (matches === undefined) {
      matches =
        text === '' ||
        nameOf(stepId).toLocaleLowerCase().includes(text) ||
        stepId.toLocaleLowerCase().includes(text);
      matchesByStep.set(stepId, matches);
    }
    return matches;
  };
  return records.filter(
    (record) => (!find.isFailedOnly || record.status === 'failed') && stepMatches(record.stepId),
  );
}
