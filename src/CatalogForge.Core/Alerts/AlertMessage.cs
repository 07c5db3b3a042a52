using System.Text.Json.Serialization;

namespace CatalogForge.Core.Alerts;

/// <summary>
/// One message on the <c>alerts</c> queue (JSON, camelCase, Base64 like every queue message) and, unchanged, the body
/// POSTed to each of the tenant's webhooks. A producer (the nightly run, for a triggered rule) writes its alert row and
/// enqueues this; <see cref="AlertDeliveryHandler"/> delivers it. <see cref="AlertId"/> is unique per alert and is also
/// sent as the <c>X-CatalogForge-Alert-Id</c> header: a message can be delivered more than once (a retry after a
/// failure of another webhook), so receivers de-duplicate by it.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AlertMessage
{
    public const int CurrentVersion = 1;

    /// <summary>Format version, <see cref="CurrentVersion"/>.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Unique id of the alert (letters, digits, <c>-_.|:</c>; at most 128 characters).</summary>
    public required string AlertId { get; init; }

    public required string TenantId { get; init; }

    /// <summary>The rule that fired, e.g. <c>riskAtOrAbove</c>, <c>shareDrop</c>, <c>centroidDrift</c>, <c>newDuplicateCluster</c>.</summary>
    public required string Rule { get; init; }

    /// <summary><c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public required string Severity { get; init; }

    /// <summary>One line for a person (at most 200 characters).</summary>
    public required string Title { get; init; }

    /// <summary>What was measured against what threshold (at most 2,000 characters).</summary>
    public string? Detail { get; init; }

    /// <summary>The numbers behind the alert, by name (e.g. <c>risk</c>, <c>threshold</c>); at most 32.</summary>
    public IReadOnlyDictionary<string, double>? Values { get; init; }

    /// <summary>The nightly snapshot the alert was computed from, when there is one.</summary>
    public string? SnapshotId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
