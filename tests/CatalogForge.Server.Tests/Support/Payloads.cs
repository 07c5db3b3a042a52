using System.Text.Json;

namespace CatalogForge.Server.Tests.Support;

/// <summary>Job request bodies, built as JSON text so each test shows exactly what goes over the wire.</summary>
internal static class Payloads
{
    private static readonly string[] Topics =
    [
        "sourdough baking for busy parents",
        "beginner watercolor landscapes",
        "personal finance for freelancers",
        "container gardening on small balconies",
        "introduction to astrophotography",
        "mindful running for first marathons",
        "home espresso without expensive gear",
        "learning Rust as a Python developer",
        "upcycling furniture with hand tools",
        "bird watching in city parks",
        "plant-based meal prep for athletes",
        "writing a first fantasy novel",
        "negotiation skills for junior engineers",
        "family camping on a budget",
        "drawing manga characters step by step",
    ];

    public static string Brief(int index, string? salt = null) => new
    {
        productType = index % 2 == 0 ? "ebook" : "course",
        brief = $"A practical guide to {Topics[index % Topics.Length]}{(salt is null ? string.Empty : $" ({salt})")}, item {index}.",
        audience = index % 3 == 0 ? "beginners" : "hobbyists",
        keywords = new[] { Topics[index % Topics.Length].Split(' ')[0], "guide", $"topic{index}" },
    }.ToJson();

    /// <summary>A generate job of <paramref name="count"/> distinct briefs; <paramref name="salt"/> keeps jobs of different tests distinct.</summary>
    public static string Generate(int count, string salt, bool images = true, string? idempotencyKey = null, string? priority = null) =>
        $$"""{"kind":"generate","items":[{{string.Join(",", Enumerable.Range(0, count).Select(i => Brief(i, salt)))}}],"options":{"images":{{(images ? "true" : "false")}}{{(priority is null ? string.Empty : $",\"priority\":\"{priority}\"")}}}{{(idempotencyKey is null ? string.Empty : $",\"idempotencyKey\":\"{idempotencyKey}\"")}}}""";

    public static string Enrich(params (string Sku, string Name, string Description, string Category)[] rows) =>
        new
        {
            kind = "enrich",
            items = rows.Select(row => new { sku = row.Sku, name = row.Name, description = row.Description, category = row.Category }),
        }.ToJson();

    private static string ToJson<T>(this T value) => JsonSerializer.Serialize(value, ApiCalls.Json);
}
