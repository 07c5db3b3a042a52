using CatalogForge.Core.Intelligence.Similarity;

namespace CatalogForge.Core.Tests.Intelligence;

public sealed class AllPairsSimilarityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(37, 20, 5)] // one block, dimensions not a multiple of a vector
    [InlineData(150, 48, 10)] // three blocks, the last of 22 rows (not a multiple of 4)
    [InlineData(131, 1536, 7)] // the production dimension
    public void Top_k_and_pairs_equal_a_brute_force_reference_in_double_precision(int n, int dimensions, int k)
    {
        var vectors = RandomVectors(n, dimensions, seed: n);
        var unit = UnitVectors.Normalize(vectors, dimensions);

        var result = AllPairsSimilarity.Compute(unit, k, pairThreshold: 0.1f, maxPairs: 1_000_000, Ct);

        var reference = BruteForce(vectors);
        for (var row = 0; row < n; row++)
        {
            var expected = reference[row].Where(x => x.Index != row).OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(k).ToList();
            // Rank by rank, the neighbour found has the reference's score at that rank (the same neighbour but for
            // float32 near-ties: two true scores 5e-10 apart may come out in either order) and its own true score.
            Assert.Equal(expected.Count, result.Neighbors[row].Length);
            Assert.All(expected.Zip(result.Neighbors[row]), p =>
            {
                var trueScore = reference[row][p.Second.Index].Score;
                Assert.Equal(p.First.Score, trueScore, 1e-6);
                Assert.Equal(trueScore, p.Second.Score, 1e-5);
            });
            Assert.Equal(expected.Count, result.Neighbors[row].Select(x => x.Index).Where(i => i != row).Distinct().Count());
        }

        var expectedPairs = Enumerable.Range(0, n).SelectMany(i => reference[i].Where(x => x.Index > i && x.Score >= 0.1).Select(x => (i, x.Index))).ToList();
        Assert.Equal(expectedPairs, result.Pairs.Select(p => (p.First, p.Second)));
        Assert.False(result.PairsTruncated);
    }

    [Fact]
    public void The_same_result_on_one_thread_as_on_all()
    {
        var unit = UnitVectors.Normalize(RandomVectors(200, 64, seed: 3), 64);

        var parallel = AllPairsSimilarity.Compute(unit, 10, 0.2f, 100_000, Ct);
        var serial = AllPairsSimilarity.Compute(unit, 10, 0.2f, 100_000, Ct, maxDegreeOfParallelism: 1);

        Assert.Equal(serial.Neighbors.SelectMany(x => x), parallel.Neighbors.SelectMany(x => x));
        Assert.Equal(serial.Pairs, parallel.Pairs);
    }

    [Fact]
    public void Equal_scores_keep_the_lower_indices_whatever_block_they_arrive_from()
    {
        var vectors = RandomVectors(150, 32, seed: 9);
        vectors[0] = Basis(32, 0);
        foreach (var tied in new[] { 140, 70, 5, 130 })
        {
            var v = Basis(32, 0);
            v[1 + tied % 31] = 1f; // same angle to row 0 for each of them
            vectors[tied] = v;
        }

        var result = AllPairsSimilarity.Compute(UnitVectors.Normalize(vectors, 32), 3, 1f, 10, Ct);

        Assert.Equal([5, 70, 130], result.Neighbors[0].Select(x => x.Index));
        Assert.All(result.Neighbors[0], x => Assert.Equal(result.Neighbors[0][0].Score, x.Score));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void K_above_n_minus_one_gives_every_other_row(int n)
    {
        var result = AllPairsSimilarity.Compute(UnitVectors.Normalize(RandomVectors(n, 8, seed: 1), 8), 10, 0.99f, 10, Ct);

        Assert.Equal(n, result.Neighbors.Count);
        Assert.All(Enumerable.Range(0, n), row =>
            Assert.Equal(Enumerable.Range(0, n).Where(i => i != row).Order(), result.Neighbors[row].Select(x => x.Index).Order()));
    }

    [Fact]
    public void Zero_and_non_finite_vectors_take_no_part()
    {
        var vectors = RandomVectors(6, 8, seed: 2);
        vectors[1] = new float[8];
        vectors[4] = Enumerable.Repeat(float.NaN, 8).ToArray();

        var unit = UnitVectors.Normalize(vectors, 8);
        var result = AllPairsSimilarity.Compute(unit, 10, 0f, 100, Ct);

        Assert.Equal(2, unit.UnusableCount);
        Assert.Empty(result.Neighbors[1]);
        Assert.Empty(result.Neighbors[4]);
        Assert.All(new[] { 0, 2, 3, 5 }, row => Assert.Equal(new[] { 0, 2, 3, 5 }.Where(i => i != row), result.Neighbors[row].Select(x => x.Index).Order()));
        Assert.DoesNotContain(result.Pairs, p => p.First is 1 or 4 || p.Second is 1 or 4);
    }

    [Fact]
    public void Parallel_vectors_score_one_whatever_their_length()
    {
        var vectors = RandomVectors(3, 16, seed: 4);
        vectors[2] = vectors[0].ToArray().Select(x => x * 4f).ToArray();

        var result = AllPairsSimilarity.Compute(UnitVectors.Normalize(vectors, 16), 1, 0.9999f, 10, Ct);

        var pair = Assert.Single(result.Pairs);
        Assert.Equal((0, 2), (pair.First, pair.Second));
        Assert.Equal(1f, pair.Score, 1e-6f);
        Assert.Equal(2, result.Neighbors[0][0].Index);
    }

    [Fact]
    public void Pairs_beyond_the_cap_are_cut_and_the_cut_is_reported()
    {
        var same = Enumerable.Range(0, 10).Select(_ => (ReadOnlyMemory<float>)Basis(8, 3)).ToList();

        var result = AllPairsSimilarity.Compute(UnitVectors.Normalize(same, 8), 2, 0.5f, maxPairs: 7, Ct);

        Assert.Equal(7, result.Pairs.Count);
        Assert.True(result.PairsTruncated);
    }

    [Fact]
    public void Vectors_of_another_length_and_thresholds_outside_minus_one_to_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => UnitVectors.Normalize([new float[3], new float[4]], 3));
        var unit = UnitVectors.Normalize(RandomVectors(2, 4, 1), 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => AllPairsSimilarity.Compute(unit, 1, 1.5f, 1, Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllPairsSimilarity.Compute(unit, 1, float.NaN, 1, Ct));
    }

    internal static List<ReadOnlyMemory<float>> RandomVectors(int n, int dimensions, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n)
            .Select(_ => (ReadOnlyMemory<float>)Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())
            .ToList();
    }

    private static float[] Basis(int dimensions, int axis)
    {
        var v = new float[dimensions];
        v[axis] = 1f;
        return v;
    }

    private static List<(int Index, double Score)>[] BruteForce(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            var sum = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                sum += (double)x[i] * y[i];
            }

            return sum;
        }

        var norms = vectors.Select(v => Math.Sqrt(Dot(v.Span, v.Span))).ToArray();
        return vectors.Select((v, i) => vectors.Select((w, j) => (j, Dot(v.Span, w.Span) / (norms[i] * norms[j]))).ToList()).ToArray();
    }
}
