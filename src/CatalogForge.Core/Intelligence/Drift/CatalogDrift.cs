using System.Numerics.Tensors;
using CatalogForge.Core.Intelligence.Duplicates;

namespace CatalogForge.Core.Intelligence.Drift;

/// <summary>How one category moved: size then and now, and 1 − cos(previous centroid, current centroid).</summary>
/// <param name="CentroidShift">0 = same direction, 1 = orthogonal, up to 2 = opposite; null when the category is new, gone, or had no usable vector on one side.</param>
public sealed record CategoryDrift(string Category, int PreviousSize, int CurrentSize, double? CentroidShift)
{
    public int SizeChange => CurrentSize - PreviousSize;
}

/// <summary>A product whose price hint differs between the snapshots (amount or currency); either side may be null.</summary>
/// <param name="RelativeChange">(current − previous) ÷ previous when both have an amount in the same currency and the previous is not 0; else null.</param>
public sealed record PriceChange(string ProductId, PriceFact? Previous, PriceFact? Current, double? RelativeChange);

/// <summary>What changed in a tenant's catalog between the previous snapshot and this one.</summary>
/// <param name="ChurnShare">(added + removed + changed) ÷ the products of either snapshot; 0 for two empty catalogs.</param>
public sealed record DriftReport(
    bool HasPrevious,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Changed,
    double ChurnShare,
    IReadOnlyList<CategoryDrift> Categories,
    double MaxCentroidShift,
    IReadOnlyList<PriceChange> PriceChanges,
    IReadOnlyList<DuplicateCluster> NewClusters);

/// <summary>
/// Drift between two snapshots of a catalog, computed from the data: products added, removed and changed (content
/// hash), per category the size change and the centroid shift, price-hint changes, and duplicate clusters that are new
/// — a cluster is new when its members were not all in one cluster of the previous snapshot (a new pair, or a product
/// newly joining a known cluster). Without a previous snapshot everything is reported as added and nothing as drift.
/// </summary>
public static class CatalogDrift
{
    public static DriftReport Compute(CatalogState? previous, CatalogState current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = previous ?? CatalogState.Empty;
        var added = current.Products.Keys.Where(id => !before.Products.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var removed = before.Products.Keys.Where(id => !current.Products.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var kept = current.Products.Where(kv => before.Products.ContainsKey(kv.Key)).ToList();
        var changed = kept.Where(kv => before.Products[kv.Key].ContentHash != kv.Value.ContentHash)
            .Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var union = current.Products.Count + removed.Count;
        var churn = union == 0 || previous is null ? 0 : (double)(added.Count + removed.Count + changed.Count) / union;

        var categories = current.Categories.Keys.Union(before.Categories.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => CategoryOf(name, before.Categories.GetValueOrDefault(name), current.Categories.GetValueOrDefault(name)))
            .ToList();
        var prices = kept
            .Where(kv => before.Products[kv.Key].Price != kv.Value.Price)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => PriceChangeOf(kv.Key, before.Products[kv.Key].Price, kv.Value.Price))
            .ToList();
        var newClusters = previous is null
            ? []
            : current.Clusters.Where(cluster => !before.Clusters.Any(old => cluster.Members.All(old.Members.Contains))).ToList();

        return new DriftReport(previous is not null, added, removed, changed, churn, categories,
            categories.Max(c => c.CentroidShift) ?? 0, prices, newClusters);
    }

    private static CategoryDrift CategoryOf(string name, CategoryCentroid? before, CategoryCentroid? now)
    {
        double? shift = before is not null && now is not null ? Shift(before.Centroid, now.Centroid) : null;
        return new CategoryDrift(name, before?.Size ?? 0, now?.Size ?? 0, shift);
    }

    /// <summary>1 − cosine; null when either centroid has no direction (all its vectors unusable) or the lengths differ (another embedding model).</summary>
    private static double? Shift(float[] before, float[] now)
    {
        if (before.Length != now.Length)
        {
            return null;
        }

        var normBefore = TensorPrimitives.Norm(before);
        var normNow = TensorPrimitives.Norm(now);
        if (normBefore == 0 || normNow == 0)
        {
            return null;
        }

        var cosine = Math.Clamp((double)TensorPrimitives.Dot(before, now) / ((double)normBefore * normNow), -1, 1);
        return Math.Max(0, 1 - cosine);
    }

    private static PriceChange PriceChangeOf(string productId, PriceFact? before, PriceFact? now)
    {
        double? relative = before is not null && now is not null && before.Currency == now.Currency && before.Amount != 0
            ? (double)((now.Amount - before.Amount) / before.Amount)
            : null;
        return new PriceChange(productId, before, now, relative);
    }
}
