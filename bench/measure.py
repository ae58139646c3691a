#!/usr/bin/env python3
"""Start-up and memory of a desktop app under Xvfb, measured from outside.

The screen is polled with xwd from the moment the process starts, and both
apps are judged by the same rules, whatever they draw:
- first paint: the first frame that shows drawn content (more than a few
  distinct colours: text or graphics, not just an empty window);
- complete: the first frame equal to the one the screen settles on.
Idle memory: PSS summed over the app and every process it started (WebKit's
web and network processes), after it has settled.

Usage: measure.py --runs N NAME=COMMAND... (COMMAND is split on spaces)
Prints one JSON object per app with the medians.
"""
import argparse
import hashlib
import json
import os
import signal
import statistics
import subprocess
import time

SETTLE_S = 4.0
IDLE_S = 10.0


def screen(display):
    """(hash, number of distinct colours in a sample) of the root window."""
    shot = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                          capture_output=True, check=True).stdout
    pixels = shot[-1920 * 1080 * 4:]  # 32-bit pixels follow the header and colour map
    sample = {pixels[i:i + 4] for i in range(0, len(pixels), 4 * 97)}
    return hashlib.sha1(pixels).hexdigest(), len(sample)


DRAWN_COLOURS = 8


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kib(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def one_run(command, display, env):
    blank, _ = screen(display)
    frames = []
    start = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    while time.monotonic() - start < SETTLE_S:
        frames.append((time.monotonic() - start, *screen(display)))
    final = frames[-1][1]
    if final == blank:
        raise RuntimeError(f"{command[0]} drew nothing in {SETTLE_S} s")
    first_paint = next(t for t, _, colours in frames if colours >= DRAWN_COLOURS)
    complete = next(t for t, h, _ in frames if h == final)
    # Idle memory is read after a further wait, once start-up work is over.
    # Even then WebKit's web process lands in one of two states some 22 MiB
    # apart, in the hello-world app as in CourtDesk, so the spread is reported
    # beside the median.
    time.sleep(IDLE_S)
    pss = pss_kib(descendants(proc.pid))
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)
    time.sleep(0.5)
    return first_paint, complete, pss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--display", default=os.environ.get("DISPLAY", ":0"))
    parser.add_argument("apps", nargs="+")
    args = parser.parse_args()
    env = dict(os.environ, DISPLAY=args.display)
    apps = [a.split("=", 1) for a in args.apps]
    results = {name: [] for name, _ in apps}
    # Alternate the apps so that drift in the machine's load hits both alike.
    for _ in range(args.runs):
        for name, command in apps:
            results[name].append(one_run(command.split(" "), args.display, env))
    for name, runs in results.items():
        print(json.dumps({
            "app": name,
            "first_paint_ms": round(statistics.median(r[0] for r in runs) * 1000),
            "complete_ms": round(statistics.median(r[1] for r in runs) * 1000),
            "idle_pss_mib": round(statistics.median(r[2] for r in runs) / 1024, 1),
            "idle_pss_min_mib": round(min(r[2] for r in runs) / 1024, 1),
            "idle_pss_max_mib": round(max(r[2] for r in runs) / 1024, 1),
            "runs": len(runs),
        }))


if __name__ == "__main__":
    main()
