"""The check runner shared by the Python client suites.

A suite is a sequence of named checks; each prints `ok <name>` or `FAIL <name>: <why>`,
and the run ends with `N passed, M failed`. A check fails when it raises -- through
`expect`/`expect_equal` or any driver exception -- so later checks still run and report.
"""
import sys
import traceback


class CheckFailed(Exception):
    pass


def expect(condition, why):
    if not condition:
        raise CheckFailed(why)


def expect_equal(actual, expected, what="value"):
    if actual != expected:
        raise CheckFailed(f"{what}: expected {expected!r}, got {actual!r}")


def expect_raises(exception_type, action, what):
    """Runs action() and returns the exception it raised, which must be an exception_type."""
    try:
        action()
    except exception_type as e:
        return e
    raise CheckFailed(f"{what}: expected {exception_type.__name__}, nothing was raised")


class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, body):
        """Runs body(); returns True when it passed."""
        try:
            body()
        except CheckFailed as e:
            self._fail(name, str(e))
            return False
        except Exception as e:  # a driver error is a failed check, not a crashed suite
            self._fail(name, f"{type(e).__name__}: {str(e).strip()}")
            traceback.print_exc(file=sys.stderr)
            return False
        print(f"ok {name}", flush=True)
        self.passed += 1
        return True

    def _fail(self, name, why):
        print(f"FAIL {name}: {' '.join(why.split())}", flush=True)
        self.failed += 1

    def finish(self):
        """Prints the closing line and returns the process exit code."""
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1
