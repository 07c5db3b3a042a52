namespace CatalogForge.Core.Domain;

/// <summary>What the model writes for a generated product (schema-constrained output).</summary>
public sealed record GeneratedProductContent
{
    public required string Title { get; init; }
    public required string Subtitle { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required IReadOnlyList<OutlineSection> Outline { get; init; }
    public required IReadOnlyList<string> SeoKeywords { get; init; }
    public required PriceHint PriceHint { get; init; }
    public required string ImagePrompt { get; init; }
}

public sealed record OutlineSection
{
    public required string Heading { get; init; }
    public required string Summary { get; init; }
}

public sealed record PriceHint
{
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
}

/// <summary>What the model writes for an enriched catalog row (schema-constrained output).</summary>
public sealed record EnrichedProductContent
{
    public required IReadOnlyList<string> CategoryPath { get; init; }
    public required IReadOnlyList<ProductAttribute> Attributes { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required string ImagePrompt { get; init; }
}

public sealed record ProductAttribute
{
    public required string Name { get; init; }
    public required string Value { get; init; }
}
