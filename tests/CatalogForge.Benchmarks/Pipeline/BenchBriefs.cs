using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogForge.Core.Domain;

namespace CatalogForge.Benchmarks.Pipeline;

/// <summary>
/// The items every benchmark submits. Each brief starts with a per-item marker (<c>bench-item-000042</c>) that shows up
/// in the emulator's recorded prompt preview of the item's chat request, and a per-run salt, so no two runs send the
/// same prompt (the AI cache would otherwise answer a later run for free).
/// </summary>
public static partial class BenchBriefs
{
    private static readonly string[] Types = ["ebook", "course", "printable"];
    private static readonly string[] Topics =
    [
        "sourdough baking", "watercolour landscapes", "personal budgeting", "beginner python", "home composting",
        "trail running", "small-space gardening", "public speaking", "bread for kids", "productive mornings",
    ];

    public static string Marker(int index) => $"bench-item-{index.ToString("D6", CultureInfo.InvariantCulture)}";

    public static ProductBrief For(string salt, int index)
    {
        var topic = Topics[index % Topics.Length];
        return new ProductBrief
        {
            ProductType = Types[index % Types.Length],
            Brief = $"{Marker(index)} run {salt}: a practical {topic} guide, part {index + 1}, with exercises and checklists",
            Audience = "busy beginners",
            Keywords = [topic, $"part {index + 1}"],
        };
    }

    public static IReadOnlyList<ProductBrief> Many(string salt, int count) =>
        [.. Enumerable.Range(0, count).Select(index => For(salt, index))];

    /// <summary>The briefs as the <c>items</c> of a generate job request.</summary>
    public static JsonElement AsItems(IReadOnlyList<ProductBrief> briefs) =>
        JsonSerializer.SerializeToElement(briefs, JsonSerializerOptions.Web);

    /// <summary>The item index of a chat prompt preview that carries a marker, or null.</summary>
    public static int? ItemOf(string promptPreview)
    {
        var match = MarkerPattern().Match(promptPreview);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"bench-item-(\d{6})")]
    private static partial Regex MarkerPattern();
}
