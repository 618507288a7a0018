/**
 * Which processes have the data folder open: each backend keeps a file named for its process in
 * `<data folder>/processes/` while it runs. The start-up clean-up (runs still 'running' were left
 * by a stop) is whole for a folder no other living process has open: a `run` started beside
 * `serve`, the desktop app or another `run` marked the runs they had going failed (interrupted),
 * and their run groups' waiting clients not started, though they went on. With others open, it
 * takes only the runs whose process (runs.owner, its file's name) is gone. A process of another machine
 * (another host name) cannot be asked, and counts as gone, as every process did before. A run
 * waiting for an approval is its owner's (named by its file) while that lives: another process
 * neither takes it up at its start nor decides it.
 *
 * A process id is used again once its process has ended (after a restart of the machine, soon):
 * a file left by a crash could then name a living process that is not ours and keep the clean-up
 * from ever running. So each process touches its file while it runs, and a file not touched for
 * a while counts as left, whoever has its id now.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const folderName = 'processes';
/** How often a process touches its file, and how old a file may be and still count as living. */
const heartbeatMs = 10_000;
const staleAfterMs = 60_000;

/**
 * `4242-1f0c9a@build-7`: the process id, a mark of this opening (two backends of one process —
 * tests — are two owners), then the host name (its characters outside [\w.-] as _). Files of
 * older versions have no mark (`4242@build-7`).
 */
const nameOf = (pid: number) =>
  `${String(pid)}-${crypto.randomBytes(3).toString('hex')}@${os.hostname().replace(/[^\w.-]/g, '_')}`;
/** The process id a file's name starts with (NaN when it names none). */
const pidOf = (name: string) => Number(/^\d+(?=[-@])/.exec(name)?.[0]);

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
  if (process.platform !== 'linux') return true;
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch (error) {
    // Reaped between the two looks: gone.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export interface DataFolderProcess {
  /** Whether another living process of this machine had the folder open when this one came. */
  hasOthers: boolean;
  /** This process's name among them: what owns the runs it waits on (approvals.owner). */
  name: string;
  /** Whether the process so named has the folder open now (this one does; one of another machine counts as gone). */
  isOpenBy(name: string): boolean;
  dispose(): void;
}

/**
 * The names this process has open now, one per backend (tests open several): a file with this
 * process's id and another name was left by a process before it that had the same id (a
 * container's restart gives the same small id again).
 */
const openedHere = new Set<string>();

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
  /** Whether a file of this machine's processes is its living process's. */
  const isLiving = (name: string) =>
    pidOf(name) === process.pid
      ? openedHere.has(name)
      : isFresh(path.join(folder, name), Date.now()) && isAlive(pidOf(name));
  let hasOthers = false;
  for (const name of fs.readdirSync(folder)) {
    if (name === own || !name.endsWith(suffix) || !Number.isInteger(pidOf(name))) continue;
    if (isLiving(name)) hasOthers = true;
    else fs.rmSync(path.join(folder, name), { force: true });
  }
  const file = path.join(folder, own);
  fs.writeFileSync(file, '', { mode: 0o600 });
  openedHere.add(own);
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
    name: own,
    isOpenBy: (name) =>
      name === own ||
      (name.endsWith(suffix) && !name.includes('/') && Number.isInteger(pidOf(name)) && isLiving(name)),
    dispose: () => {
      clearInterval(heartbeat);
      openedHere.delete(own);
      fs.rmSync(file, { force: true });
    },
  };
}
