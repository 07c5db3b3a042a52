using System.Text;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Pipeline;

/// <summary>The prompts for both job kinds. The JSON shape is enforced by the response schema, not by prose.</summary>
public static class ProductPrompts
{
    public static string GenerateSystem(string language) =>
        "You are the catalog writer of an online shop that sells digital products (ebooks, courses, printables, templates). " +
        "Write one complete, honest product listing for the brief. Match the product type: chapters for an ebook, modules for " +
        "a course, pages or sheets for a printable. Never invent certifications, reviews or guarantees. " +
        "Write the title, a subtitle, a description of two or three paragraphs, five features, an outline suited to the " +
        "product type, eight SEO keywords, a price hint, and a one-sentence prompt for the cover image. " +
        $"Write in the language with tag '{language}'. Price hints are in USD.";

    public static string GenerateUser(ProductBrief brief)
    {
        var text = new StringBuilder()
            .AppendLine($"Product type: {brief.ProductType}")
            .AppendLine($"Brief: {brief.Brief}");
        AppendIf(text, "Working title", brief.WorkingTitle);
        AppendIf(text, "Audience", brief.Audience);
        AppendIf(text, "Tone", brief.Tone);
        if (brief.Keywords is { Count: > 0 })
        {
            text.AppendLine($"Keywords: {string.Join(", ", brief.Keywords)}");
        }

        return text.ToString();
    }

    public static string EnrichSystem(string language) =>
        "You enrich rows of an e-commerce catalog. From the row, infer a category path from broad to specific, the product's " +
        "attributes as name/value pairs, a clear description of two short paragraphs, and search tags. Keep facts that are in " +
        "the row; do not invent specifications that are not implied. " +
        $"Write in the language with tag '{language}'. Also write a one-sentence prompt for a product photo.";

    public static string EnrichUser(CatalogRow row)
    {
        var text = new StringBuilder()
            .AppendLine($"SKU: {row.Sku}")
            .AppendLine($"Name: {row.Name}");
        AppendIf(text, "Description", row.Description);
        AppendIf(text, "Category", row.Category);
        AppendIf(text, "Brand", row.Brand);
        if (row.Price is { } price)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Price: {price}");
        }

        foreach (var (name, value) in row.Attributes ?? new Dictionary<string, string>())
        {
            text.AppendLine($"{name}: {value}");
        }

        return text.ToString();
    }

    /// <summary>After a content-policy refusal: only the structured facts, none of the free text (brief, tone).</summary>
    public static string GenerateUserSimplified(ProductBrief brief)
    {
        var text = new StringBuilder().AppendLine($"Product type: {brief.ProductType}");
        AppendIf(text, "Working title", brief.WorkingTitle);
        if (brief.Keywords is { Count: > 0 })
        {
            text.AppendLine($"Keywords: {string.Join(", ", brief.Keywords)}");
        }

        return text.ToString();
    }

    /// <summary>After a content-policy refusal: the row's identity and category, none of its free text.</summary>
    public static string EnrichUserSimplified(CatalogRow row)
    {
        var text = new StringBuilder().AppendLine($"SKU: {row.Sku}").AppendLine($"Name: {row.Name}");
        AppendIf(text, "Category", row.Category);
        return text.ToString();
    }

    /// <summary>The last resort: a configured generic prompt with only the product type or SKU filled in.</summary>
    public static string Generic(string template, string subject) => template.Replace("{subject}", subject, StringComparison.Ordinal);

    public static string ImagePrompt(string title, string modelPrompt) => $"{title}. {modelPrompt}";

    private static void AppendIf(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.AppendLine($"{label}: {value}");
        }
    }
}
