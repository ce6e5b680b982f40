"""Development tools for the GPSI warehouse, kept out of the runtime package `gpsi`:
benchmarks (`gpsi bench`), synthetic inputs at scale (`gpsi synth`), the per-draw
pandas Monte Carlo baseline the benchmark compares against, and the sensitivity tables
of METHODOLOGY.md."""
