/** Where an address shown may wrap (UrlText.tsx). */

/** The address cut after each separator, the separator kept with the part before it. */
export const urlParts = (url: string): string[] =>
  url.match(/[^/?&]*(?:[/?&]+|$)/g)?.filter((part) => part !== '') ?? [];
