"""--self-test: the harness checks its own parsing, then judges a PostgreSQL-vs-PostgreSQL
run. The parsing checks feed real and malformed inputs; the dry run must produce a number
or verdict for every metric on both sides, with the balance check passing."""
import struct

from . import pgwire
from .pgbench import SetupFailed, parse_run_report
from .processes import StepFailed, telling_line
from .report import HIGHER, Metric, Outcome, Report, Target
from .workloads import check_analytics_result

PGBENCH_15_OUTPUT = """\
pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: <builtin: select only>
scaling factor: 1
query mode: prepared
number of clients: 4
number of threads: 2
maximum number of tries: 1
duration: 3 s
number of transactions actually processed: 61234
number of failed transactions: 2 (0.003%)
latency average = 0.195 ms
initial connection time = 6.802 ms
tps = 20411.524114 (without initial connection time)
"""

PGBENCH_SETUP_FAILED_OUTPUT = """\
pgbench (15.18 (Debian 15.18-0+deb12u1))
pgbench: error: could not count number of branches: ERROR:  aggregates are not supported yet
"""

PGBENCH_ABORTED_OUTPUT = """\
pgbench (15.18 (Debian 15.18-0+deb12u1))
pgbench: error: client 0 aborted in command 1 (SQL) of script 0; ERROR:  relation "pgbench_accounts" does not exist
"""


def _raised(fn, *args):
    """The exception fn(*args) raised, or None."""
    try:
        fn(*args)
    except Exception as error:
        return error
    return None


def _raises(kind, fn, *args):
    return isinstance(_raised(fn, *args), kind)


def _message(msg_type, body):
    return msg_type + struct.pack("!i", len(body) + 4) + body


def _row(*columns):
    body = struct.pack("!h", len(columns))
    for c in columns:
        body += struct.pack("!i", -1) if c is None else struct.pack("!i", len(c)) + c
    return body


def _report_checks():
    report = Report("a", "b")
    m = report.add(Metric("x", "tps", HIGHER, Target("≥ 1.0×", min_ratio=1.0)))
    m.outcomes = {"a": Outcome.number(0), "b": Outcome.number(5)}
    zero_reference = m.ratio("a", "b") is None
    m.outcomes = {"a": Outcome.number(100), "b": Outcome.number(80)}
    row = next(report.rows())
    m.outcomes["b"] = Outcome.missing("not supported yet: 0A000 COPY, not yet")
    csv_text = report.csv_text()
    return {
        "ratio undefined against zero": zero_reference,
        "ratio is candidate / reference": row[3] == "0.800",
        "target missed below min ratio": row[6] == "MISSED",
        "csv quotes a reason with a comma": '"not supported yet: 0A000 COPY, not yet"' in csv_text,
        "missing cell means not all measured": not report.all_measured(),
    }


def unit_checks():
    parsed = parse_run_report(PGBENCH_15_OUTPUT, 0)
    return {
        "pgbench summary parsed": (parsed.tps, parsed.processed, parsed.failed)
                                  == (20411.524114, 61234, 2),
        "pgbench without summary fails": _raises(StepFailed, parse_run_report,
                                                 PGBENCH_ABORTED_OUTPUT, 2),
        "pgbench failure names the error": "does not exist" in telling_line(PGBENCH_ABORTED_OUTPUT),
        "pgbench setup failure recognised": _raises(SetupFailed, parse_run_report,
                                                    PGBENCH_SETUP_FAILED_OUTPUT, 1),
        "pgbench client abort is no setup failure": type(_raised(
            parse_run_report, PGBENCH_ABORTED_OUTPUT, 2)) is StepFailed,
        "pgbench non-zero exit with summary fails": _raises(StepFailed, parse_run_report,
                                                            PGBENCH_15_OUTPUT, 2),
        "pgbench empty output fails": _raises(StepFailed, parse_run_report, "", 1),
        "wire: incomplete message waits": pgwire.split_message(b"Z\0\0\0\x05") is None,
        "wire: complete message splits": pgwire.split_message(_message(b"Z", b"I") + b"rest")
                                         == (b"Z", b"I", b"rest"),
        "wire: length below 4 rejected": _raises(pgwire.ProtocolError, pgwire.split_message,
                                                 b"Z\0\0\0\x03xxxx"),
        "wire: huge length rejected": _raises(pgwire.ProtocolError, pgwire.split_message,
                                              b"D\x7f\xff\xff\xff"),
        "wire: data row with NULL": pgwire.decode_data_row(_row(b"42", None)) == ["42", None],
        "wire: column past the end rejected": _raises(pgwire.ProtocolError,
                                                      pgwire.decode_data_row, _row(b"42")[:-1]),
        "wire: negative column count rejected": _raises(pgwire.ProtocolError,
                                                        pgwire.decode_data_row, b"\xff\xff"),
        "wire: trailing bytes rejected": _raises(pgwire.ProtocolError, pgwire.decode_data_row,
                                                 _row(b"1") + b"x"),
        "wire: bad column length rejected": _raises(pgwire.ProtocolError, pgwire.decode_data_row,
                                                    b"\0\x01\xff\xff\xff\xfe"),
        "wire: error fields decoded": pgwire.decode_error_fields(b"C42P01\0Mno table\0\0")
                                      == {"C": "42P01", "M": "no table"},
        "wire: unterminated error rejected": _raises(pgwire.ProtocolError,
                                                     pgwire.decode_error_fields, b"C42P01"),
        "wire: short auth rejected": _raises(pgwire.ProtocolError,
                                             pgwire.decode_authentication, b"\0\0"),
        "analytics: right answer accepted": not _raises(
            StepFailed, check_analytics_result, "analytics_group_by",
            [["1", "100000", "0"], ["2", "100000", "5"]], 2),
        "analytics: wrong count rejected": _raises(
            StepFailed, check_analytics_result, "analytics_aggregate", [["99", "0", "1"]], 1),
        "analytics: missing group rejected": _raises(
            StepFailed, check_analytics_result, "analytics_group_by", [["1", "100000", "0"]], 2),
        **_report_checks(),
    }


def run_unit_checks(say):
    results = unit_checks()
    for name, ok in results.items():
        if not ok:
            say(f"self-test FAIL: {name}")
    passed = sum(results.values())
    say(f"self-test: {passed} of {len(results)} parser/report checks passed")
    return passed == len(results)


def judge_dry_run(report, say):
    """Exit status of a self-test run: 0 only if PostgreSQL measured everything twice."""
    problems = []
    if not report.all_measured():
        problems.append("a metric lacks a number on one side")
    for metric in report.metrics:
        for label, outcome in metric.outcomes.items():
            if outcome.passed is False:
                problems.append(f"{metric.name} failed on {label}: {outcome.reason}")
            if metric.name == "tpcb_failed_transactions" and outcome.value:
                problems.append(f"{label} had {outcome.value:g} failed transactions")
    for p in problems:
        say(f"self-test FAIL: {p}")
    say("self-test: " + ("passed" if not problems else "FAILED"))
    return 0 if not problems else 1
