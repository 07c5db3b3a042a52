using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Recording;

/// <summary>
/// In record mode, forwards every provider-API call to the upstream and stores the answer; in replay mode, answers
/// from the stored recordings. Admin, health and image-file routes are not touched.
/// </summary>
internal sealed partial class RecordReplayMiddleware(
    RequestDelegate next,
    EmulatorOptions options,
    RecordingStore store,
    IServiceProvider services,
    ILogger<RecordReplayMiddleware> logger)
{
    public const string RecordingHeader = "x-emulator-recording";

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (!HttpMethods.IsPost(http.Request.Method)
            || !(path.StartsWithSegments("/openai", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)))
        {
            await next(http);
            return;
        }

        var cancellationToken = http.RequestAborted;
        http.Request.EnableBuffering();
        var body = await ReadAllAsync(http.Request.Body, cancellationToken);
        http.Request.Body.Position = 0;
        var hash = RequestFingerprint.Of(path.Value!, body);
        http.Response.Headers[RecordingHeader] = hash;
        if (options.Mode == EmulatorMode.Replay)
        {
            await ReplayAsync(http, hash, cancellationToken);
        }
        else
        {
            await RecordAsync(http, hash, body, cancellationToken);
        }
    }

    private async Task ReplayAsync(HttpContext http, string hash, CancellationToken cancellationToken)
    {
        var recording = await store.FindAsync(hash, cancellationToken);
        if (recording is null && options.ReplayMiss == ReplayMiss.Generate)
        {
            LogReplayMissGenerated(logger, hash, http.Request.Path);
            await next(http);
            return;
        }

        if (recording is null)
        {
            LogReplayMiss(logger, hash, http.Request.Path);
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(RecordingNotFound(hash, http.Request.Path, store.Folder), WireJson.Options, cancellationToken);
            return;
        }

        await WriteAsync(http.Response, recording.Status, recording.ContentType, recording.ResponseBody, cancellationToken);
    }

    private async Task RecordAsync(HttpContext http, string hash, byte[] body, CancellationToken cancellationToken)
    {
        var forwarder = services.GetRequiredService<UpstreamForwarder>();
        HttpResponseMessage upstream;
        try
        {
            upstream = await forwarder.SendAsync(http.Request, body, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            LogUpstreamUnreachable(logger, exception, hash, options.Upstream);
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            var error = ErrorBodies.InvalidRequest($"The upstream {options.Upstream} could not be reached: {exception.Message}");
            await http.Response.WriteAsJsonAsync(error, WireJson.Options, cancellationToken);
            return;
        }

        using var _ = upstream;
        var text = await upstream.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)upstream.StatusCode;
        var contentType = upstream.Content.Headers.ContentType?.ToString();

        // Auth failures, throttling and server errors say nothing about the request: replaying them would fail a run for no reason.
        if (status < 500 && status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
                or StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests))
        {
            var recording = new RecordedExchange(hash, http.Request.Method, http.Request.Path.Value!, ParseOrNull(body), status, contentType, text);
            await store.SaveAsync(recording, cancellationToken);
            LogRecorded(logger, hash, http.Request.Path, status);
        }

        await WriteAsync(http.Response, status, contentType, text, cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, int status, string? contentType, string body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType ?? "application/json";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), cancellationToken);
    }

    private static JsonObject RecordingNotFound(string hash, PathString path, string folder) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = "RecordingNotFound",
            ["message"] = $"No recording of request {hash} ({path}) in {folder}. Record it with --mode record, or start the replay with --replay-miss generate.",
            ["request_hash"] = hash,
        },
    };

    private static JsonNode? ParseOrNull(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Encoding.UTF8.GetString(body)); // kept as text: the upstream judged it, the recording shows it
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded request {Hash} ({Path}): upstream answered {Status}")]
    private static partial void LogRecorded(ILogger logger, string hash, PathString path, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Hash} could not be forwarded to the upstream {Upstream}")]
    private static partial void LogUpstreamUnreachable(ILogger logger, Exception exception, string hash, string? upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No recording of request {Hash} ({Path}); answered 404")]
    private static partial void LogReplayMiss(ILogger logger, string hash, PathString path);

    [LoggerMessage(Level = LogLevel.Information, Message = "No recording of request {Hash} ({Path}); generated an answer")]
    private static partial void LogReplayMissGenerated(ILogger logger, string hash, PathString path);
}
