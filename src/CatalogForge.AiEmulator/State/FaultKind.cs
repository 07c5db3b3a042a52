using System.Text.Json.Serialization;

namespace CatalogForge.AiEmulator;

/// <summary>An injected fault. The JSON names are also the keys of <see cref="EmulatorCounters.FaultsByKind"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>HTTP 500.</summary>
    [JsonStringEnumMemberName("server_error")]
    ServerError,

    /// <summary>HTTP 503 with Retry-After.</summary>
    [JsonStringEnumMemberName("service_unavailable")]
    ServiceUnavailable,

    /// <summary>The request stalled for HangMs before it was answered.</summary>
    [JsonStringEnumMemberName("hang")]
    Hang,

    /// <summary>HTTP 400 with Azure's content_filter error.</summary>
    [JsonStringEnumMemberName("content_filter")]
    ContentFilter,

    /// <summary>Reply cut in half with finish_reason "length".</summary>
    [JsonStringEnumMemberName("truncated")]
    Truncated,

    /// <summary>A JSON-mode reply that does not parse.</summary>
    [JsonStringEnumMemberName("invalid_json")]
    InvalidJson,

    /// <summary>A streamed reply whose connection was dropped half-way.</summary>
    [JsonStringEnumMemberName("stream_cut")]
    StreamCut,
}

public static class FaultKindNames
{
    public static string ToWireName(this FaultKind kind) => kind switch
    {
        FaultKind.ServerError => "server_error",
        FaultKind.ServiceUnavailable => "service_unavailable",
        FaultKind.Hang => "hang",
        FaultKind.ContentFilter => "content_filter",
        FaultKind.Truncated => "truncated",
        FaultKind.InvalidJson => "invalid_json",
        FaultKind.StreamCut => "stream_cut",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind."),
    };
}
