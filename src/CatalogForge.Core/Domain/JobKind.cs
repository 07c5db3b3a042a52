using System.Text.Json.Serialization;

namespace CatalogForge.Core.Domain;

[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind
{
    /// <summary>Brief → full product: title, description, features, outline, SEO keywords, price hint, cover image.</summary>
    Generate,

    /// <summary>Existing catalog row → category path, attributes, description, tags; results keep input order.</summary>
    Enrich,
}
