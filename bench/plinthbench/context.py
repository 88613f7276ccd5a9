"""What every workload gets: both sides, the settings, the report, progress output."""
from .processes import StepTimeout
from .report import Outcome, readable


class Context:
    """Sides take turns: the side that goes first alternates from one measurement to the
    next, so neither systematically profits from a warmer machine or page cache."""

    def __init__(self, sides, settings, report, say, scratch):
        self.sides = sides          # [reference, candidate]
        self.scratch = scratch      # for files the workloads write (pgbench scripts)
        self.settings = settings
        self.report = report
        self.say = say              # progress line -> stderr
        self.notes = []             # printed under the table, each once
        self._turn = 0

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def in_turn(self):
        """The sides in this measurement's order; the first side alternates per call."""
        order = self.sides if self._turn % 2 == 0 else list(reversed(self.sides))
        self._turn += 1
        return order

    def measure(self, side, what, step, needs_server=True, quiet=False):
        """Runs step() for one side; its number, or the reason there is none."""
        if needs_server and not side.ready():
            return Outcome.missing(side.unavailable_reason())
        try:
            value = step()
            if not quiet:
                self.say(f"[{side.label}] {what}: {readable(value)}")
            return Outcome.number(value)
        except Exception as error:  # one side's failure is a cell, not the end of the run
            outcome = side.failure(error)
            self.say(f"[{side.label}] {what}: {outcome.reason}")
            if needs_server:
                side.recover(self.say, hung=isinstance(error, StepTimeout))
            return outcome
