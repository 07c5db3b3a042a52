using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Drift;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// What the nightly drift compares of a product's content: its category (the first level of an enriched product's
/// category path; <see cref="GeneratedCategory"/> for generated products) and its price hint. Read from the content
/// blob, and kept as JSON on the product's embedding row so that a following run need not read an unchanged blob again.
/// </summary>
public static class ProductFactsReader
{
    /// <summary>Products of enriched rows are grouped by the first level of their category path; generated products by this.</summary>
    public const string GeneratedCategory = "(generated)";

    public static ProductFacts Of(JobKind kind, BinaryData contentJson, string contentHash) => kind == JobKind.Generate
        ? new ProductFacts(contentHash, GeneratedCategory, Price(contentJson.ToObjectFromJson<GeneratedProductContent>(CatalogJson.Options)!.PriceHint))
        : new ProductFacts(contentHash, contentJson.ToObjectFromJson<EnrichedProductContent>(CatalogJson.Options)!.CategoryPath.FirstOrDefault(), null);

    public static string ToJson(ProductFacts facts) => JsonSerializer.Serialize(facts, CatalogJson.Options);

    /// <summary>The facts stored on an embedding row, or null when it has none (the caller reads the blob instead).</summary>
    public static ProductFacts? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<ProductFacts>(json, CatalogJson.Options);

    private static PriceFact? Price(PriceHint? hint) => hint is null ? null : new PriceFact(hint.Amount, hint.Currency);
}
