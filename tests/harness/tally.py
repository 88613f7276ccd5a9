"""The pass/fail tally of the script-style tests (one `ok NAME` / `FAIL NAME: detail`
line per check, then `N passed, M failed`; the exit status says whether all passed).

    sys.path.insert(0, <repo>/tests/harness); from tally import check, finish
"""
import sys

_counts = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    print(("ok " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    _counts["passed" if ok else "failed"] += 1
    return ok


def finish():
    print(f"{_counts['passed']} passed, {_counts['failed']} failed")
    sys.exit(1 if _counts["failed"] else 0)
