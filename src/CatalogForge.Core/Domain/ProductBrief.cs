namespace CatalogForge.Core.Domain;

/// <summary>Input of a <see cref="JobKind.Generate"/> item: what the tenant wants a product about.</summary>
public sealed record ProductBrief
{
    public required string ProductType { get; init; }
    public required string Brief { get; init; }
    public string? WorkingTitle { get; init; }
    public string? Audience { get; init; }
    public string? Tone { get; init; }
    public IReadOnlyList<string>? Keywords { get; init; }
}
