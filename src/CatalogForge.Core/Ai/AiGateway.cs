using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Every model call: routes to a deployment, answers identical requests from the tenant's cache (paid once), reserves
/// the estimated cost against the tenant's daily budget before spending, calls through the deployment's resilience
/// pipeline (retries per error class, honouring Retry-After), classifies failures, settles the actual cost and writes
/// the usage ledger.
/// </summary>
public sealed class AiGateway(
    AiClientFactory clients,
    DeploymentRouter router,
    UsageLedger ledger,
    AiRequestCache cache,
    DailyBudgetGuard budget,
    AiResiliencePipelineFactory resilience,
    ILogger<AiGateway> logger) : IAiGateway
{
    public Task<AiResult<T>> GenerateJsonAsync<T>(
        AiCallContext context, string workload, string systemPrompt, string userPrompt, CancellationToken cancellationToken)
    {
        var deployment = router.Pick(AiTask.Chat, workload);
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt), new(ChatRole.User, userPrompt) };
        var options = new ChatOptions { MaxOutputTokens = deployment.Options.MaxOutputTokens };
        return ExecuteAsync(context, AiTask.Chat, deployment,
            AiCacheKey.ForChat(deployment, systemPrompt, userPrompt, typeof(T).FullName ?? typeof(T).Name),
            CostEstimator.EstimateChat(deployment.Options, systemPrompt, userPrompt),
            token => clients.Chat(deployment.Name).GetResponseAsync<T>(messages, options, useJsonSchemaResponseFormat: true, token),
            response => ChatUsage(deployment, response.Usage),
            response => ParsedResult(deployment, response),
            cancellationToken);
    }

    public Task<AiResult<float[]>> EmbedAsync(AiCallContext context, string text, CancellationToken cancellationToken)
    {
        var deployment = router.Pick(AiTask.Embedding, "Embedding");
        var options = new EmbeddingGenerationOptions { Dimensions = deployment.Options.Dimensions };
        return ExecuteAsync(context, AiTask.Embedding, deployment,
            AiCacheKey.ForEmbedding(deployment, text),
            CostEstimator.EstimateEmbedding(deployment.Options, text),
            token => clients.Embeddings(deployment.Name).GenerateAsync([text], options, token),
            embeddings =>
            {
                var inputTokens = embeddings.Usage?.InputTokenCount ?? 0;
                return new AiUsage(deployment.Name, deployment.Options.Model, inputTokens, 0, 0,
                    Money.TokenCost(inputTokens, 0, deployment.Options), CacheHit: false);
            },
            embeddings =>
            {
                var vector = embeddings[0].Vector.ToArray();
                return vector.Length == deployment.Options.Dimensions
                    ? vector
                    : throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name,
                        $"Expected {deployment.Options.Dimensions} dimensions, got {vector.Length}.");
            },
            cancellationToken);
    }

    public Task<AiResult<byte[]>> GenerateImageAsync(AiCallContext context, string prompt, CancellationToken cancellationToken)
    {
        var deployment = router.Pick(AiTask.Image, "Image");
        ImageSize.TryParse(deployment.Options.ImageSize, out var size);
        var options = new ImageGenerationOptions { Count = 1, ImageSize = size, ResponseFormat = ImageGenerationResponseFormat.Data };
        return ExecuteAsync(context, AiTask.Image, deployment,
            AiCacheKey.ForImage(deployment, prompt),
            CostEstimator.EstimateImage(deployment.Options),
            token => clients.Images(deployment.Name).GenerateImagesAsync(prompt, options, token),
            _ => new AiUsage(deployment.Name, deployment.Options.Model, 0, 0, 1, deployment.Options.PerImage, CacheHit: false),
            response => response.Contents.OfType<DataContent>().FirstOrDefault()?.Data.ToArray()
                ?? throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The image response held no image data."),
            cancellationToken);
    }

    /// <summary>
    /// Cache → budget → resilient call → settle + ledger → validate → cache. A response is paid for (settled and
    /// recorded) even when its content turns out invalid; only valid results are cached.
    /// </summary>
    private async Task<AiResult<TValue>> ExecuteAsync<TResponse, TValue>(
        AiCallContext context,
        AiTask task,
        RoutedDeployment deployment,
        string cacheKey,
        decimal estimateUsd,
        Func<CancellationToken, Task<TResponse>> call,
        Func<TResponse, AiUsage> usageOf,
        Func<TResponse, TValue> valueOf,
        CancellationToken cancellationToken)
    {
        if (await cache.TryGetAsync<TValue>(context.TenantId, cacheKey, cancellationToken) is { } hit)
        {
            await ledger.RecordAsync(context, task, deployment, hit.HitUsage, cancellationToken);
            return new AiResult<TValue>(hit.Value, hit.HitUsage);
        }

        var reservation = await budget.ReserveAsync(context.TenantId, estimateUsd, cancellationToken);
        try
        {
            var response = await CallAsync(context, deployment, call, cancellationToken);
            var usage = usageOf(response);
            await reservation.SettleAsync(usage.CostUsd, cancellationToken);
            await ledger.RecordAsync(context, task, deployment, usage, cancellationToken);
            var value = valueOf(response);
            await cache.StoreAsync(context.TenantId, cacheKey, value, usage, cancellationToken);
            return new AiResult<TValue>(value, usage);
        }
        finally
        {
            // A no-op once settled; frees the reservation of a call that failed.
            await reservation.ReleaseAsync(CancellationToken.None);
        }
    }

    private async Task<TResponse> CallAsync<TResponse>(
        AiCallContext context, RoutedDeployment deployment, Func<CancellationToken, Task<TResponse>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await resilience.GetPipeline(deployment.Name).ExecuteAsync(
                async (token) => await call(token), cancellationToken);
        }
        catch (Exception ex) when (ex is not AiCallException && ex is not OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            var errorClass = AiResiliencePipelineFactory.Classify(ex);
            logger.LogWarning(ex, "Model call to {Deployment} for tenant {TenantId} item {ItemKey} failed with {ErrorClass}",
                deployment.Name, context.TenantId, context.ItemKey, errorClass);
            throw new AiCallException(errorClass, deployment.Name, ex.Message, ex);
        }
    }

    private static T ParsedResult<T>(RoutedDeployment deployment, ChatResponse<T> response)
    {
        if (response.FinishReason == ChatFinishReason.Length)
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output was truncated (finish_reason: length).");
        }

        return response.TryGetResult(out var value)
            ? value
            : throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output is not valid JSON for the requested schema.");
    }

    private static AiUsage ChatUsage(RoutedDeployment deployment, UsageDetails? details)
    {
        var input = details?.InputTokenCount ?? 0;
        var output = details?.OutputTokenCount ?? 0;
        return new AiUsage(deployment.Name, deployment.Options.Model, input, output, 0,
            Money.TokenCost(input, output, deployment.Options), CacheHit: false);
    }
}
