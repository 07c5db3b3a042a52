using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Storage;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>Storage on the shared Azurite and the AI core pointed at an emulator over HTTP, one deployment per task.</summary>
internal static class EmulatorAiServices
{
    /// <param name="settings">Extra or overriding configuration keys, e.g. a test's own deployment.</param>
    public static ServiceProvider Build(AzuriteFixture azurite, EmulatorHost emulator, IReadOnlyDictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Ai:Providers:emulator:Kind"] = nameof(AiProviderKind.Emulator),
            ["Ai:Providers:emulator:Endpoint"] = emulator.BaseUri.ToString(),
        };
        AddDeployment(values, "chat", "gpt-4o-mini", AiTask.Chat);
        AddDeployment(values, "image", "dall-e-3", AiTask.Image);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddCatalogForgeStorage(configuration)
            .AddCatalogForgeAi(configuration)
            .BuildServiceProvider();
    }

    public static void AddDeployment(IDictionary<string, string?> values, string name, string deployment, AiTask task)
    {
        var prefix = $"Ai:Deployments:{name}:";
        values[prefix + "Provider"] = "emulator";
        values[prefix + "Deployment"] = deployment;
        values[prefix + "Model"] = deployment;
        values[prefix + "Task"] = task.ToString();
    }
}
