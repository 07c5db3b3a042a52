using CatalogForge.Core.Ai;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>The embedded emulator deployments stay until the configuration defines deployments of its own.</summary>
public sealed class AiDefaultsBindingTests
{
    private static AiOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddCatalogForgeAi(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AiOptions>>().Value;
    }

    [Fact]
    public void Without_settings_the_embedded_emulator_deployments_apply()
    {
        var options = Bind([]);

        Assert.Equal(["chat-economy", "chat-standard", "embedding", "image"], options.Deployments.Keys.Order());
        Assert.Null(options.Deployments["chat-standard"].RequestsPerMinute);
    }

    [Fact]
    public void A_setting_without_a_provider_tunes_an_embedded_deployment_and_keeps_the_others()
    {
        var options = Bind(new() { ["Ai:Deployments:chat-standard:RequestsPerMinute"] = "360" });

        var chat = options.Deployments["chat-standard"];
        Assert.Equal(360, chat.RequestsPerMinute);
        Assert.Equal("emulator", chat.Provider);
        Assert.Equal("gpt-4o", chat.Deployment);
        Assert.Equal(4, options.Deployments.Count);
    }

    [Fact]
    public void A_deployment_with_its_own_provider_replaces_the_embedded_ones()
    {
        var options = Bind(new()
        {
            ["Ai:Providers:azure:Kind"] = "AzureOpenAI",
            ["Ai:Providers:azure:Endpoint"] = "https://example.openai.azure.com/",
            ["Ai:Deployments:chat:Provider"] = "azure",
            ["Ai:Deployments:chat:Deployment"] = "gpt-4o",
            ["Ai:Deployments:chat:Task"] = "Chat",
            ["Ai:Deployments:embed:Provider"] = "azure",
            ["Ai:Deployments:embed:Deployment"] = "text-embedding-3-small",
            ["Ai:Deployments:embed:Task"] = "Embedding",
            ["Ai:Deployments:embed:Dimensions"] = "1536",
            ["Ai:Deployments:draw:Provider"] = "azure",
            ["Ai:Deployments:draw:Deployment"] = "dall-e-3",
            ["Ai:Deployments:draw:Task"] = "Image",
        });

        Assert.Equal(["chat", "draw", "embed"], options.Deployments.Keys.Order());
        Assert.Equal("standard", options.Tiers["ProductContent"]); // the tier map still comes from the defaults
    }
}
