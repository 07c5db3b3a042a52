using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Tenancy;
using CatalogForge.Functions.Ingestion;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Ingestion;

/// <summary>The <c>IngestQueue</c> trigger over the real <see cref="IngestMessageHandler"/> and Azurite.</summary>
public sealed class IngestQueueFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_accepted_message_becomes_a_started_job()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-ingest", ct);
        var key = await app.Services.GetRequiredService<IngestKeyStore>().AddAsync(tenant.TenantId, null, ct);
        var text = IngestMessageSigner.Sign(Message(tenant.TenantId, $"ingest-{Guid.NewGuid():N}"), key, DateTimeOffset.UtcNow);

        await Function(app).RunAsync(Delivery(text, dequeueCount: 1), app.Client, Context(ct));

        await app.Client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == "ProductJobOrchestrator"), Arg.Any<object?>(),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId!.StartsWith(tenant.TenantId + "|", StringComparison.Ordinal)),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_message_that_can_never_succeed_goes_to_the_poison_queue_with_its_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var marker = $"not json {Guid.NewGuid():N}";

        await Function(app).RunAsync(Delivery(marker, dequeueCount: 1), app.Client, Context(ct));

        var envelope = await FindPoisonAsync(app, marker, ct);
        Assert.Equal(nameof(ErrorClass.Validation), envelope.GetProperty("errorClass").GetString());
        Assert.False(string.IsNullOrWhiteSpace(envelope.GetProperty("reason").GetString()));
        await app.Client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_message_signed_with_a_key_the_tenant_does_not_have_is_poison_and_starts_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-forged", ct);
        var text = IngestMessageSigner.Sign(Message(tenant.TenantId, $"ingest-{Guid.NewGuid():N}"), tenant.TenantId, "k1", "cfik_guessed",
            DateTimeOffset.UtcNow);

        await Function(app).RunAsync(Delivery(text, dequeueCount: 1), app.Client, Context(ct));

        var envelope = await FindPoisonAsync(app, text, ct);
        Assert.Equal(nameof(ErrorClass.Auth), envelope.GetProperty("errorClass").GetString());
        Assert.Contains("Unknown signing key 'k1'", envelope.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await app.Client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_failure_that_may_pass_throws_so_the_host_delivers_the_message_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-retry", ct);
        var key = await app.Services.GetRequiredService<IngestKeyStore>().AddAsync(tenant.TenantId, null, ct);
        var missingFile = $$"""{"tenantId":"{{tenant.TenantId}}","idempotencyKey":"retry-1","kind":"enrich","blobPath":"{{tenant.TenantId}}/not-yet.csv"}""";
        var text = IngestMessageSigner.Sign(missingFile, key, DateTimeOffset.UtcNow);

        var error = await Assert.ThrowsAsync<IngestRetryException>(() =>
            Function(app).RunAsync(Delivery(text, dequeueCount: 1), app.Client, Context(ct)));

        Assert.Equal(ErrorClass.NotFound, error.ErrorClass);
    }

    private static IngestQueueFunction Function(FunctionsServices app) =>
        ActivatorUtilities.CreateInstance<IngestQueueFunction>(app.Services);

    private static string Message(string tenantId, string idempotencyKey) => JsonSerializer.Serialize(new
    {
        tenantId,
        idempotencyKey,
        kind = "generate",
        items = new[] { new { productType = "ebook", brief = "A practical guide to sourdough baking at home." } },
    });

    private static QueueMessage Delivery(string text, long dequeueCount) =>
        QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "pop", text, dequeueCount, insertedOn: DateTimeOffset.UtcNow);

    private static FunctionContext Context(CancellationToken ct)
    {
        var context = Substitute.For<FunctionContext>();
        context.CancellationToken.Returns(ct);
        return context;
    }

    private static async Task<JsonElement> FindPoisonAsync(FunctionsServices app, string marker, CancellationToken ct)
    {
        var queue = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient("ingest-poison");
        var peeked = await queue.PeekMessagesAsync(32, ct);
        foreach (var message in peeked.Value)
        {
            using var document = JsonDocument.Parse(message.Body.ToString());
            if (document.RootElement.GetProperty("original").GetString() == marker)
            {
                return document.RootElement.Clone();
            }
        }

        throw new Xunit.Sdk.XunitException($"No poison envelope for '{marker}' among {peeked.Value.Length} messages.");
    }
}
