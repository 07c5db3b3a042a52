using CatalogForge.Core.Domain;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Every model call: routes to a deployment, calls it through Microsoft.Extensions.AI, classifies failures,
/// prices the usage and writes it to the ledger.
/// </summary>
public sealed class AiGateway(
    AiClientFactory clients,
    DeploymentRouter router,
    UsageLedger ledger,
    ILogger<AiGateway> logger) : IAiGateway
{
    public async Task<AiResult<T>> GenerateJsonAsync<T>(
        AiCallContext context, string workload, string systemPrompt, string userPrompt, CancellationToken cancellationToken)
    {
        var deployment = router.Pick(AiTask.Chat, workload);
        var messages = new List<ChatMessage> { new(ChatRole.System, systemPrompt), new(ChatRole.User, userPrompt) };
        var options = new ChatOptions { MaxOutputTokens = deployment.Options.MaxOutputTokens };

        var response = await CallAsync(context, deployment, () =>
            clients.Chat(deployment.Name).GetResponseAsync<T>(messages, options, useJsonSchemaResponseFormat: true, cancellationToken));

        var usage = ChatUsage(deployment, response.Usage);
        await ledger.RecordAsync(context, AiTask.Chat, deployment, usage, cancellationToken);

        if (response.FinishReason == ChatFinishReason.Length)
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output was truncated (finish_reason: length).");
        }

        if (!response.TryGetResult(out var value))
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The model output is not valid JSON for the requested schema.");
        }

        return new AiResult<T>(value, usage);
    }

    public async Task<AiResult<float[]>> EmbedAsync(AiCallContext context, string text, CancellationToken cancellationToken)
    {
        var deployment = router.Pick(AiTask.Embedding, "Embedding");
        var options = new EmbeddingGenerationOptions { Dimensions = deployment.Options.Dimensions };
        var embeddings = await CallAsync(context, deployment, () =>
            clients.Embeddings(deployment.Name).GenerateAsync([text], options, cancellationToken));

        var vector = embeddings[0].Vector.ToArray();
        if (vector.Length != deployment.Options.Dimensions)
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name,
                $"Expected {deployment.Options.Dimensions} dimensions, got {vector.Length}.");
        }

        var inputTokens = embeddings.Usage?.InputTokenCount ?? 0;
        var usage = new AiUsage(deployment.Name, deployment.Options.Model, inputTokens, 0, 0,
            Money.TokenCost(inputTokens, 0, deployment.Options), CacheHit: false);
        await ledger.RecordAsync(context, AiTask.Embedding, deployment, usage, cancellationToken);
        return new AiResult<float[]>(vector, usage);
    }

    public async Task<AiResult<byte[]>> GenerateImageAsync(AiCallContext context, string prompt, CancellationToken cancellationToken)
    {
        var deployment = router.Pick(AiTask.Image, "Image");
        ImageSize.TryParse(deployment.Options.ImageSize, out var size);
        var options = new ImageGenerationOptions
        {
            Count = 1,
            ImageSize = size,
            ResponseFormat = ImageGenerationResponseFormat.Data,
        };
        var response = await CallAsync(context, deployment, () =>
            clients.Images(deployment.Name).GenerateImagesAsync(prompt, options, cancellationToken));

        var image = response.Contents.OfType<DataContent>().FirstOrDefault()
            ?? throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, "The image response held no image data.");
        var usage = new AiUsage(deployment.Name, deployment.Options.Model, 0, 0, 1, deployment.Options.PerImage, CacheHit: false);
        await ledger.RecordAsync(context, AiTask.Image, deployment, usage, cancellationToken);
        return new AiResult<byte[]>(image.Data.ToArray(), usage);
    }

    private async Task<TResponse> CallAsync<TResponse>(AiCallContext context, RoutedDeployment deployment, Func<Task<TResponse>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not AiCallException && ex is not OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            var errorClass = AiErrorClassifier.Classify(ex);
            logger.LogWarning(ex, "Model call to {Deployment} for tenant {TenantId} item {ItemKey} failed with {ErrorClass}",
                deployment.Name, context.TenantId, context.ItemKey, errorClass);
            throw new AiCallException(errorClass, deployment.Name, ex.Message, ex);
        }
    }

    private static AiUsage ChatUsage(RoutedDeployment deployment, UsageDetails? details)
    {
        var input = details?.InputTokenCount ?? 0;
        var output = details?.OutputTokenCount ?? 0;
        return new AiUsage(deployment.Name, deployment.Options.Model, input, output, 0,
            Money.TokenCost(input, output, deployment.Options), CacheHit: false);
    }
}
