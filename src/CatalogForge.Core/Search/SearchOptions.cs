using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Search;

/// <summary>Semantic product search (<c>GET /api/products/search</c>), section <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>Longest query <c>q</c>, in characters (after trimming).</summary>
    [Range(1, 4000)]
    public int MaxQueryLength { get; set; } = 500;

    /// <summary>Largest <c>k</c> a caller may ask for.</summary>
    [Range(1, 1000)]
    public int MaxK { get; set; } = 50;

    /// <summary>The <c>k</c> of a query that names none.</summary>
    [Range(1, 1000)]
    public int DefaultK { get; set; } = 10;

    /// <summary>
    /// Memory the in-process cache of tenants' vectors may hold, in MiB (a tenant's entry costs about
    /// products × dimensions × 4 bytes). Least recently used tenants are evicted first; a tenant larger than the whole
    /// cache is searched from storage on every query.
    /// </summary>
    [Range(1, 65536)]
    public int VectorCacheMegabytes { get; set; } = 256;

    public bool IsValid => DefaultK <= MaxK;
}
