using System.Numerics.Tensors;

namespace CatalogForge.Core.Search;

/// <summary>
/// One tenant's product vectors of one embedding model, unit-length, in one contiguous row-major matrix (so a query is a
/// single pass of <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> over memory), with
/// the ids and titles of the rows.
/// </summary>
public sealed class TenantVectors
{
    private readonly float[] _matrix;

    public TenantVectors(int dimensions, IReadOnlyList<(string ProductId, string Title, float[] Vector)> rows)
    {
        Dimensions = dimensions;
        ProductIds = new string[rows.Count];
        Titles = new string[rows.Count];
        _matrix = new float[rows.Count * dimensions];
        for (var i = 0; i < rows.Count; i++)
        {
            var (productId, title, vector) = rows[i];
            if (vector.Length != dimensions)
            {
                throw new ArgumentException($"Vector of {productId} has {vector.Length} dimensions, not {dimensions}.", nameof(rows));
            }

            ProductIds[i] = productId;
            Titles[i] = title;
            var row = _matrix.AsSpan(i * dimensions, dimensions);
            vector.CopyTo(row);
            Normalize(row);
        }
    }

    public int Dimensions { get; }

    public int Count => ProductIds.Length;

    public string[] ProductIds { get; }

    public string[] Titles { get; }

    /// <summary>What the entry costs in memory, for the cache's size limit.</summary>
    public long SizeInBytes => (_matrix.LongLength * sizeof(float)) + (Count * 128L);

    /// <summary>
    /// The exact <paramref name="k"/> rows most similar to <paramref name="query"/> by cosine, best first; equal scores
    /// in product id order.
    /// </summary>
    public IReadOnlyList<(int Row, float Score)> TopK(ReadOnlySpan<float> query, int k)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} dimensions, the vectors {Dimensions}.", nameof(query));
        }

        var unit = query.ToArray();
        Normalize(unit);

        // A min-heap of the best k so far: its root is the weakest kept row, replaced when a better one comes.
        var best = new PriorityQueue<int, (float Score, string Id)>(k + 1, WeakestFirst.Instance);
        for (var i = 0; i < Count; i++)
        {
            var score = TensorPrimitives.Dot(_matrix.AsSpan(i * Dimensions, Dimensions), unit);
            if (best.Count < k)
            {
                best.Enqueue(i, (score, ProductIds[i]));
            }
            else if (best.TryPeek(out _, out var weakest) && WeakestFirst.Instance.Compare((score, ProductIds[i]), weakest) > 0)
            {
                best.EnqueueDequeue(i, (score, ProductIds[i]));
            }
        }

        var result = new List<(int Row, float Score)>(best.Count);
        while (best.TryDequeue(out var row, out var priority))
        {
            result.Add((row, priority.Score));
        }

        result.Reverse();
        return result;
    }

    private static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Lower score first; for equal scores the later product id first (so the earlier id is kept and ranks higher).</summary>
    private sealed class WeakestFirst : IComparer<(float Score, string Id)>
    {
        public static readonly WeakestFirst Instance = new();

        public int Compare((float Score, string Id) x, (float Score, string Id) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(y.Id, x.Id);
        }
    }
}
