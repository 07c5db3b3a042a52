using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator.Limits;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Pipeline;

/// <summary>
/// The steps every API request goes through, in the order Azure applies them: authentication, body
/// validation, deployment lookup, rate limiting, then faults, generation and simulated latency.
/// Each request is recorded exactly once, whatever its outcome.
/// </summary>
internal sealed partial class OperationPipeline(EmulatorState state, IHostApplicationLifetime lifetime, ILogger<OperationPipeline> logger)
{
    /// <summary>nginx's "client closed request": logged when the caller left before the answer was ready.</summary>
    public const int ClientClosedRequest = 499;

    private const string DefaultApiVersion = "2024-10-21";

    public async Task RunAsync<TRequest>(HttpContext http, IEmulatedOperation<TRequest> operation, string? routeDeployment)
        where TRequest : IParsedRequest
    {
        var time = state.TimeProvider;
        var started = time.GetTimestamp();
        var receivedAt = time.GetUtcNow();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var exchange = new Exchange(routeDeployment ?? string.Empty);
        try
        {
            var body = await ReadBodyAsync(http.Request, cancellation.Token);
            exchange.BodyHash = StableHash.Of(body);
            exchange.StatusCode = await HandleAsync(http, operation, routeDeployment, body, exchange, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            exchange.StatusCode = ClientClosedRequest;
            LogAbandoned(logger, operation.Kind, exchange.Deployment);
        }
        finally
        {
            var entry = state.Record(
                receivedAt,
                operation.Kind,
                exchange.Deployment,
                StableHash.ToHex(exchange.BodyHash),
                exchange.PromptPreview,
                exchange.StatusCode,
                exchange.Fault,
                exchange.PromptTokens,
                exchange.CompletionTokens,
                exchange.Images,
                time.GetElapsedTime(started),
                exchange.RetryAfterMs);
            LogAnswered(logger, entry.Kind, entry.Deployment, entry.StatusCode, entry.Fault);
        }
    }

    private async Task<int> HandleAsync<TRequest>(
        HttpContext http,
        IEmulatedOperation<TRequest> operation,
        string? routeDeployment,
        byte[] body,
        Exchange exchange,
        CancellationToken cancellationToken)
        where TRequest : IParsedRequest
    {
        if (state.RequireApiKey && !HasCredentials(http.Request))
        {
            return await WriteAsync(http, StatusCodes.Status401Unauthorized, ErrorBodies.Unauthorized(), cancellationToken);
        }

        TRequest request;
        try
        {
            using var document = JsonDocument.Parse(body);
            request = operation.Parse(document.RootElement);
        }
        catch (JsonException exception)
        {
            var error = ErrorBodies.InvalidRequest($"We could not parse the JSON body of your request. ({exception.Message})");
            return await WriteAsync(http, StatusCodes.Status400BadRequest, error, cancellationToken);
        }
        catch (BadRequestException exception)
        {
            var error = ErrorBodies.InvalidRequest(exception.Message, exception.Param);
            return await WriteAsync(http, StatusCodes.Status400BadRequest, error, cancellationToken);
        }

        exchange.PromptPreview = request.PromptPreview;
        var deployment = routeDeployment ?? request.Model;
        if (string.IsNullOrWhiteSpace(deployment))
        {
            var error = ErrorBodies.InvalidRequest("you must provide a model parameter", "model");
            return await WriteAsync(http, StatusCodes.Status400BadRequest, error, cancellationToken);
        }

        exchange.Deployment = deployment;
        var tokens = TokenCounter.For(request.Model ?? deployment);
        exchange.PromptTokens = request.CountPromptTokens(tokens);
        if (state.StrictDeployments && !state.IsConfigured(deployment))
        {
            return await WriteAsync(http, StatusCodes.Status404NotFound, ErrorBodies.DeploymentNotFound(), cancellationToken);
        }

        var runtime = state.GetRuntime(deployment);
        var admission = runtime.Limiter.TryAcquire(request.RateLimitCharge(runtime.Settings, exchange.PromptTokens));
        if (!admission.Admitted)
        {
            exchange.RetryAfterMs = RetryAfterMs(admission);
            return await RejectForRateAsync(http, operation.AzureOperationName, admission, cancellationToken);
        }

        var faults = runtime.Faults.Draw();
        if (runtime.Faults.FindContentFilterTrigger(request.FilterableText) is not null)
        {
            exchange.Fault = FaultKind.ContentFilter;
            return await WriteAsync(http, StatusCodes.Status400BadRequest, ErrorBodies.ContentFiltered(), cancellationToken);
        }

        if (faults.ServerErrorStatus == StatusCodes.Status503ServiceUnavailable)
        {
            exchange.Fault = FaultKind.ServiceUnavailable;
            http.Response.Headers.RetryAfter = "1";
            exchange.RetryAfterMs = 1000;
            return await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorBodies.ServiceUnavailable(), cancellationToken);
        }

        if (faults.ServerErrorStatus is not null)
        {
            exchange.Fault = FaultKind.ServerError;
            return await WriteAsync(http, StatusCodes.Status500InternalServerError, ErrorBodies.ServerError(), cancellationToken);
        }

        var time = state.TimeProvider;
        if (faults.Hang)
        {
            exchange.Fault = FaultKind.Hang;
            await Task.Delay(TimeSpan.FromMilliseconds(runtime.Settings.HangMs), time, cancellationToken);
        }

        var context = new OperationContext(deployment, exchange.BodyHash, faults, runtime.Settings, time.GetUtcNow(), http,
            Azure: http.Request.Path.StartsWithSegments("/openai", StringComparison.OrdinalIgnoreCase), tokens, exchange.PromptTokens);
        var result = operation.Execute(request, context);
        exchange.CompletionTokens = result.CompletionTokens;
        exchange.Images = result.Images;
        exchange.Fault = result.Fault ?? exchange.Fault;
        if (result.Latency > TimeSpan.Zero)
        {
            await Task.Delay(result.Latency, time, cancellationToken);
        }

        AddRemainingQuotaHeaders(http.Response, admission);
        http.Response.StatusCode = StatusCodes.Status200OK;
        if (result.Stream is { } stream)
        {
            exchange.Fault = await stream.WriteAsync(http.Response, time, cancellationToken) ?? exchange.Fault;
            return StatusCodes.Status200OK;
        }

        await http.Response.WriteAsJsonAsync(result.Body, result.Body.GetType(), WireJson.Options, cancellationToken);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> RejectForRateAsync(HttpContext http, string operationName, RateLimitDecision admission, CancellationToken cancellationToken)
    {
        var retryAfterMs = RetryAfterMs(admission);
        var retryAfterSeconds = (int)Math.Max(1, Math.Ceiling(admission.RetryAfter.TotalSeconds));
        var headers = http.Response.Headers;
        headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        headers["retry-after-ms"] = retryAfterMs.ToString(CultureInfo.InvariantCulture);
        AddRemainingQuotaHeaders(http.Response, admission);
        var apiVersion = http.Request.Query["api-version"].FirstOrDefault() ?? DefaultApiVersion;
        var error = ErrorBodies.RateLimited(operationName, apiVersion, retryAfterSeconds, admission.Reason == RateLimitReason.Tokens);
        return await WriteAsync(http, StatusCodes.Status429TooManyRequests, error, cancellationToken);
    }

    private static long RetryAfterMs(RateLimitDecision admission) => (long)Math.Max(1, Math.Ceiling(admission.RetryAfter.TotalMilliseconds));

    private static void AddRemainingQuotaHeaders(HttpResponse response, RateLimitDecision admission)
    {
        if (admission.RemainingRequests is { } requests)
        {
            response.Headers["x-ratelimit-remaining-requests"] = requests.ToString(CultureInfo.InvariantCulture);
        }

        if (admission.RemainingTokens is { } tokens)
        {
            response.Headers["x-ratelimit-remaining-tokens"] = tokens.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static bool HasCredentials(HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Headers["api-key"]))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static async Task<int> WriteAsync(HttpContext http, int statusCode, JsonObject body, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = statusCode;
        await http.Response.WriteAsJsonAsync(body, WireJson.Options, cancellationToken);
        return statusCode;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered {Kind} request for deployment {Deployment} with {StatusCode} (fault: {Fault})")]
    private static partial void LogAnswered(ILogger logger, RequestKind kind, string deployment, int statusCode, FaultKind? fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The caller of a {Kind} request for deployment {Deployment} left before it was answered")]
    private static partial void LogAbandoned(ILogger logger, RequestKind kind, string deployment);

    /// <summary>What is known about one request so far; recorded when it ends.</summary>
    private sealed class Exchange(string deployment)
    {
        public string Deployment { get; set; } = deployment;

        public ulong BodyHash { get; set; }

        public string PromptPreview { get; set; } = string.Empty;

        public int StatusCode { get; set; } = StatusCodes.Status500InternalServerError;

        public FaultKind? Fault { get; set; }

        public int PromptTokens { get; set; }

        public int CompletionTokens { get; set; }

        public int Images { get; set; }

        public long? RetryAfterMs { get; set; }
    }
}
