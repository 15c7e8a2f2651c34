"""Benchmarks, run by ``make bench`` (``python -m benchmarks``).

Every module in this folder is one benchmark: it has ``main(argv) -> int``
that prints its results as plain lines (each measured beside a baseline
taken in the same run, and a target line) and returns 0 when its target is
met, 1 when not. ``python -m benchmarks`` runs them all in name order;
``python -m benchmarks storage`` runs the named ones; each module also runs
alone (``python -m benchmarks.storage --help``). The tests time nothing.
"""
