"""Honest baselines for benchmarks/run.py (issue #20).

Each module is the code a competent developer would write with the same library for the same
output: the same slides, sheets or pages, with the library's own tables, charts and formats. Each
takes a *recipe* of plain values (texts, cell values, chart data, positions) read off desistkit's
own output before the clock starts, so the baseline never pays for working out what to write;
its module docstring says what else it leaves out. tests/test_benchmark_baselines.py checks that
each produces the same slides / sheets / pages as desistkit, so a baseline cannot silently do less.
"""
