using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Azure.AI.OpenAI;
using Azure.Identity;
using CatalogForge.Core.Ai.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Builds one SDK client per provider and one Microsoft.Extensions.AI client per deployment, once (a provider whose
/// key could not be had is tried again on the next call). The SDK's own retries are off: retrying is the gateway's
/// job, so the layers never multiply. A deployment with a client-side rate limit gets an SDK client of its own, whose
/// <see cref="RateLimitHeaderPolicy"/> feeds the response quota headers to that deployment's limiter.
/// </summary>
public sealed class AiClientFactory(IOptions<AiOptions> options, ProviderKeyResolver keys, DeploymentRateLimiters limiters)
{
    private readonly ConcurrentDictionary<string, OpenAIClient> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, object> _clients = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IChatClient> ChatAsync(string deploymentName, CancellationToken cancellationToken) =>
        (IChatClient)await ClientAsync("chat:", deploymentName,
            (provider, deployment) => provider.GetChatClient(deployment).AsIChatClient(), cancellationToken);

    public async Task<IEmbeddingGenerator<string, Embedding<float>>> EmbeddingsAsync(string deploymentName, CancellationToken cancellationToken) =>
        (IEmbeddingGenerator<string, Embedding<float>>)await ClientAsync("embed:", deploymentName,
            (provider, deployment) => provider.GetEmbeddingClient(deployment).AsIEmbeddingGenerator(), cancellationToken);

    public async Task<IImageGenerator> ImagesAsync(string deploymentName, CancellationToken cancellationToken) =>
        (IImageGenerator)await ClientAsync("image:", deploymentName,
            (provider, deployment) => provider.GetImageClient(deployment).AsIImageGenerator(), cancellationToken);

    private async Task<object> ClientAsync(
        string kind, string deploymentName, Func<OpenAIClient, string, object> create, CancellationToken cancellationToken)
    {
        if (_clients.TryGetValue(kind + deploymentName, out var existing))
        {
            return existing;
        }

        var ai = options.Value;
        var deployment = ai.Deployments[deploymentName];
        var headerPolicy = limiters.For(deploymentName) is { } limiter ? new RateLimitHeaderPolicy(limiter.Headers) : null;
        var providerKey = headerPolicy is null ? deployment.Provider : $"{deployment.Provider}|{deploymentName}";
        if (!_providers.TryGetValue(providerKey, out var provider))
        {
            provider = _providers.GetOrAdd(providerKey,
                await CreateAsync(deployment.Provider, ai.Providers[deployment.Provider], ai.RequestTimeoutSeconds, headerPolicy, cancellationToken));
        }

        return _clients.GetOrAdd(kind + deploymentName, create(provider, deployment.Deployment));
    }

    private async Task<OpenAIClient> CreateAsync(
        string name, AiProviderOptions provider, int timeoutSeconds, PipelinePolicy? headerPolicy, CancellationToken cancellationToken)
    {
        var endpoint = provider.Endpoint ?? throw new InvalidOperationException($"Ai:Providers:{name}:Endpoint is missing.");
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        switch (provider.Kind)
        {
            case AiProviderKind.AzureOpenAI:
                return new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), WithPolicy(AzureOptions(timeout), headerPolicy));
            case AiProviderKind.Emulator:
                // The emulator accepts any key; it is spoken to through the Azure routes so that path is exercised offline.
                return new AzureOpenAIClient(endpoint, new ApiKeyCredential("emulator"), WithPolicy(AzureOptions(timeout), headerPolicy));
            case AiProviderKind.OpenAICompatible:
                var key = await keys.ResolveAsync(name, provider, cancellationToken);
                return new OpenAIClient(new ApiKeyCredential(key), WithPolicy(new OpenAIClientOptions
                {
                    Endpoint = endpoint,
                    RetryPolicy = new ClientRetryPolicy(0),
                    NetworkTimeout = timeout,
                }, headerPolicy));
            default:
                throw new InvalidOperationException($"Unknown provider kind {provider.Kind}.");
        }
    }

    private static TOptions WithPolicy<TOptions>(TOptions clientOptions, PipelinePolicy? policy)
        where TOptions : ClientPipelineOptions
    {
        if (policy is not null)
        {
            clientOptions.AddPolicy(policy, PipelinePosition.PerTry);
        }

        return clientOptions;
    }

    private static AzureOpenAIClientOptions AzureOptions(TimeSpan timeout) =>
        new() { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout };
}
