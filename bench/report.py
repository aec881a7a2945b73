# report.py: how bench.py and pg_bench.py write figures and progress.
import sys


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def human_bytes(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1000.0


def human_count(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def fmt_ms(s):
    return "%.1f ms" % (s * 1000) if s < 1 else "%.2f s" % s
