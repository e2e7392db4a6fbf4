import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports process CPU in clock ticks; 100 per second on every mainstream kernel configuration. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds a process has used so far, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name (which may itself contain spaces); utime and stime are
  // fields 14 and 15 of the whole line, i.e. 12 and 13 after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU milliseconds of this whole process (all threads, including the SDK's native Core threads). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The pid of the temporal-lite server the SDK spawned for this process: a direct child whose command line
 * names the devserver (the launcher `exec`s node, so the child's pid is the server's).
 */
export function findServerPid(parentPid: number): number {
  const candidates = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  for (const entry of candidates) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (/temporal-lite|devserver/.test(commandLine)) return Number(entry);
    } catch {
      // The process exited while we were looking.
    }
  }
  throw new Error(`no temporal-lite child process of pid ${parentPid} found in /proc`);
}
