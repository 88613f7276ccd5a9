"""Results: one row per metric, a value or a reason per side, printed as a table and CSV."""
import csv
import io
from dataclasses import dataclass, field

HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Outcome:
    """A number, a pass/fail verdict, or why there is neither."""
    value: float = None
    passed: bool = None
    reason: str = None

    @staticmethod
    def number(value):
        return Outcome(value=float(value))

    @staticmethod
    def verdict(passed, detail=""):
        return Outcome(passed=bool(passed), reason=detail or None)

    @staticmethod
    def missing(reason):
        return Outcome(reason=reason)

    def cell(self, exact=False):
        if self.value is not None:
            return _exact(self.value) if exact else readable(self.value)
        if self.passed is not None:
            return "pass" if self.passed else f"fail ({self.reason})" if self.reason else "fail"
        return self.reason


@dataclass(frozen=True)
class Target:
    """What the Plinth column must reach, as a ratio to PostgreSQL or an absolute rule."""
    text: str
    min_ratio: float = None
    max_ratio: float = None
    max_value: float = None   # e.g. zero failed transactions
    must_pass: bool = False

    def met(self, reference, candidate, ratio):
        if self.must_pass:
            return candidate.passed
        if self.max_value is not None:
            return None if candidate.value is None else candidate.value <= self.max_value
        if ratio is None:
            return None
        if self.min_ratio is not None and ratio < self.min_ratio:
            return False
        if self.max_ratio is not None and ratio > self.max_ratio:
            return False
        return True


@dataclass
class Metric:
    name: str
    unit: str
    direction: str                  # HIGHER or LOWER is better
    target: Target = None
    outcomes: dict = field(default_factory=dict)  # side label -> Outcome

    def ratio(self, reference_label, candidate_label):
        """candidate / reference, for numbers only; None when either side has none."""
        ref = self.outcomes.get(reference_label)
        cand = self.outcomes.get(candidate_label)
        if ref is None or cand is None or ref.value is None or cand.value is None:
            return None
        if ref.value == 0:
            return None
        return cand.value / ref.value


class Report:
    def __init__(self, reference_label, candidate_label):
        self.reference = reference_label
        self.candidate = candidate_label
        self.metrics = []

    def add(self, metric):
        self.metrics.append(metric)
        return metric

    def rows(self, exact=False):
        """(metric, reference cell, candidate cell, ratio cell, direction, target, verdict)."""
        for m in self.metrics:
            ref = m.outcomes.get(self.reference, Outcome.missing("not run"))
            cand = m.outcomes.get(self.candidate, Outcome.missing("not run"))
            ratio = m.ratio(self.reference, self.candidate)
            verdict = m.target.met(ref, cand, ratio) if m.target else None
            name = (f"{m.name}_{m.unit}" if exact else f"{m.name} ({m.unit})") if m.unit else m.name
            yield (name, ref.cell(exact), cand.cell(exact),
                   "" if ratio is None else f"{ratio:.3f}", m.direction,
                   m.target.text if m.target else "",
                   {True: "met", False: "MISSED", None: ""}[verdict])

    def csv_text(self):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["metric", self.reference, self.candidate, "ratio", "direction"])
        for row in self.rows(exact=True):
            writer.writerow(row[:5])
        return out.getvalue()

    def table_text(self):
        header = ("metric", self.reference, self.candidate, "ratio", "better", "target", "")
        rows = [header] + [tuple(_clip(c) for c in row) for row in self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n"

    def all_measured(self):
        """True when every metric has a number or a verdict on both sides (self-test)."""
        for m in self.metrics:
            for label in (self.reference, self.candidate):
                o = m.outcomes.get(label)
                if o is None or (o.value is None and o.passed is None):
                    return False
        return True


def readable(value):
    """Three or four significant digits, never an exponent: 11720, 88.4, 0.766."""
    if value == 0 or abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.3g}" if abs(value) >= 0.001 else f"{value:.2e}"


def _exact(value):
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _clip(text, width=60):
    return text if len(text) <= width else text[:width - 1] + "…"
