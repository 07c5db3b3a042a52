using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Perception;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tests.Ai.Ledger;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Perception;

/// <summary>The probes through the real gateway, the OpenAI SDK and the AI emulator over HTTP, with the ledger on Azurite.</summary>
public sealed class PerceptionProberEmulatorTests(AzuriteFixture azurite)
{
    private static readonly BrandProfile Profile = new()
    {
        Brand = "Crumb & Co",
        Competitors = ["Loaf Lab", "Rise Up", "Proof Bakery"],
        Probes = ["Which online shops sell the best sourdough guides?", "Where do beginners buy baking courses?", "Best bread baking ebooks?"],
        Language = "en",
    };

    [Fact]
    public async Task Every_probe_is_answered_in_the_schema_and_a_second_run_is_paid_once_and_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        await using var services = Services(emulator);
        var prober = services.GetRequiredService<PerceptionProber>();
        var tenant = LedgerStorage.NewTenant("perception");

        var first = await prober.RunAsync(tenant, Profile, previous: null, ct);
        var chatRequests = emulator.State.Requests.Count(r => r.Kind == RequestKind.Chat);
        var second = await prober.RunAsync(tenant, Profile, first, ct);

        Assert.Empty(first.Failures);
        Assert.Equal(3, first.AnsweredProbes);
        Assert.Equal(3, chatRequests);
        Assert.True(first.TotalMentions > 0);
        Assert.Equal(["Crumb & Co", "Loaf Lab", "Rise Up", "Proof Bakery"], first.Brands.Select(b => b.Brand));
        Assert.Equal(1.0, first.Brands.Sum(b => b.MentionShare) + first.OtherShare, 3);
        Assert.All(first.Brands.Where(b => b.Mentions > 0), b =>
        {
            Assert.InRange(b.MeanSentiment!.Value, -1, 1);
            Assert.InRange(b.MeanRank!.Value, 1, PerceptionSchema.MaxBrands(Profile));
        });
        Assert.True(first.CostUsd > 0);

        Assert.Equal(chatRequests, emulator.State.Requests.Count(r => r.Kind == RequestKind.Chat)); // answered from the request cache
        Assert.Equal(first.Brands.Select(b => (b.MentionShare, b.MeanRank, b.MeanSentiment)),
            second.Brands.Select(b => (b.MentionShare, b.MeanRank, b.MeanSentiment)));
        Assert.All(second.Brands, b => Assert.Equal(0.0, b.ShareChange));
        Assert.Equal(0m, second.CostUsd);
    }

    [Fact]
    public async Task The_emulator_gives_varied_sentiments_inside_the_bounds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        await using var services = Services(emulator);
        var profile = Profile with { Probes = Enumerable.Range(0, 10).Select(i => $"Which shop is best for baking topic {i}?").ToList() };

        var report = await services.GetRequiredService<PerceptionProber>().RunAsync(LedgerStorage.NewTenant("perception-spread"), profile, null, ct);

        var sentiments = report.Brands.Where(b => b.MeanSentiment is not null).Select(b => b.MeanSentiment!.Value).ToList();
        Assert.True(sentiments.Distinct().Count() > 1, $"every brand got the same sentiment: {string.Join(", ", sentiments)}");
        Assert.Contains(report.Brands, b => b.MeanSentiment < 0.9);
    }

    private ServiceProvider Services(EmulatorHost emulator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Ai:Providers:emulator:Kind"] = nameof(AiProviderKind.Emulator),
            ["Ai:Providers:emulator:Endpoint"] = emulator.BaseUri.ToString(),
            ["Ai:Deployments:chat:Provider"] = "emulator",
            ["Ai:Deployments:chat:Deployment"] = "gpt-4o-mini",
            ["Ai:Deployments:chat:Model"] = "gpt-4o-mini",
            ["Ai:Deployments:chat:Task"] = nameof(AiTask.Chat),
            ["Ai:Deployments:chat:InputPerMillion"] = "0.15",
            ["Ai:Deployments:chat:OutputPerMillion"] = "0.6",
            ["Ai:Deployments:embedding:Provider"] = "emulator",
            ["Ai:Deployments:embedding:Deployment"] = "text-embedding-3-small",
            ["Ai:Deployments:embedding:Model"] = "text-embedding-3-small",
            ["Ai:Deployments:embedding:Task"] = nameof(AiTask.Embedding),
            ["Ai:Deployments:embedding:Dimensions"] = "64",
            ["Ai:Deployments:image:Provider"] = "emulator",
            ["Ai:Deployments:image:Deployment"] = "dall-e-3",
            ["Ai:Deployments:image:Model"] = "dall-e-3",
            ["Ai:Deployments:image:Task"] = nameof(AiTask.Image),
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddCatalogForgeStorage(configuration)
            .AddCatalogForgeAi(configuration)
            .AddCatalogForgePerception()
            .BuildServiceProvider();
    }
}
