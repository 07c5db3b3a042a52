using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogForge.Demo;

// The server's JSON shapes (camelCase, enums as strings), read leniently: the client keeps
// working when the server adds fields, and statuses stay strings so a new value is not an error.

internal sealed record JobAccepted(string JobId, string Status, string? StatusUrl);

internal sealed record JobCounts(int Total, int Pending, int Succeeded, int Failed, int Cancelled);

internal sealed record ErrorSummary(string? ErrorClass, int Count, string? SampleMessage);

internal sealed record JobView
{
    public string JobId { get; init; } = "";
    public string? Kind { get; init; }
    public string Status { get; init; } = "Pending";
    public int ProgressPercent { get; init; }
    public string? ProgressMessage { get; init; }
    public JobCounts Counts { get; init; } = new(0, 0, 0, 0, 0);
    public decimal CostUsd { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public IReadOnlyList<ErrorSummary>? Errors { get; init; }

    [JsonIgnore]
    public bool IsTerminal => Status is "Completed" or "CompletedWithErrors" or "Failed" or "Cancelled";
}

internal sealed record JobItemView
{
    public int Index { get; init; }
    public string Status { get; init; } = "Pending";
    public string? ProductId { get; init; }
    public string? Title { get; init; }
    public string? ErrorClass { get; init; }
    public string? ErrorMessage { get; init; }
    public int Attempts { get; init; }
    public bool Degraded { get; init; }
}

internal sealed record Page<T>(IReadOnlyList<T>? Items, string? ContinuationToken);

internal sealed record ProductView
{
    public string ProductId { get; init; } = "";
    public string? JobId { get; init; }
    public int ItemIndex { get; init; }
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public JsonElement Content { get; init; }
    public bool HasImage { get; init; }
    public int EmbeddingDimensions { get; init; }
    public string? EmbeddingModel { get; init; }
    /// <summary>Deployment per task (chat, embedding, image); values read leniently.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ServedBy { get; init; }
    public bool Degraded { get; init; }
}

/// <summary>The totals of <c>GET /api/usage</c> (the usage ledger); the per-day lines are not needed here.</summary>
internal sealed record UsageTotals
{
    public int Calls { get; init; }
    public int CacheHits { get; init; }
    public int FailedCalls { get; init; }
    public long Attempts { get; init; }
    public long Retries { get; init; }
    public long RateLimited { get; init; }
    public int Fallbacks { get; init; }
    public decimal CostUsd { get; init; }

    /// <summary>Calls that got an answer from a provider (not from the cache, not failed): each ended with one 200.</summary>
    public long Answered => Calls - CacheHits - FailedCalls;
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
    };
}
