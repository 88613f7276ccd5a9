"""Command line: parse options, start both sides, run the workloads, print the results."""
import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass

from . import selftest
from .context import Context
from .report import Report
from .servers import PlinthServer, PostgresServer, Timeouts
from .sides import Side
from .workloads import WORKLOADS

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PG_BIN = "/usr/lib/postgresql/15/bin"


@dataclass(frozen=True)
class Settings:
    pgbench: str
    scale: int
    duration: int
    churn_duration: int
    analytics_runs: int
    cold_runs: int
    load_timeout: float
    query_timeout: float


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="bench/run.sh",
        description="Side-by-side benchmark: PostgreSQL 15 vs Plinth (storage_lmdb), "
                    "pgbench workloads, table + CSV of ratios. See docs/performance.md.")
    p.add_argument("--scale", type=int, help="pgbench scale factor (default 10; --quick: 1)")
    p.add_argument("--duration", type=int,
                   help="seconds per pgbench read/write run (default 20; --quick: 3)")
    p.add_argument("--churn-duration", type=int,
                   help="seconds of the connection-churn run (default 10; --quick: 3)")
    p.add_argument("--only", help="comma list of workloads to run: " + ",".join(WORKLOADS))
    p.add_argument("--quick", action="store_true", help="scale 1 and 3 s runs: a smoke run")
    p.add_argument("--compare-postgres-with-itself", action="store_true",
                   help="dry run: a second PostgreSQL stands in for Plinth")
    p.add_argument("--self-test", action="store_true",
                   help="check the harness's parsers, then a PostgreSQL-vs-PostgreSQL run "
                        "that must measure every metric; exit 1 otherwise")
    p.add_argument("--plinth", help="the plinth executable (default: $PLINTH, "
                                    "build-bench/plinth, build/plinth)")
    p.add_argument("--pg-bin", default=PG_BIN, help=f"PostgreSQL 15 binaries (default {PG_BIN})")
    p.add_argument("--csv", help="also write the CSV to this file")
    p.add_argument("--workdir", help="parent of the scratch directory (default: system temp); "
                                     "its file system is the one both servers fsync to")
    p.add_argument("--load-timeout", type=float, help="seconds for one pgbench -i "
                                                      "(default 60 + 30 x scale)")
    p.add_argument("--query-timeout", type=float, default=300.0,
                   help="seconds for one analytics/check query (default 300)")
    args = p.parse_args(argv)
    if args.only:
        args.only = [w.strip() for w in args.only.split(",") if w.strip()]
        unknown = [w for w in args.only if w not in WORKLOADS]
        if unknown:
            p.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(WORKLOADS)}")
    for name in ("scale", "duration", "churn_duration"):
        value = getattr(args, name)
        if value is not None and value < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.self_test:
        args.compare_postgres_with_itself = True
    return args


def settings_from(args):
    quick = args.quick
    scale = args.scale or (1 if quick else 10)
    return Settings(
        pgbench=os.path.join(args.pg_bin, "pgbench"),
        scale=scale,
        duration=args.duration or (3 if quick else 20),
        churn_duration=args.churn_duration or (3 if quick else 10),
        analytics_runs=5,
        cold_runs=1 if quick else 3,
        load_timeout=args.load_timeout or 60.0 + 30.0 * scale,
        query_timeout=args.query_timeout)


def find_plinth(explicit):
    candidates = [explicit] if explicit else [
        os.environ.get("PLINTH"), os.path.join(REPO, "build-bench", "plinth"),
        os.path.join(REPO, "build", "plinth")]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return os.path.abspath(path)
    return None


SCRATCH_PREFIX = "plinth-bench-"
OWNER_FILE = "owner.pid"


