"""Getting the pgbench tables onto a side when the measured `pgbench -i` could not."""
from . import pgbench, sql_loader
from .processes import StepFailed, StepTimeout
from .report import Outcome
from .sides import short_reason

# If the stock `pgbench -i` fails on a side, the read/write workloads still need the
# tables: these initialization step lists (pgbench -I) are tried in order. They drop the
# steps most likely to be missing: VACUUM (v), COPY (g -> G: server-side generate),
# primary keys (p). If DROP TABLE (d) is what fails, the lists are retried without it
# (the store is fresh). If CREATE TABLE or TRUNCATE (which both g and G begin with)
# fails, no list can help, and the plain-SQL loader (sql_loader.py) is the last resort.
FALLBACK_LOAD_STEPS = ["dtgp", "dtGp", "dtGvp", "dtg", "dtG"]


def ensure_loaded(ctx, side):
    """Loads the pgbench tables (unmeasured) if the bulk-load workload has not."""
    if side.loaded or side.load_error or not side.ready():
        return side.loaded
    _load_with_pgbench_fallbacks(ctx, side)
    if not side.loaded and side.ready():
        _load_with_plain_sql(ctx, side)
    return side.loaded


def _load_with_pgbench_fallbacks(ctx, side):
    """Tries pgbench -i step lists until one works. A timeout ends the tries: each list
    would repeat the slow step (say, building a primary key on a full table), but the
    plain-SQL loader, which declares its keys up front, may still get through."""
    s = ctx.settings
    attempts = list(FALLBACK_LOAD_STEPS) if side.stock_load_tried else [None] + FALLBACK_LOAD_STEPS
    while attempts and side.ready():
        steps = attempts.pop(0)
        try:
            pgbench.initialize(s.pgbench, side.endpoint(), s.scale, s.load_timeout, steps)
        except StepTimeout as error:
            ctx.say(f"[{side.label}] load with -I {steps or 'default'}: {error}")
            side.load_error = str(error)
            side.recover(ctx.say, hung=True)
            return
        except pgbench.InitFailed as error:
            ctx.say(f"[{side.label}] load with -I {steps or 'default'}: {error}")
            side.load_error = str(error)
            side.recover(ctx.say)
            query = (error.failing_query or "").lower()
            if query.startswith("drop table") and (steps is None or "d" in steps):
                attempts = [a.replace("d", "") for a in FALLBACK_LOAD_STEPS]
            elif query.startswith(("create table", "truncate")):
                return
            continue
        side.loaded, side.load_error = True, None
        if steps:
            ctx.note(f"{side.label}: tables loaded with `pgbench -i -I {steps}` "
                     "(the stock initialization failed)")
        return


def _load_with_plain_sql(ctx, side):
    s = ctx.settings
    try:
        sql_loader.load(side.endpoint(), s.scale, s.load_timeout)
    except Exception as error:
        earlier = side.load_error or "pgbench -i failed"
        side.load_error = f"{earlier}; SQL loader: {short_reason(error)}"
        ctx.say(f"[{side.label}] SQL loader: {short_reason(error)}")
        side.recover(ctx.say, hung=isinstance(error, StepTimeout))
        return
    side.loaded, side.load_error = True, None
    ctx.say(f"[{side.label}] tables loaded by the plain-SQL loader")
    ctx.note(f"{side.label}: tables loaded by bench's plain-SQL loader "
             "(pgbench -i is not supported yet)")


def needs_tables(ctx, side):
    """None when side has the pgbench tables, else the outcome to record instead."""
    if not side.ready():
        return Outcome.missing(side.unavailable_reason())
    if ensure_loaded(ctx, side):
        return None
    return side.failure(StepFailed(f"cannot create the pgbench tables ({side.load_error})"))
