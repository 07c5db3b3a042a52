using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Pipeline;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// The handler's refusals against the real Azurite: which failures are poison at once, which are retried until
/// Ingestion:MaxDequeueCount, and the poison envelope as it lands on a real queue. (Accepted messages run the whole
/// pipeline; those tests are the Server's.)
/// </summary>
public sealed class IngestMessageHandlerTests(AzuriteFixture azurite)
{
    private const int MaxDequeueCount = 3;

    private static Dictionary<string, string?> Settings(string? poisonQueue = null) => new()
    {
        ["Ingestion:MaxDequeueCount"] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ingestion:PoisonQueueName"] = poisonQueue ?? "ingest-poison",
    };

    private static string Message(string tenantId, string? blobPath = null) => JsonSerializer.Serialize(new
    {
        tenantId,
        idempotencyKey = "k-" + Guid.NewGuid().ToString("N"),
        kind = "enrich",
        blobPath,
        items = blobPath is null ? new[] { new { sku = "A", name = "B" } } : null,
    }, CatalogJson.Options);

    [Fact]
    public async Task Bad_json_is_poison_on_the_first_delivery()
    {
        await using var host = await IngestTestHost.CreateAsync(azurite, Settings());

        var outcome = await host.Handler.HandleAsync("{\"tenantId\": ", 1, null, TestContext.Current.CancellationToken);

        Assert.Equal(IngestOutcomeKind.Poison, outcome.Kind);
        Assert.Equal(ErrorClass.Validation, outcome.ErrorClass);
        Assert.Contains("not valid JSON", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_an_unknown_tenant_is_poison_at_once_since_no_key_of_it_can_have_signed_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Settings());
        var nobody = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        var message = IngestMessageSigner.Sign(Message(nobody), nobody, "k1", "cfik_guessed", DateTimeOffset.UtcNow);

        var outcome = await host.Handler.HandleAsync(message, 1, null, ct);

        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Auth), (outcome.Kind, outcome.ErrorClass));
        Assert.Contains($"Unknown signing key 'k1' for tenant '{nobody}'", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_blob_is_retried_until_the_dequeue_count_then_poison()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Settings());
        var tenant = await host.CreateTenantAsync("missing");
        var message = await host.SignAsync(tenant.TenantId, Message(tenant.TenantId, $"{tenant.TenantId}/nowhere.csv"));

        var early = await host.Handler.HandleAsync(message, 1, null, ct);
        var last = await host.Handler.HandleAsync(message, MaxDequeueCount, null, ct);

        Assert.Equal((IngestOutcomeKind.Retry, ErrorClass.NotFound), (early.Kind, early.ErrorClass));
        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.NotFound), (last.Kind, last.ErrorClass));
        Assert.Contains($"ingest/{tenant.TenantId}/nowhere.csv' does not exist", last.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name,price\nMug,3\n", "lacks the column(s) sku")]
    [InlineData("", "empty")]
    [InlineData("sku,name\n", "no rows")]
    public async Task A_file_that_cannot_be_read_is_poison_at_once_and_writes_no_job(string csv, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Settings());
        var tenant = await host.CreateTenantAsync("badfile");
        var path = $"{tenant.TenantId}/bad.csv";
        await host.UploadAsync(path, csv);

        var outcome = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, Message(tenant.TenantId, path)), 1, null, ct);

        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Validation), (outcome.Kind, outcome.ErrorClass));
        Assert.Contains(expected, outcome.Reason, StringComparison.Ordinal);
        var tables = host.Services.GetRequiredService<Storage.CatalogTables>();
        Assert.Empty(await IngestJobWriterTests.JobRowsAsync(tables, tenant.TenantId));
    }

    [Fact]
    public async Task Poison_envelope_on_the_queue_holds_reason_class_original_and_dequeue_count()
    {
        var ct = TestContext.Current.CancellationToken;
        var poisonQueue = "poison-" + Guid.NewGuid().ToString("N")[..12];
        await using var host = await IngestTestHost.CreateAsync(azurite, Settings(poisonQueue));
        var queue = host.Queues.GetQueueClient(poisonQueue);
        await queue.CreateAsync(cancellationToken: ct);
        var writer = host.Services.GetRequiredService<IngestPoisonWriter>();

        await writer.WriteAsync("{bad", "The message is not valid JSON", ErrorClass.Validation, 1, ct);
        await writer.WriteAsync(new string('x', 200_000), "too big", ErrorClass.Validation, 5, ct);

        var received = (await queue.ReceiveMessagesAsync(2, cancellationToken: ct)).Value;
        var envelopes = received.Select(m => m.Body.ToObjectFromJson<IngestPoisonEnvelope>(CatalogJson.Options)!).OrderBy(e => e.DequeueCount).ToList();
        Assert.Equal(("The message is not valid JSON", ErrorClass.Validation, "{bad", false, 1L),
            (envelopes[0].Reason, envelopes[0].ErrorClass, envelopes[0].Original, envelopes[0].OriginalTruncated, envelopes[0].DequeueCount));
        Assert.True(envelopes[1].OriginalTruncated);
        Assert.InRange(envelopes[1].Original.Length, 40_000, IngestPoisonWriter.MaxEnvelopeBytes);
        Assert.Contains("\"errorClass\":\"Validation\"", received[0].Body.ToString(), StringComparison.Ordinal);
    }
}
