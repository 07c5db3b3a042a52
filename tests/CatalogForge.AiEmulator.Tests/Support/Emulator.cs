using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI;

namespace CatalogForge.AiEmulator.Tests.Support;

/// <summary>Starts emulators and real SDK clients pointed at them, with retries off so every response is seen.</summary>
internal static class Emulator
{
    public static Task<EmulatorHost> StartAsync(EmulatorOptions? options = null) =>
        EmulatorHost.StartAsync(options, port: 0, TestContext.Current.CancellationToken);

    public static EmulatorOptions WithDeployment(string name, DeploymentSettings settings, bool strict = false) => new()
    {
        StrictDeployments = strict,
        Deployments = { [name] = settings },
    };

    public static AzureOpenAIClient AzureClient(EmulatorHost emulator, TimeSpan? networkTimeout = null)
    {
        var options = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0) };
        if (networkTimeout is { } timeout)
        {
            options.NetworkTimeout = timeout;
        }

        return new AzureOpenAIClient(emulator.BaseUri, new ApiKeyCredential("test-key"), options);
    }

    public static OpenAIClient OpenAiClient(EmulatorHost emulator) =>
        new(new ApiKeyCredential("test-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri(emulator.BaseUri, "v1"),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    public static HttpClient Http(EmulatorHost emulator) => new() { BaseAddress = emulator.BaseUri };

    /// <summary>The one logged request; a request is logged when its answer ends, which can be after the client gave up.</summary>
    public static async Task<RecordedRequest> WaitForSingleRequestAsync(EmulatorHost emulator)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (emulator.State.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return Assert.Single(emulator.State.Requests);
    }
}