def remove_abandoned_scratch(parent):
    """Removes scratch directories of earlier runs that were killed (SIGKILL cannot be
    cleaned up after; their servers died with them through PR_SET_PDEATHSIG)."""
    parent = parent or tempfile.gettempdir()
    for name in os.listdir(parent):
        path = os.path.join(parent, name)
        if not name.startswith(SCRATCH_PREFIX) or not os.path.isdir(path):
            continue
        try:
            with open(os.path.join(path, OWNER_FILE)) as owner:
                pid = int(owner.read())
            os.kill(pid, 0)
        except ProcessLookupError:
            say(f"removing {path}, left behind by killed run {pid}")
            shutil.rmtree(path, ignore_errors=True)
        except (OSError, ValueError):
            pass  # not ours to judge: no readable owner, or owner alive under another user


def say(line):
    print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)


def _interrupt(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def make_sides(args, scratch, timeouts):
    """[reference, candidate]: PostgreSQL, then Plinth on storage_lmdb (or PostgreSQL again)."""
    def postgres(directory, _storage):
        return PostgresServer(directory, timeouts, args.pg_bin)

    reference = Side("postgresql", True, postgres, scratch, None)
    if args.compare_postgres_with_itself:
        return [reference, Side("postgresql_b", False, postgres, scratch, None)]
    binary = find_plinth(args.plinth)
    if binary is None:
        raise SystemExit("bench: no plinth executable; build it (cmake --build build-bench "
                         "--target plinth storage_memory storage_lmdb auth_trust auth_scram) "
                         "or pass --plinth PATH, or use --compare-postgres-with-itself")

    def plinth(directory, storage):
        return PlinthServer(directory, timeouts, binary, storage)

    candidate = Side("plinth", False, plinth, scratch, "storage_lmdb")
    # The in-process point-read loop, built next to the executable (bench/CMakeLists.txt).
    program = os.path.join(os.path.dirname(binary), "bench", "embedded_point_reads")
    candidate.embedded_program = program if os.access(program, os.X_OK) else None
    return [reference, candidate]


def run_workloads(names, sides, settings, report, scratch):
    ctx = Context(sides, settings, report, say, scratch)
    servers_started = False
    for name in names:
        if name != "coldstart" and not servers_started:
            for side in sides:
                if not side.start(say) and side.is_reference:
                    raise SystemExit(
                        f"bench: PostgreSQL did not start: {side.unavailable_reason()}")
            servers_started = True
        say(f"== {name}")
        WORKLOADS[name](ctx)
    return ctx.notes


def print_results(report, notes, settings, csv_path):
    print(f"\nscale {settings.scale}, {settings.duration} s runs, "
          f"churn {settings.churn_duration} s; ratio = {report.candidate} / {report.reference}\n")
    print(report.table_text())
    for note in notes:
        print(f"note: {note}")
    print("\nCSV:")
    print(report.csv_text(), end="")
    if csv_path:
        with open(csv_path, "w") as out:
            out.write(report.csv_text())


def main(argv=None):
    args = parse_args(argv)
    if args.self_test and not selftest.run_unit_checks(say):
        return 1
    settings = settings_from(args)
    for tool in (settings.pgbench, os.path.join(args.pg_bin, "initdb")):
        if not os.access(tool, os.X_OK):
            raise SystemExit(f"bench: {tool} not found; apt-get install postgresql-15")
    names = [w for w in WORKLOADS if not args.only or w in args.only]
    timeouts = Timeouts(query=settings.query_timeout)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    remove_abandoned_scratch(args.workdir)
    scratch = tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=args.workdir)
    os.chmod(scratch, 0o755)  # PostgreSQL runs as 'postgres' below it
    with open(os.path.join(scratch, OWNER_FILE), "w") as owner:
        owner.write(str(os.getpid()))
    sides = []
    try:
        sides = make_sides(args, scratch, timeouts)
        report = Report(sides[0].label, sides[1].label)
        notes = run_workloads(names, sides, settings, report, scratch)
        print_results(report, notes, settings, args.csv)
        if args.self_test:
            return selftest.judge_dry_run(report, say)
        return 0
    except KeyboardInterrupt:
        say("interrupted: stopping the servers and removing their data")
        return 130
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        for side in sides:
            side.stop()
        shutil.rmtree(scratch, ignore_errors=True)
