using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Diagnostics;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Every model call: answers identical requests from the tenant's cache (paid once), then walks the deployment chain
/// (cheapest of the needed tier first): skips deployments whose shared circuit breaker is open, reserves the estimated
/// cost against the tenant's daily budget, calls through the deployment's resilience pipeline (retries per error class,
/// honouring Retry-After), falls back to the next deployment when one is unavailable, settles the actual cost and
/// writes the usage ledger.
/// </summary>
public sealed partial class AiGateway(
    AiClientFactory clients,
    DeploymentRouter router,
    UsageLedger ledger,
    AiRequestCache cache,
    DailyBudgetGuard budget,
    AiResiliencePipelineFactory resilience,
    CircuitBreakerStore breakers,
    RawOutputStore rawOutputs,
    ILogger<AiGateway> logger) : IAiGateway
{
    /// <summary>
    /// Schema-constrained output. Invalid JSON (or truncated output) gets one repair round in which the model sees its
    /// own reply; if that fails too, both raw outputs are kept in blobs and the call fails with <c>InvalidOutput</c>
    /// naming where they are.
    /// </summary>
    public Task<AiResult<T>> GenerateJsonAsync<T>(
        AiCallContext context, string workload, string systemPrompt, string userPrompt, CancellationToken cancellationToken)
    {
        var typeName = typeof(T).FullName ?? typeof(T).Name;
        return WithRepairRoundAsync(context, systemPrompt, userPrompt, (messages, cacheUserPrompt) => ChatJsonAsync<ChatResponse<T>, T>(
            context, workload, messages, systemPrompt, cacheUserPrompt, typeName,
            async (client, options, token) => await client.GetResponseAsync<T>(messages, options, useJsonSchemaResponseFormat: true, token),
            ParsedResult<T>, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Output constrained by a schema built at run time (e.g. with the tenant's own names in an <c>enum</c>), returned as
    /// the parsed JSON document; the caller checks it against its schema. The schema is part of the cache key.
    /// </summary>
    public Task<AiResult<JsonElement>> GenerateJsonAsync(AiCallContext context, string workload, string systemPrompt, string userPrompt,
        JsonElement schema, string schemaName, CancellationToken cancellationToken)
    {
        var format = ChatResponseFormat.ForJsonSchema(schema, schemaName);
        var schemaKey = $"schema:{schemaName}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema.GetRawText())))}";
        return WithRepairRoundAsync(context, systemPrompt, userPrompt, (messages, cacheUserPrompt) => ChatJsonAsync<ChatResponse, JsonElement>(
            context, workload, messages, systemPrompt, cacheUserPrompt, schemaKey,
            (client, options, token) => client.GetResponseAsync(messages, new ChatOptions
            {
                MaxOutputTokens = options.MaxOutputTokens,
                ResponseFormat = format,
            }, token),
            ParsedDocument, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Invalid JSON (or truncated output) gets one repair round in which the model sees its own reply; if that fails too,
    /// both raw outputs are kept in blobs and the call fails with <c>InvalidOutput</c> naming where they are.
    /// </summary>
    private async Task<AiResult<T>> WithRepairRoundAsync<T>(AiCallContext context, string systemPrompt, string userPrompt,
        Func<List<ChatMessage>, string, Task<AiResult<T>>> attempt, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new(ChatRole.System, systemPrompt), new(ChatRole.User, userPrompt)];
        try
        {
            return await attempt(messages, userPrompt);
        }
        catch (AiCallException first) when (first.ErrorClass == ErrorClass.InvalidOutput && first.RawOutput is { } raw)
        {
            logger.LogWarning("Invalid JSON from {Deployment} for tenant {TenantId} item {ItemKey}; one repair round",
                first.Deployment, context.TenantId, context.ItemKey);
            messages.Add(new ChatMessage(ChatRole.Assistant, raw));
            messages.Add(new ChatMessage(ChatRole.User, RepairInstruction));
            try
            {
                return await attempt(messages, $"{userPrompt}\n[repair]\n{raw}");
            }
            catch (AiCallException second) when (second.ErrorClass == ErrorClass.InvalidOutput)
            {
                var folder = await rawOutputs.KeepAsync(context, [raw, second.RawOutput ?? ""], cancellationToken);
                throw new AiCallException(ErrorClass.InvalidOutput, second.Deployment,
                    $"The model output is not valid JSON for the schema after one repair round; raw outputs kept at {folder}.", second);
            }
        }
    }

    private const string RepairInstruction =
        "That reply is not a valid JSON document for the required schema. Reply again with only the corrected JSON document.";

    private Task<AiResult<T>> ChatJsonAsync<TResponse, T>(AiCallContext context, string workload, IReadOnlyList<ChatMessage> messages,
        string systemPrompt, string cacheUserPrompt, string schemaKey,
        Func<IChatClient, ChatOptions, CancellationToken, Task<TResponse>> send,
        Func<RoutedDeployment, TResponse, T> parse,
        CancellationToken cancellationToken)
        where TResponse : ChatResponse
    {
        var chain = router.Chain(AiTask.Chat, workload);
        return CachedAsync(context, AiTask.Chat, chain, AiCacheKey.ForChat(chain[0], systemPrompt, cacheUserPrompt, schemaKey),
            () => CallChainAsync(context, AiTask.Chat, chain,
                deployment => CostEstimator.EstimateChat(deployment.Options, messages.Select(m => m.Text)),
                deployment => TokenCharge(ModelTokens.CountChat(deployment.Options.Model, messages.Select(m => m.Text)), deployment.Options.MaxOutputTokens),
                async (deployment, token) => await send(await clients.ChatAsync(deployment.Name, token),
                    new ChatOptions { MaxOutputTokens = deployment.Options.MaxOutputTokens }, token),
                (deployment, response) => TokenUsage(deployment, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount),
                parse,
                cancellationToken),
            cancellationToken);
    }

    public Task<AiResult<byte[]>> GenerateImageAsync(AiCallContext context, string prompt, CancellationToken cancellationToken)
    {
        var chain = router.Chain(AiTask.Image, "Image");
        return CachedAsync(context, AiTask.Image, chain, AiCacheKey.ForImage(chain[0], prompt),
            () => CallChainAsync(context, AiTask.Image, chain,
                deployment => CostEstimator.EstimateImage(deployment.Options),
                _ => 0, // image deployments are limited by requests (RequestsPerMinute), not tokens
                async (deployment, token) =>
                {
                    ImageSize.TryParse(deployment.Options.ImageSize, out var size);
                    return await (await clients.ImagesAsync(deployment.Name, token)).GenerateImagesAsync(prompt, new ImageGenerationOptions
                    {
                        Count = 1,
                        ImageSize = size,
                        ResponseFormat = ImageGenerationResponseFormat.Data,
                        RawRepresentationFactory = QualityOption(deployment.Options.ImageQuality),
                    }, token);
                },
                (deployment, _) => new AiUsage(deployment.Name, deployment.Options.Model, 0, 0, 1, CostEstimator.EstimateImage(deployment.Options), CacheHit: false),
                (deployment, response) => response.Contents.OfType<DataContent>().FirstOrDefault()?.Data.ToArray()
                    ?? throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The image response held no image data."),
                cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Pay once: the tenant's cached result of the request, recorded as a cache hit; else <paramref name="pay"/> (see
    /// <c>CallChainAsync</c>) and the result cached. Only valid results are cached.
    /// </summary>
    private async Task<AiResult<TValue>> CachedAsync<TValue>(AiCallContext context, AiTask task, IReadOnlyList<RoutedDeployment> chain,
        string cacheKey, Func<Task<(TValue Value, AiUsage Usage)>> pay, CancellationToken cancellationToken)
    {
        if (await cache.TryGetAsync<TValue>(context.TenantId, cacheKey, cancellationToken) is { } hit)
        {
            await ledger.RecordAsync(context, task, chain[0], hit.HitUsage, AiCallTrace.CacheHit, cancellationToken);
            return new AiResult<TValue>(hit.Value, hit.HitUsage);
        }

        var (value, usage) = await pay();
        await cache.StoreAsync(context.TenantId, cacheKey, value, usage, cancellationToken);
        return new AiResult<TValue>(value, usage);
    }

    /// <summary>
    /// For each deployment of the chain: breaker → budget → resilient call → settle + ledger → validate. A response is
    /// paid for (settled and recorded) even when its content is invalid. Caching the value is the caller's part.
    /// </summary>
    private async Task<(TValue Value, AiUsage Usage)> CallChainAsync<TResponse, TValue>(
        AiCallContext context,
        AiTask task,
        IReadOnlyList<RoutedDeployment> chain,
        Func<RoutedDeployment, decimal> estimate,
        Func<RoutedDeployment, int> tokenCharge,
        Func<RoutedDeployment, CancellationToken, Task<TResponse>> call,
        Func<RoutedDeployment, TResponse, AiUsage> usageOf,
        Func<RoutedDeployment, TResponse, TValue> valueOf,
        CancellationToken cancellationToken)
    {
        var tally = new AiCallTally();
        RoutedDeployment? lastCalled = null;
        var recorded = false;
        try
        {
            AiCallException? lastFailure = null;
            foreach (var deployment in chain)
            {
                if (await breakers.IsOpenAsync(deployment.Name, cancellationToken))
                {
                    Telemetry.CatalogForgeMetrics.CircuitBreakerState(deployment.Name, BreakerMetricState(CircuitState.Open));
                    logger.LogInformation("Circuit of {Deployment} is open; trying the next deployment for tenant {TenantId}",
                        deployment.Name, context.TenantId);
                    lastFailure ??= new AiCallException(ErrorClass.CircuitOpen, deployment.Name, "The circuit breaker is open.");
                    continue;
                }

                var reservation = await budget.ReserveAsync(context.TenantId, estimate(deployment), cancellationToken);
                try
                {
                    TResponse response;
                    try
                    {
                        lastCalled = deployment;
                        response = await CallAsync(context, task, deployment, tokenCharge(deployment), tally.Counting(token => call(deployment, token)), cancellationToken);
                    }
                    catch (AiCallException ex) when (FallsBack(ex.ErrorClass))
                    {
                        var broken = await breakers.RecordFailureAsync(deployment.Name, ex.ErrorClass, cancellationToken);
                        Telemetry.CatalogForgeMetrics.CircuitBreakerState(deployment.Name, BreakerMetricState(broken.State));
                        lastFailure = ex;
                        continue;
                    }

                    var closed = await breakers.RecordSuccessAsync(deployment.Name, cancellationToken);
                    Telemetry.CatalogForgeMetrics.CircuitBreakerState(deployment.Name, BreakerMetricState(closed.State));
                    Telemetry.CatalogForgeTelemetry.TagDeployment(deployment.Name);
                    var usage = usageOf(deployment, response);
                    await reservation.SettleAsync(usage.CostUsd, cancellationToken);
                    await ledger.RecordAsync(context, task, deployment, usage, tally.Trace(chain, deployment.Name), cancellationToken);
                    recorded = true;
                    return (valueOf(deployment, response), usage);
                }
                finally
                {
                    // A no-op once settled; frees the reservation of a call that failed.
                    await reservation.ReleaseAsync(CancellationToken.None);
                }
            }

            throw lastFailure ?? new AiCallException(ErrorClass.Unknown, chain[0].Name, "No deployment could be tried.");
        }
        catch (ClassifiedException ex) when (!recorded && lastCalled is not null)
        {
            // Requests were sent and paid nothing back: the ledger still shows them, so it adds up with the provider's count.
            await RecordFailureAsync(context, task, lastCalled, tally.Trace(chain, lastCalled.Name), ex);
            throw;
        }
    }

    private async Task RecordFailureAsync(AiCallContext context, AiTask task, RoutedDeployment deployment, AiCallTrace trace, ClassifiedException failure)
    {
        try
        {
            await ledger.RecordFailureAsync(context, task, deployment, trace, failure.ErrorClass, CancellationToken.None);
        }
        catch (Exception writeError)
        {
            logger.LogError(writeError, "Could not write the usage row of a failed call ({ErrorClass}) to {Deployment} for tenant {TenantId} item {ItemKey}",
                failure.ErrorClass, deployment.Name, context.TenantId, context.ItemKey);
        }
    }

    /// <summary>The quality has no Microsoft.Extensions.AI option: it goes in the OpenAI SDK's own options, which the adapter fills in.</summary>
    private static Func<IImageGenerator, object?>? QualityOption(string quality) =>
        quality.Length == 0
            ? null
            : _ => new OpenAI.Images.ImageGenerationOptions { Quality = new OpenAI.Images.GeneratedImageQuality(quality) };

    /// <summary>The deployment (not the request) is the problem: another deployment may well succeed.</summary>
    private static bool FallsBack(ErrorClass errorClass) => errorClass is ErrorClass.ServerError or ErrorClass.Timeout
        or ErrorClass.Network or ErrorClass.RateLimited or ErrorClass.QuotaExceeded or ErrorClass.Auth or ErrorClass.NotFound;

    /// <summary>Prompt tokens (the model family's tokenizer) plus the output budget: what Azure charges a request against the deployment's TPM.</summary>
    private static int TokenCharge(long promptTokens, int maxOutputTokens) =>
        (int)Math.Min(int.MaxValue, promptTokens + Math.Max(0, maxOutputTokens));

    /// <summary>The meter's breaker state: 0 closed, 1 half-open, 2 open.</summary>
    private static int BreakerMetricState(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };

    private async Task<TResponse> CallAsync<TResponse>(AiCallContext context, AiTask task, RoutedDeployment deployment, int tokenCharge,
        Func<CancellationToken, Task<TResponse>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ErrorClass? failure = null;
        var resilienceContext = ResilienceContextPool.Shared.Get(cancellationToken);
        resilienceContext.Properties.Set(AiCallCharge.Tokens, tokenCharge);
        resilienceContext.Properties.Set(AiCallCharge.Admission, new AdmissionKey(context.TenantId, context.Priority));
        try
        {
            return await resilience.GetPipeline(deployment.Name).ExecuteAsync(
                async (ctx, invoke) => await invoke(ctx.CancellationToken), resilienceContext, call);
        }
        catch (Exception ex) when (ex is not AiCallException && ex is not OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            var errorClass = AiErrorClassifier.Classify(ex);
            failure = errorClass;
            logger.LogWarning(ex, "Model call to {Deployment} for tenant {TenantId} item {ItemKey} failed with {ErrorClass}",
                deployment.Name, context.TenantId, context.ItemKey, errorClass);
            throw new AiCallException(errorClass, deployment.Name, ex.Message, ex);
        }
        catch (AiCallException ex)
        {
            failure = ex.ErrorClass;
            throw;
        }
        finally
        {
            AiCallMetrics.Duration(deployment, task, Stopwatch.GetElapsedTime(started), failure);
            ResilienceContextPool.Shared.Return(resilienceContext);
        }
    }

    private static T ParsedResult<T>(RoutedDeployment deployment, ChatResponse<T> response)
    {
        ThrowIfTruncated(deployment, response);
        return response.TryGetResult(out var value)
            ? value
            : throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output is not valid JSON for the requested schema.",
                rawOutput: response.Text);
    }

    private static JsonElement ParsedDocument(RoutedDeployment deployment, ChatResponse response)
    {
        ThrowIfTruncated(deployment, response);
        try
        {
            using var document = JsonDocument.Parse(response.Text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output is not valid JSON.", rawOutput: response.Text);
        }
    }

    private static void ThrowIfTruncated(RoutedDeployment deployment, ChatResponse response)
    {
        if (response.FinishReason == ChatFinishReason.Length)
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output was truncated (finish_reason: length).",
                rawOutput: response.Text);
        }
    }

    private static AiUsage TokenUsage(RoutedDeployment deployment, long? inputTokens, long? outputTokens)
    {
        var input = inputTokens ?? 0;
        var output = outputTokens ?? 0;
        return new AiUsage(deployment.Name, deployment.Options.Model, input, output, 0,
            Money.TokenCost(input, output, deployment.Options), CacheHit: false);
    }
}
