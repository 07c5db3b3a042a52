using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Tests.Ai.Ledger;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>
/// A schema reply cut at the token limit (finish_reason "length", a JSON document that stops mid-way) goes through
/// the gateway's repair round against the emulator over HTTP: the model sees its cut reply and answers again.
/// </summary>
public sealed class TruncatedOutputRepairTests(AzuriteFixture azurite)
{
    private const string Deployment = "gpt-4o-mini";

    [Fact]
    public async Task A_reply_truncated_at_the_token_limit_is_repaired_in_one_more_round()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new EmulatorOptions { Deployments = { [Deployment] = new DeploymentSettings { TruncationsBeforeSuccess = 1 } } };
        await using var emulator = await EmulatorHost.StartAsync(options, cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        await using var services = Services(emulator);
        var gateway = services.GetRequiredService<IAiGateway>();

        var result = await gateway.GenerateJsonAsync<ListingDraft>(
            new AiCallContext(LedgerStorage.NewTenant("truncated")), "ProductContent",
            "You write product listings as JSON.", "A walnut desk organiser with three drawers", ct);

        Assert.False(string.IsNullOrWhiteSpace(result.Value.Title));
        var chats = emulator.State.Requests.Where(r => r.Kind == RequestKind.Chat).ToList();
        Assert.Equal(2, chats.Count);
        Assert.Equal(FaultKind.Truncated, chats[0].Fault);
        Assert.Null(chats[1].Fault);
        Assert.StartsWith("That reply is not a valid JSON document", chats[1].PromptPreview, StringComparison.Ordinal);
        Assert.All(chats, r => Assert.Equal(200, r.StatusCode));

        // The client-side estimate and the emulator count the prompt with the same tokenizer.
        Assert.Equal(ModelTokens.CountChat(Deployment, ["You write product listings as JSON.", "A walnut desk organiser with three drawers"]), chats[0].PromptTokens);
    }

    public sealed record ListingDraft(string Title, string Description, IReadOnlyList<string> Keywords);

    private ServiceProvider Services(EmulatorHost emulator)
    {
        var settings = new Dictionary<string, string?> { ["Ai:Deployments:embedding:Dimensions"] = "64" };
        EmulatorAiServices.AddDeployment(settings, "embedding", "text-embedding-3-small", AiTask.Embedding);
        return EmulatorAiServices.Build(azurite, emulator, settings);
    }
}
