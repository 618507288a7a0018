/**
 * The native menu with the usual roles and their shortcuts (the layout of Electron's own default
 * menu); developer tools only while not packaged.
 */
import { dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';

export interface ApplicationMenuOptions {
  isPackaged: boolean;
  /** The README shipped with the app (extraResources when packaged, the checkout's in development). */
  readmeFile: string;
}

/** Opens the README with the system's viewer; says where it is when nothing can open it. */
async function openReadme(readmeFile: string): Promise<void> {
  const failure = await shell.openPath(readmeFile);
  if (failure !== '') {
    await dialog.showMessageBox({
      type: 'info',
      message: 'The Runbook Designer README could not be opened here.',
      detail: `Open it in a text editor or Markdown viewer: ${readmeFile}`,
    });
  }
}

export function installApplicationMenu(options: ApplicationMenuOptions): void {
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
        ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
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
      submenu: [{ label: 'Runbook Designer README', click: () => void openReadme(options.readmeFile) }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
