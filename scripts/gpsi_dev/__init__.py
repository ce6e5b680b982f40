"""Development tools for the GPSI warehouse, kept out of the runtime package `gpsi` (and
its wheel): benchmarks (`python scripts/gpsi_dev/bench.py`, make bench), synthetic inputs
at scale (`python scripts/gpsi_dev/synth.py`), the per-draw pandas Monte Carlo baseline
the benchmark compares against, the sensitivity tables of METHODOLOGY.md and the mart
comparison (`compare_marts.py`)."""
