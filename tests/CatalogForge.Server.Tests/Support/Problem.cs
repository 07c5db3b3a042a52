using System.Net;
using System.Text.Json;

namespace CatalogForge.Server.Tests.Support;

/// <summary>A ProblemDetails response as read off the wire (RFC 9457), with its raw JSON.</summary>
internal sealed record Problem(HttpStatusCode StatusCode, string? ContentType, JsonElement Body, string Raw)
{
    public string? Title => Body.TryGetProperty("title", out var value) ? value.GetString() : null;

    public string? Detail => Body.TryGetProperty("detail", out var value) ? value.GetString() : null;

    public int? Status => Body.TryGetProperty("status", out var value) ? value.GetInt32() : null;

    public string? TraceId => Body.TryGetProperty("traceId", out var value) ? value.GetString() : null;

    public IReadOnlyDictionary<string, string[]> Errors =>
        Body.TryGetProperty("errors", out var value)
            ? value.Deserialize<Dictionary<string, string[]>>(Support.ApiCalls.Json)!
            : new Dictionary<string, string[]>();

    /// <summary>Reads the response and asserts it is <paramref name="expected"/> with a problem+json body whose status matches.</summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var raw = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {raw}");
        var contentType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(contentType == "application/problem+json", $"Expected application/problem+json, got '{contentType}': {raw}");
        using var document = JsonDocument.Parse(raw);
        var problem = new Problem(response.StatusCode, contentType, document.RootElement.Clone(), raw);
        Assert.Equal((int)expected, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), $"ProblemDetails without a title: {raw}");
        return problem;
    }
}
