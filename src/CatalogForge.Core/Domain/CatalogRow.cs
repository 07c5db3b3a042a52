namespace CatalogForge.Core.Domain;

/// <summary>Input of an <see cref="JobKind.Enrich"/> item: an existing catalog row.</summary>
public sealed record CatalogRow
{
    public required string Sku { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Category { get; init; }
    public string? Brand { get; init; }
    public decimal? Price { get; init; }
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
