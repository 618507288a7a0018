/** The native menu with the usual roles and shortcuts; developer tools only in development. */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

const readmeUrl = 'https://github.com/runbook-designer/runbook-designer#readme';

export function installApplicationMenu(isPackaged: boolean): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Runbook Designer documentation', click: () => void shell.openExternal(readmeUrl) }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
