using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tests.Ai.Ledger;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>
/// Two tenants share a deployment whose client-side limit admits 4 requests per 10 s window. Tenant A queues a backlog
/// of 16 High-priority calls first; tenant B's 2 Low-priority calls, queued behind it, go in the next window, in turn
/// with A's, instead of after A's whole backlog. The tenant and priority travel from the AiCallContext through the
/// Polly context to the limiter: without them every call would wait in one lane, first come first served.
/// </summary>
public sealed class AiGatewayFairnessTests(AzuriteFixture azurite)
{
    private const int RequestsPerMinute = 24; // 4 per 10 s window
    private const int PerWindow = RequestsPerMinute / 6;
    private const int BacklogOfA = 4 * PerWindow;
    private const int CallsOfB = 2;

    [Fact]
    public async Task Another_tenants_calls_are_admitted_in_turn_with_a_backlog_queued_before_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        var deployment = $"embedding-{Guid.NewGuid():N}"; // its own circuit breaker row in the shared storage
        await using var services = Services(emulator, deployment);
        var gateway = services.GetRequiredService<IAiGateway>();
        var limiter = services.GetRequiredService<DeploymentRateLimiters>().For(deployment)!;
        var (tenantA, tenantB) = (LedgerStorage.NewTenant("fair-a"), LedgerStorage.NewTenant("fair-b"));
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var callsOfA = Enumerable.Range(0, BacklogOfA)
            .Select(i => gateway.EmbedAsync(new AiCallContext(tenantA, Priority: JobPriority.High), $"tenant A, product {i}", stopA.Token))
            .ToList();
        await WaitUntilAsync(() => limiter.Waiting == BacklogOfA - PerWindow, "A's backlog to queue behind its first window");
        var callsOfB = Enumerable.Range(0, CallsOfB)
            .Select(i => gateway.EmbedAsync(new AiCallContext(tenantB, Priority: JobPriority.Low), $"tenant B, product {i}", ct))
            .ToList();
        await WaitUntilAsync(() => limiter.Waiting == BacklogOfA - PerWindow + CallsOfB, "B's calls to queue behind A's backlog");

        await Task.WhenAll(callsOfB).WaitAsync(TimeSpan.FromSeconds(60), ct);

        // First come, first served would send B's requests 17th and 18th, after A's whole backlog (four windows).
        var requests = emulator.State.Requests.Where(r => r.Deployment == "text-embedding-3-small").ToList();
        var sequenceOfB = requests.Where(r => r.PromptPreview.StartsWith("tenant B", StringComparison.Ordinal)).Select(r => r.Sequence).ToList();
        Assert.Equal(CallsOfB, sequenceOfB.Count);
        Assert.All(sequenceOfB, sequence => Assert.InRange(sequence, PerWindow + 1, 2 * PerWindow)); // the second window, with A's
        Assert.All(requests, r => Assert.Equal(200, r.StatusCode));

        // B is done while A's backlog still waits: stopping A now cancels calls that were never sent.
        await stopA.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(callsOfA));
        Assert.Equal(BacklogOfA, callsOfA.Count(call => call.IsCompletedSuccessfully) + callsOfA.Count(call => call.IsCanceled));
        Assert.InRange(callsOfA.Count(call => call.IsCanceled), PerWindow, BacklogOfA - PerWindow); // at least a window's worth never sent
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
        }
    }

    private ServiceProvider Services(EmulatorHost emulator, string deployment)
    {
        var prefix = $"Ai:Deployments:{deployment}:";
        var settings = new Dictionary<string, string?>
        {
            [prefix + "Tier"] = "standard",
            [prefix + "Dimensions"] = "64",
            [prefix + "InputPerMillion"] = "0.02",
            [prefix + "RequestsPerMinute"] = $"{RequestsPerMinute}",
        };
        EmulatorAiServices.AddDeployment(settings, deployment, "text-embedding-3-small", AiTask.Embedding);
        return EmulatorAiServices.Build(azurite, emulator, settings); // its chat and image deployments are not called
    }
}
