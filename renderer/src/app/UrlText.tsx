/**
 * An address that may wrap: at the slashes, question mark and ampersands first (a browser breaks
 * a URL nowhere, or anywhere with `break-all`: "ticket" / "s/42"), and inside a part only when that
 * part alone is wider than its place (`overflow-wrap: anywhere` on the cell).
 */
import { Fragment, type ReactElement } from 'react';
import { urlParts } from './urlParts';

export function UrlText({ url }: { url: string }): ReactElement {
  return (
    <>
      {urlParts(url).map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
