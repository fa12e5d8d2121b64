"""One BLAS thread per process on the command line: cli imports this before numpy.

`link` splits its requests between two processes beside the duplicate finder's, one per
core; OpenBLAS's own threads (one per core in each process) then only wait beside them,
spinning: 1-1.5 s of CPU on 20,000 requests, and about a third of each matrix product's
time even alone on a busy machine. One thread also makes a product's sums the same on every
machine (with more threads, their last bits depend on how many there were). A caller's
OPENBLAS_NUM_THREADS or OMP_NUM_THREADS wins.
"""

import os

if "OMP_NUM_THREADS" not in os.environ:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
