using System.Runtime.Serialization;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Storage.Entities;

/// <summary>
/// Table <c>Products</c>: PartitionKey = tenantId, RowKey = productId (<c>{jobId}-{item index}</c>, so rows sort newest
/// job first, see <see cref="NewestFirstKeys"/>). The full content lives in a blob.
/// </summary>
public sealed class ProductEntity : TableEntityBase
{
    public string JobId { get; set; } = "";
    public int ItemIndex { get; set; }

    /// <summary>Stored form of <see cref="JobKind"/>.</summary>
    public string Kind { get; set; } = "";

    [IgnoreDataMember]
    public JobKind JobKind { get => Enum.Parse<JobKind>(Kind); set => Kind = value.ToString(); }

    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string ContentBlob { get; set; } = "";
    public string? ImageBlob { get; set; }
    public string? EmbeddingModel { get; set; }
    public int EmbeddingDimensions { get; set; }
    public string ServedByJson { get; set; } = "{}";
    public bool Degraded { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The product's category: the enriched category path (<c>Books › Baking</c>) or a generated product's type; null on
    /// rows written before categories were stored.
    /// </summary>
    public string? Category { get; set; }

    /// <summary><see cref="Category"/> in lower case, the column the category filter compares (see <see cref="CategoryKeyOf"/>).</summary>
    public string? CategoryKey { get; set; }

    public static string CategoryKeyOf(string category) => category.Trim().ToLowerInvariant();
}
