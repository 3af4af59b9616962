"""How far a demo build running in the background has come, for the pages served meanwhile.

``make run`` on a machine without the national demo serves the five-province seed at once and builds the
national database beside it (gnbv/ui/serve.py); the build writes its progress to a small JSON file next
to the database it builds, and the pages read it to say how far it is and to switch to the national
figures when it is done, without a restart.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# The build's phases and the share of its work each takes on the national scope (docs/performance.md):
# the progress bar moves with the work, not with the number of messages. The households and the rollups
# run side by side (a province is rolled up while the next is generated): each counts its share.
PHASES = {"units": (0.0, 0.01), "plan": (0.01, 0.08), "households": (0.08, 0.62), "rollup": (0.62, 0.98)}
DONE_PHASE_SHARE = 0.98  # the funding and the final write after the last rollup
# "households 21/63 (71% of the rows): province 25": how far by the work when the step says it (the largest
# provinces go first, so 21 of 63 provinces are most of the rows), else by the count
STEP = re.compile(r"^(?P<phase>[a-z]+) (?P<done>\d+)/(?P<total>\d+)(?: \((?P<percent>\d+)% of the rows\))?")


def progress_path(database: Path) -> Path:
    return Path(database).with_name(Path(database).name + ".progress.json")


@dataclass(frozen=True)
class BuildState:
    state: str  # running | done | failed | stopped (the process is gone without saying done)
    fraction: float
    step: str
    started: float
    updated: float
    message: str = ""

    @property
    def running(self) -> bool:
        return self.state == "running"

    def seconds_left(self, now: float | None = None) -> float | None:
        """What is left at the pace so far (None before there is a pace to go by)."""
        elapsed = (now or time.time()) - self.started
        if self.fraction < 0.05 or elapsed <= 0:
            return None
        return elapsed * (1 - self.fraction) / self.fraction


def fraction_of(message: str, previous: float, counted: dict[str, float]) -> float:
    """How far the build is after the step ``message`` ("households 12/63: province 01"). ``counted`` keeps
    how far each counted phase is (they overlap: "rollup 3/34" between two household steps)."""
    if message.startswith("funding"):
        return DONE_PHASE_SHARE
    if message.startswith("plan"):
        return PHASES["plan"][0]
    if message.startswith("units"):
        return PHASES["units"][0]
    step = STEP.match(message)
    if step and step["phase"] in PHASES:
        if step["percent"]:
            counted[step["phase"]] = int(step["percent"]) / 100
        else:
            counted[step["phase"]] = int(step["done"]) / max(int(step["total"]), 1)
        # every phase before the first counted one is done; each counted phase adds its share as far as it is
        first = min(PHASES[phase][0] for phase in counted)
        return first + sum((PHASES[phase][1] - PHASES[phase][0]) * share for phase, share in counted.items())
    return previous


class ProgressFile:
    """The build's side: each step written atomically (a reader never sees half a file)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.started = time.time()
        self.fraction = 0.0
        self.counted: dict[str, float] = {}  # how far each counted phase is (fraction_of)
        # the build's two workers report from their own threads: one write at a time (they share the
        # counts and the one .partial file that replaces the record)
        self._lock = threading.Lock()

    def write(self, state: str, step: str = "", message: str = "") -> None:
        with self._lock:
            self._write(state, step, message)

    def _write(self, state: str, step: str, message: str) -> None:
        if state == "running":
            self.fraction = fraction_of(step, self.fraction, self.counted)
        elif state == "done":
            self.fraction = 1.0
        record = {
            "state": state,
            "fraction": round(self.fraction, 4),
            "step": step,
            "started": self.started,
            "updated": time.time(),
            "message": message,
            "pid": os.getpid(),
        }
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, self.path)


def _alive(pid: int) -> bool:
    if pid <= 0:  # (0 and -1 would ask about a whole group of processes)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read(database: Path) -> BuildState | None:
    """The state of the last build of ``database`` started in the background, or None when none was."""
    try:
        record = json.loads(progress_path(database).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    state = record.get("state", "running")
    if state == "running" and not _alive(int(record.get("pid", 0))):
        state = "stopped"  # killed (the server stopped with it): the next `make run` starts it again
    return BuildState(
        state=state,
        fraction=float(record.get("fraction", 0.0)),
        step=str(record.get("step", "")),
        started=float(record.get("started", time.time())),
        updated=float(record.get("updated", time.time())),
        message=str(record.get("message", "")),
    )
