using System.Numerics.Tensors;
using CatalogForge.Core.Intelligence.Similarity;

namespace CatalogForge.Core.Intelligence.Drift;

/// <summary>Per category, the mean of its products' unit vectors (rows without a usable vector count for size only).</summary>
public static class CategoryCentroids
{
    /// <param name="categories">The category of each row of <paramref name="vectors"/>; rows without one (null) are in no category.</param>
    public static IReadOnlyDictionary<string, CategoryCentroid> Compute(UnitVectors vectors, IReadOnlyList<string?> categories)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (categories.Count != vectors.Count)
        {
            throw new ArgumentException($"{categories.Count} categories for {vectors.Count} vectors.", nameof(categories));
        }

        var sums = new Dictionary<string, (int Size, int Usable, float[] Sum)>(StringComparer.Ordinal);
        for (var row = 0; row < vectors.Count; row++)
        {
            if (categories[row] is not { } category)
            {
                continue;
            }

            var entry = sums.TryGetValue(category, out var found) ? found : (Size: 0, Usable: 0, Sum: new float[vectors.Dimensions]);
            if (vectors.IsUsable(row))
            {
                TensorPrimitives.Add(entry.Sum, vectors.Row(row), entry.Sum);
                entry.Usable++;
            }

            entry.Size++;
            sums[category] = entry;
        }

        return sums.ToDictionary(kv => kv.Key, kv =>
        {
            var (size, usable, sum) = kv.Value;
            if (usable > 0)
            {
                TensorPrimitives.Divide(sum, usable, sum);
            }

            return new CategoryCentroid(size, sum);
        }, StringComparer.Ordinal);
    }
}
