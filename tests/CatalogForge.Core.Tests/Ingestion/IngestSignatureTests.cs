using System.Text.Json;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// Signed ingest messages through the real handler on Azurite: only a message signed with a live key of its own tenant,
/// recently, and unchanged since, writes a job; every other one is poison at once with its reason, and nothing is
/// written (no idempotency claim, job or item row) and no workflow is started.
/// </summary>
public sealed class IngestSignatureTests(AzuriteFixture azurite)
{
    private static string Inline(string tenantId, string key = "sig-1") => JsonSerializer.Serialize(new
    {
        tenantId,
        idempotencyKey = key,
        kind = "enrich",
        items = new[] { new { sku = "A-1", name = "Anvil" } },
    }, CatalogJson.Options);

    private static string Blob(string tenantId, string path) =>
        $$"""{"tenantId":"{{tenantId}}","idempotencyKey":"sig-blob","kind":"enrich","blobPath":"{{path}}"}""";

    [Fact]
    public async Task A_correctly_signed_message_is_accepted_and_its_job_started()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = await host.CreateTenantAsync("signed");

        var outcome = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, Inline(tenant.TenantId)), 1, null, ct);

        Assert.Equal(IngestOutcomeKind.Accepted, outcome.Kind);
        Assert.Single(await JobRowsAsync(host, tenant.TenantId));
        Assert.Single(Started(host, tenant.TenantId));
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "forged tenant", "Unknown signing key" },
        { "tenant in message differs from signer", "is not the tenant" },
        { "tampered body", "does not match" },
        { "wrong secret", "does not match" },
        { "unknown key id", "Unknown signing key 'k-nobody'" },
        { "stale", "The signature is stale" },
        { "from the future", "check the sender's clock" },
        { "foreign blob path", "tenant's own prefix" },
        { "unsigned", "The message is not signed" },
        { "signature not base64", "does not match" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_message_whose_signature_does_not_hold_is_poison_with_its_reason_and_writes_nothing(string forgery, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var victim = await host.CreateTenantAsync("victim");
        var attacker = await host.CreateTenantAsync("attacker");
        var attackerKey = await host.Keys.AddAsync(attacker.TenantId, null, ct);
        var victimKey = await host.Keys.AddAsync(victim.TenantId, null, ct);
        await host.UploadAsync($"{victim.TenantId}/secret.csv", "sku,name\nV-1,Victim's row\n");
        var now = DateTimeOffset.UtcNow;
        var text = forgery switch
        {
            // The attacker's key, the victim's tenant id: the victim has no key with that id.
            "forged tenant" => IngestMessageSigner.Sign(Inline(victim.TenantId), victim.TenantId, attackerKey.KeyId, attackerKey.Secret, now),
            "tenant in message differs from signer" => IngestMessageSigner.Sign(Inline(victim.TenantId), attackerKey, now),
            "tampered body" => IngestMessageSigner.Sign(Inline(victim.TenantId), victimKey, now)
                .Replace("Anvil", "Anvil, 500 of them", StringComparison.Ordinal),
            "wrong secret" => IngestMessageSigner.Sign(Inline(victim.TenantId), victim.TenantId, victimKey.KeyId, attackerKey.Secret, now),
            "unknown key id" => IngestMessageSigner.Sign(Inline(victim.TenantId), victim.TenantId, "k-nobody", victimKey.Secret, now),
            "stale" => IngestMessageSigner.Sign(Inline(victim.TenantId), victimKey, now.AddMinutes(-16)),
            "from the future" => IngestMessageSigner.Sign(Inline(victim.TenantId), victimKey, now.AddMinutes(16)),
            // Signed correctly by the attacker, but naming the victim's file.
            "foreign blob path" => IngestMessageSigner.Sign(Blob(attacker.TenantId, $"{victim.TenantId}/secret.csv"), attackerKey, now),
            "unsigned" => Inline(victim.TenantId),
            "signature not base64" => IngestMessageSigner.Sign(Inline(victim.TenantId), victimKey, now)
                .Replace("\"signature\":\"", "\"signature\":\"%%", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        var outcome = await host.Handler.HandleAsync(text, 1, null, ct);

        Assert.Equal(IngestOutcomeKind.Poison, outcome.Kind);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(forgery == "foreign blob path" ? ErrorClass.Validation : ErrorClass.Auth, outcome.ErrorClass);
        foreach (var tenant in new[] { victim.TenantId, attacker.TenantId })
        {
            Assert.Empty(await JobRowsAsync(host, tenant));
            Assert.Empty(await ItemRowsAsync(host, tenant));
            Assert.Empty(await ClaimsAsync(host, tenant));
            Assert.Empty(Started(host, tenant));
        }
    }

    [Fact]
    public async Task The_age_is_measured_against_the_time_the_queue_took_the_message_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = await host.CreateTenantAsync("queued");
        var key = await host.Keys.AddAsync(tenant.TenantId, null, ct);
        var signedAt = DateTimeOffset.UtcNow.AddHours(-3);

        // Waited three hours in the queue (the app was scaled out of reach): enqueued right after signing, so not stale.
        var waited = await host.Handler.HandleAsync(IngestMessageSigner.Sign(Inline(tenant.TenantId, "waited"), key, signedAt), 1,
            signedAt.AddSeconds(2), ct);
        // Captured and enqueued again three hours later: stale.
        var replayed = await host.Handler.HandleAsync(IngestMessageSigner.Sign(Inline(tenant.TenantId, "replayed"), key, signedAt), 1,
            DateTimeOffset.UtcNow, ct);

        Assert.Equal(IngestOutcomeKind.Accepted, waited.Kind);
        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Auth), (replayed.Kind, replayed.ErrorClass));
        Assert.Single(await JobRowsAsync(host, tenant.TenantId));
    }

    [Fact]
    public async Task Rotation_old_and_new_keys_both_work_until_the_old_one_is_revoked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = await host.CreateTenantAsync("rotate");
        var old = await host.Keys.AddAsync(tenant.TenantId, "old", ct);
        var next = await host.Keys.AddAsync(tenant.TenantId, "next", ct);
        string Signed(CreatedIngestKey key, string idempotencyKey) =>
            IngestMessageSigner.Sign(Inline(tenant.TenantId, idempotencyKey), key, DateTimeOffset.UtcNow);

        var byOld = await host.Handler.HandleAsync(Signed(old, "r-1"), 1, null, ct);
        var byNext = await host.Handler.HandleAsync(Signed(next, "r-2"), 1, null, ct);
        Assert.True(await host.Keys.RevokeAsync(tenant.TenantId, "old", ct));
        var byRevoked = await host.Handler.HandleAsync(Signed(old, "r-3"), 1, null, ct);
        var byNextAfter = await host.Handler.HandleAsync(Signed(next, "r-4"), 1, null, ct);

        Assert.Equal((IngestOutcomeKind.Accepted, IngestOutcomeKind.Accepted), (byOld.Kind, byNext.Kind));
        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Auth), (byRevoked.Kind, byRevoked.ErrorClass));
        Assert.Contains("Signing key 'old' of tenant", byRevoked.Reason, StringComparison.Ordinal);
        Assert.Contains("was revoked at", byRevoked.Reason, StringComparison.Ordinal);
        Assert.Equal(IngestOutcomeKind.Accepted, byNextAfter.Kind);
        Assert.Equal(3, (await JobRowsAsync(host, tenant.TenantId)).Count);
        var keys = await host.Keys.ListAsync(tenant.TenantId, ct);
        Assert.Equal([("next", false), ("old", true)], keys.Select(k => (k.KeyId, k.RevokedAt is not null)).Order());
        var oldRow = await host.Keys.FindAsync(tenant.TenantId, "old", ct);
        Assert.Null(oldRow!.Secret); // the table store forgets a revoked key's secret
    }

    [Theory]
    [InlineData("Has-Capitals")]
    [InlineData("-dash")]
    [InlineData("a/b")]
    [InlineData("a-key-id-that-is-far-too-long-to-be-kept")]
    public async Task A_malformed_key_id_or_an_unknown_tenant_gets_no_key(string keyId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = await host.CreateTenantAsync("keyids");

        await Assert.ThrowsAsync<ArgumentException>(() => host.Keys.AddAsync(tenant.TenantId, keyId, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Keys.AddAsync("nobody-" + Guid.NewGuid().ToString("N")[..6], null, ct));
        Assert.Empty(await host.Keys.ListAsync(tenant.TenantId, ct));
    }

    private static IReadOnlyList<RecordingWorkflowClient.Start> Started(IngestTestHost host, string tenantId) =>
        ((RecordingWorkflowClient)host.Services.GetRequiredService<IWorkflowClient>()).StartedFor(tenantId);

    private static Task<List<JobEntity>> JobRowsAsync(IngestTestHost host, string tenantId) =>
        IngestJobWriterTests.JobRowsAsync(host.Services.GetRequiredService<CatalogTables>(), tenantId);

    private static Task<List<JobItemEntity>> ItemRowsAsync(IngestTestHost host, string tenantId) =>
        IngestJobWriterTests.QueryAsync<JobItemEntity>(host.Services.GetRequiredService<CatalogTables>().JobItems,
            TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"}"));

    private static Task<List<JobIdempotencyEntity>> ClaimsAsync(IngestTestHost host, string tenantId) =>
        IngestJobWriterTests.QueryAsync<JobIdempotencyEntity>(host.Services.GetRequiredService<CatalogTables>().JobIdempotency,
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"));
}
