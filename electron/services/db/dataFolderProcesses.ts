/**
 * Which processes have the data folder open: each backend keeps a file named for its process in
 * `<data folder>/processes/` while it runs. The start-up clean-up (runs still 'running' were left
 * by a stop) is for a folder no other living process has open: a `run` started beside `serve`,
 * the desktop app or another `run` marked the runs they had going failed (interrupted), and their
 * run groups' waiting clients not started, though they went on. A process of another machine
 * (another host name) cannot be asked, and counts as gone, as every process did before.
 *
 * A process id is used again once its process has ended (after a restart of the machine, soon):
 * a file left by a crash could then name a living process that is not ours and keep the clean-up
 * from ever running. So each process touches its file while it runs, and a file not touched for
 * a while counts as left, whoever has its id now.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const folderName = 'processes';
/** How often a process touches its file, and how old a file may be and still count as living. */
const heartbeatMs = 10_000;
const staleAfterMs = 60_000;

/** `4242@build-7`: the process id, then the host name (its characters outside [\w.-] as _). */
const nameOf = (pid: number) => `${String(pid)}@${os.hostname().replace(/[^\w.-]/g, '_')}`;

/**
 * Whether a process of this machine with this id lives (EPERM: it does, another user's). A
 * killed process nobody has reaped yet (a zombie, state Z in Linux's /proc) has ended.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export interface DataFolderProcess {
  /** Whether another living process of this machine had the folder open when this one came. */
  hasOthers: boolean;
  dispose(): void;
}

/** Whether the file was touched recently enough for its process to be the one that wrote it. */
function isFresh(file: string, now: number): boolean {
  try {
    return now - fs.statSync(file).mtimeMs < staleAfterMs;
  } catch {
    return false;
  }
}

/** Notes this process in the data folder; files left by processes gone are removed. */
export function registerDataFolderProcess(dataDirectory: string): DataFolderProcess {
  const folder = path.join(dataDirectory, folderName);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const own = nameOf(process.pid);
  const suffix = own.slice(own.indexOf('@'));
  let hasOthers = false;
  for (const name of fs.readdirSync(folder)) {
    const pid = Number(name.slice(0, name.indexOf('@')));
    if (name === own || !name.endsWith(suffix) || !Number.isInteger(pid)) continue;
    const other = path.join(folder, name);
    if (isFresh(other, Date.now()) && isAlive(pid)) hasOthers = true;
    else fs.rmSync(other, { force: true });
  }
  const file = path.join(folder, own);
  fs.writeFileSync(file, '', { mode: 0o600 });
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      // The folder is going (a test's temporary one) or unwritable: the file counts as left.
    }
  }, heartbeatMs);
  heartbeat.unref();
  return {
    hasOthers,
    dispose: () => {
      clearInterval(heartbeat);
      fs.rmSync(file, { force: true });
    },
  };
}
