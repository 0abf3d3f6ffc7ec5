"""Multi-source news summary generator: a cited consensus summary and the differences between sources."""

import os

# numpy's BLAS with two threads stalls on the small matrix products of the sentence
# encoder when the cores are shared, and is slower than one thread even when idle.
# Set before numpy is first imported; an explicit setting in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
