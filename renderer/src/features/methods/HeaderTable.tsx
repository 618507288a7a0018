/** HTTP headers as a two-column table of names and values (secrets already masked). */
import type { ReactElement } from 'react';

/** One row per header, the name as the row's heading. */
export function HeaderTable({ headers }: { headers: Record<string, string> }): ReactElement {
  return (
    <table className="table compact">
      <tbody>
        {Object.entries(headers).map(([name, value]) => (
          <tr key={name}>
            <th scope="row" className="mono">
              {name}
            </th>
            <td className="mono break">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
