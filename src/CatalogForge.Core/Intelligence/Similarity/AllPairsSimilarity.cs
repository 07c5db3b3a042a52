namespace CatalogForge.Core.Intelligence.Similarity;

/// <summary>What one pass over all pairs found.</summary>
/// <param name="Neighbors">Per row, its top-k other usable rows, best first (score descending, then lower index).</param>
/// <param name="Pairs">Every pair of usable rows at or above the threshold, by (First, Second); at most the pair cap.</param>
/// <param name="PairsTruncated">True when more pairs reached the threshold than the cap allowed; the kept ones are the first found, not the best.</param>
public sealed record AllPairsResult(IReadOnlyList<SimilarNeighbor[]> Neighbors, IReadOnlyList<SimilarPair> Pairs, bool PairsTruncated);

/// <summary>
/// Exact cosine similarity over all pairs of rows, in one pass that yields each row's top-k and every pair at or above a
/// threshold. The rows are cut into blocks of <see cref="BlockRows"/>; each unordered pair of blocks (I ≤ J) is one
/// work item on the thread pool (all cores): its tile of dot products is computed once (<see cref="DotProductTiles"/>)
/// and offered to the heaps of block I's rows (by row) and of block J's rows (by column), so the symmetric matrix is
/// computed half. Memory besides the vectors: one tile per worker and k neighbours per row — never n × n.
/// </summary>
public static class AllPairsSimilarity
{
    /// <summary>A block pair's rows fit the per-core cache at 1,536 dimensions (64 rows × 6 KB on each side).</summary>
    public const int BlockRows = 64;

    public static AllPairsResult Compute(
        UnitVectors vectors, int topK, float pairThreshold, int maxPairs, CancellationToken cancellationToken, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPairs);
        if (!(pairThreshold is >= -1f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(pairThreshold), pairThreshold, "The pair threshold must be a cosine between -1 and 1.");
        }

        var n = vectors.Count;
        var k = Math.Min(topK, Math.Max(0, n - 1));
        var heaps = new TopKHeaps(n, k);
        var blocks = (n + BlockRows - 1) / BlockRows;
        var locks = Enumerable.Range(0, blocks).Select(_ => new object()).ToArray();
        var work = new (int I, int J)[blocks * (blocks + 1) / 2];
        var next = 0;
        for (var i = 0; i < blocks; i++)
        {
            for (var j = i; j < blocks; j++)
            {
                work[next++] = (i, j);
            }
        }

        var pairs = new List<SimilarPair>();
        var truncated = false;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, work.Length, options,
            () => new float[BlockRows * BlockRows],
            (w, _, tile) =>
            {
                var (bi, bj) = work[w];
                var a = bi * BlockRows;
                var b = bj * BlockRows;
                var rows = Math.Min(BlockRows, n - a);
                var cols = Math.Min(BlockRows, n - b);
                DotProductTiles.Compute(vectors, a, rows, b, cols, tile, BlockRows);

                lock (locks[bi])
                {
                    for (var r = 0; r < rows; r++)
                    {
                        if (!vectors.IsUsable(a + r))
                        {
                            continue;
                        }

                        for (var c = 0; c < cols; c++)
                        {
                            if (a + r != b + c && vectors.IsUsable(b + c))
                            {
                                heaps.Offer(a + r, b + c, tile[r * BlockRows + c]);
                            }
                        }
                    }
                }

                if (bi != bj)
                {
                    lock (locks[bj])
                    {
                        for (var c = 0; c < cols; c++)
                        {
                            if (!vectors.IsUsable(b + c))
                            {
                                continue;
                            }

                            for (var r = 0; r < rows; r++)
                            {
                                if (vectors.IsUsable(a + r))
                                {
                                    heaps.Offer(b + c, a + r, tile[r * BlockRows + c]);
                                }
                            }
                        }
                    }
                }

                CollectPairs(vectors, tile, a, rows, b, cols, pairThreshold, maxPairs, pairs, ref truncated);
                return tile;
            },
            _ => { });

        var neighbors = new SimilarNeighbor[n][];
        for (var row = 0; row < n; row++)
        {
            neighbors[row] = heaps.Sorted(row);
        }

        pairs.Sort(static (x, y) => x.First != y.First ? x.First.CompareTo(y.First) : x.Second.CompareTo(y.Second));
        return new AllPairsResult(neighbors, pairs, truncated);
    }

    private static void CollectPairs(UnitVectors vectors, float[] tile, int a, int rows, int b, int cols, float threshold, int maxPairs,
        List<SimilarPair> pairs, ref bool truncated)
    {
        List<SimilarPair>? found = null;
        for (var r = 0; r < rows; r++)
        {
            for (var c = a == b ? r + 1 : 0; c < cols; c++)
            {
                var score = tile[r * BlockRows + c];
                if (score >= threshold && vectors.IsUsable(a + r) && vectors.IsUsable(b + c))
                {
                    (found ??= []).Add(new SimilarPair(a + r, b + c, Math.Clamp(score, -1f, 1f)));
                }
            }
        }

        if (found is null)
        {
            return;
        }

        lock (pairs)
        {
            var room = maxPairs - pairs.Count;
            if (found.Count > room)
            {
                truncated = true;
            }

            pairs.AddRange(found.Take(Math.Max(0, room)));
        }
    }
}
