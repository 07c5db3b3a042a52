using CatalogForge.Core.Intelligence.Duplicates;

namespace CatalogForge.Core.Intelligence.Drift;

/// <summary>A price hint as the model wrote it; null on products without one (enriched catalog rows).</summary>
public sealed record PriceFact(decimal Amount, string Currency);

/// <summary>What drift compares of one product: its content hash, top-level category (or null) and price hint.</summary>
public sealed record ProductFacts(string ContentHash, string? Category, PriceFact? Price);

/// <summary>The mean of a category's unit vectors and how many products it has (with and without a usable vector).</summary>
public sealed record CategoryCentroid(int Size, float[] Centroid);

/// <summary>One snapshot's side of a drift comparison: every product, every category's centroid, the duplicate clusters.</summary>
public sealed record CatalogState(
    IReadOnlyDictionary<string, ProductFacts> Products,
    IReadOnlyDictionary<string, CategoryCentroid> Categories,
    IReadOnlyList<DuplicateCluster> Clusters)
{
    public static readonly CatalogState Empty = new(
        new Dictionary<string, ProductFacts>(), new Dictionary<string, CategoryCentroid>(), []);
}
