"""The NumPy/OpenBLAS reference of the similarity benchmark (scripts/bench.sh similarity).

Reads n x dim little-endian float32 vectors, normalises them, and computes every row's exact top-k other rows by
cosine similarity with blocked matrix products (a block of rows times all rows, never n x n at once). Writes the
top-k indices as int32 (n x k, best first) and prints one JSON line: {"seconds": ..., "blas": ...}.

usage: python3 numpy_topk.py VECTORS.f32 N DIM K OUT.i32
"""
import json
import sys
import time

import numpy as np

BLOCK_ROWS = 1024


def blas_name():
    try:
        config = np.__config__.get_info("blas_opt_info")
        return ",".join(config.get("libraries", [])) or "unknown"
    except Exception as error:  # numpy >= 1.26 has no get_info; the name is informational only
        return f"unknown ({type(error).__name__})"


def main():
    path, n, dim, k, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    vectors = np.fromfile(path, dtype="<f4").reshape(n, dim)
    k = min(k, n - 1)
    started = time.perf_counter()
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1, norms)
    unit_t = np.ascontiguousarray(unit.T)
    top = np.empty((n, k), dtype=np.int32)
    for start in range(0, n, BLOCK_ROWS):
        end = min(n, start + BLOCK_ROWS)
        scores = unit[start:end] @ unit_t
        scores[np.arange(end - start), np.arange(start, end)] = -np.inf
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
        top[start:end] = np.take_along_axis(part, order, axis=1)
    seconds = time.perf_counter() - started
    top.tofile(out)
    print(json.dumps({"seconds": seconds, "blas": blas_name()}))


if __name__ == "__main__":
    main()
