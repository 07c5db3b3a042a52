using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Api;

/// <summary>
/// Section <c>Api</c>: settings of the HTTP API, shared by both hosts. <c>Api:ContinuationTokenKey</c>, the key that
/// signs page tokens, is read by Core's <c>ContinuationTokenOptions</c>, where the tokens are made.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest accepted body for <c>POST /api/jobs</c>, in bytes (default 10 MB); larger bodies get 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxJobRequestBodySize { get; set; } = 10 * 1024 * 1024;
}
