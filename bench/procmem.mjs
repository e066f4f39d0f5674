// Whole-process memory of the page's renderer, from Linux /proc. The JS heap figure misses what
// lives outside the V8 heap (ArrayBuffers, wasm memory, Blob data on its way out, Blink's copy of
// the body text), so peak RSS is the number that tells whether a variant really uses less memory.
// VmHWM is the kernel's peak-RSS mark; writing "5" to clear_refs resets it (Linux ≥ 4.0).

import { readFileSync, readdirSync, writeFileSync } from "node:fs";

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}

/** Chromium renderer processes started (directly or not) by this Node process; not the browser's own UI. */
export function ourRenderers() {
  const pids = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline;
    try { cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8"); } catch { continue; }
    if (!cmdline.includes("--type=renderer") || cmdline.includes("--top-chrome-webui")) continue;
    for (let p = Number(name), hops = 0; p > 1 && hops < 16; p = parentOf(p), hops++) {
      if (p === process.pid) { pids.push(Number(name)); break; }
    }
  }
  return pids;
}

function statusKb(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

export const rssBytes = (pid) => statusKb(pid, "VmRSS");
export const peakRssBytes = (pid) => statusKb(pid, "VmHWM");

/** Starts a new peak-RSS window; false when the kernel or permissions do not allow it. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
