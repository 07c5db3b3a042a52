using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Azure.AI.OpenAI;
using Azure.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Builds one SDK client per provider and one Microsoft.Extensions.AI client per deployment, once. The SDK's own
/// retries are off: retrying is the gateway's job, so the layers never multiply.
/// </summary>
public sealed class AiClientFactory(IOptions<AiOptions> options)
{
    private readonly ConcurrentDictionary<string, OpenAIClient> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, object> _clients = new(StringComparer.OrdinalIgnoreCase);

    public IChatClient Chat(string deploymentName) =>
        (IChatClient)_clients.GetOrAdd("chat:" + deploymentName, _ =>
            ProviderFor(deploymentName, out var deployment).GetChatClient(deployment.Deployment).AsIChatClient());

    public IEmbeddingGenerator<string, Embedding<float>> Embeddings(string deploymentName) =>
        (IEmbeddingGenerator<string, Embedding<float>>)_clients.GetOrAdd("embed:" + deploymentName, _ =>
            ProviderFor(deploymentName, out var deployment).GetEmbeddingClient(deployment.Deployment).AsIEmbeddingGenerator());

    public IImageGenerator Images(string deploymentName) =>
        (IImageGenerator)_clients.GetOrAdd("image:" + deploymentName, _ =>
            ProviderFor(deploymentName, out var deployment).GetImageClient(deployment.Deployment).AsIImageGenerator());

    private OpenAIClient ProviderFor(string deploymentName, out AiDeploymentOptions deployment)
    {
        var ai = options.Value;
        deployment = ai.Deployments[deploymentName];
        return _providers.GetOrAdd(deployment.Provider, name => Create(ai.Providers[name], ai.RequestTimeoutSeconds));
    }

    private static OpenAIClient Create(AiProviderOptions provider, int timeoutSeconds)
    {
        var endpoint = provider.Endpoint ?? throw new InvalidOperationException("Provider endpoint missing.");
        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        switch (provider.Kind)
        {
            case AiProviderKind.AzureOpenAI:
                return new AzureOpenAIClient(endpoint, new DefaultAzureCredential(), AzureOptions(timeout));
            case AiProviderKind.Emulator:
                // The emulator accepts any key; it is spoken to through the Azure routes so that path is exercised offline.
                return new AzureOpenAIClient(endpoint, new ApiKeyCredential("emulator"), AzureOptions(timeout));
            case AiProviderKind.OpenAICompatible:
                var key = Environment.GetEnvironmentVariable(provider.ApiKeyEnvironmentVariable ?? "")
                    ?? throw new InvalidOperationException(
                        $"Environment variable {provider.ApiKeyEnvironmentVariable} holding the provider key is not set.");
                return new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions
                {
                    Endpoint = endpoint,
                    RetryPolicy = new ClientRetryPolicy(0),
                    NetworkTimeout = timeout,
                });
            default:
                throw new InvalidOperationException($"Unknown provider kind {provider.Kind}.");
        }
    }

    private static AzureOpenAIClientOptions AzureOptions(TimeSpan timeout) =>
        new() { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout };
}
