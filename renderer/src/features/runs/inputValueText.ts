/** A run input's value as a person reads it, in the words the Run dialog offers. */

/** The words for a Yes/no input's values, by the value's text ("true", "false"). */
export const yesNoWords = { true: 'Yes', false: 'No' } as const;
