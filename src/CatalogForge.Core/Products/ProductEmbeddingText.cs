using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Products;

/// <summary>What similarity should see of a product: the words a shopper would search by. Its SHA-256 is the embedding's content hash.</summary>
public static class ProductEmbeddingText
{
    public static string Of(JobKind kind, string title, BinaryData contentJson)
    {
        if (kind == JobKind.Generate)
        {
            var generated = contentJson.ToObjectFromJson<GeneratedProductContent>(CatalogJson.Options)!;
            return string.Join('\n', generated.Title, generated.Subtitle, generated.Description,
                string.Join("; ", generated.Features), string.Join(", ", generated.SeoKeywords));
        }

        var enriched = contentJson.ToObjectFromJson<EnrichedProductContent>(CatalogJson.Options)!;
        return string.Join('\n', title, string.Join(" > ", enriched.CategoryPath), enriched.Description,
            string.Join(", ", enriched.Tags), string.Join("; ", enriched.Attributes.Select(a => $"{a.Name}: {a.Value}")));
    }

    public static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
