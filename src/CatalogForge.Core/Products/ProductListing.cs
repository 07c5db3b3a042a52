using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Products;

/// <summary>
/// Filters of <c>GET /api/products</c>. The list is newest first by the product's job (its submission time, which the
/// product id starts with), then input order; the created range [<see cref="CreatedFrom"/>, <see cref="CreatedTo"/>)
/// is on that same time, so every filter but category and degraded is a row-key range.
/// </summary>
public sealed record ProductListQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public string? JobId { get; init; }

    /// <summary>A category or the start of a category path (<c>Books</c> matches <c>Books › Baking</c>), case-insensitive.</summary>
    public string? Category { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public bool? Degraded { get; init; }
    public string? ContinuationToken { get; init; }
    public int PageSize { get; init; } = DefaultPageSize;
}

/// <summary>A product in a list: its table row only (the content blob is read by <c>GET /api/products/{id}</c>).</summary>
public sealed record ProductSummary
{
    public required string ProductId { get; init; }
    public required string JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required JobKind Kind { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public string? Category { get; init; }
    public bool HasImage { get; init; }
    public bool Degraded { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record ProductListPage(IReadOnlyList<ProductSummary> Items, string? ContinuationToken);
