using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using CatalogForge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogForge.Core.Tests.Tenancy;

/// <summary>Several keys per tenant on the real Azurite: add, list, revoke, expiry, last use, and rows from before named keys.</summary>
public sealed class ApiKeyDirectoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Added_keys_are_listed_with_their_details_and_never_the_key()
    {
        var (keys, tenants, time) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-list", Ct);
        time.Advance(TimeSpan.FromMinutes(1));

        var added = await keys.AddAsync(tenant.TenantId, "  ci pipeline ", Start.AddDays(30), Ct);

        Assert.NotNull(added);
        Assert.StartsWith("cfk_", added.ApiKey, StringComparison.Ordinal);
        Assert.Equal(tenant.TenantId, await tenants.ResolveAsync(added.ApiKey, Ct));
        var listed = await keys.ListAsync(tenant.TenantId, Ct);
        Assert.Equal(2, listed.Count);
        var (first, second) = (listed[0], listed[1]);
        Assert.Equal((ApiKeyRecord.DefaultKey, Start), (first.Name, first.CreatedAt));
        Assert.Equal(new ApiKeyRecord(tenant.TenantId, added.Key.KeyId, "ci pipeline", Start.AddMinutes(1), null, Start.AddDays(30), null), second);
        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.DoesNotContain(ApiKeyHasher.Hash(added.ApiKey), second.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(added.ApiKey, second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_no_longer_resolves_and_a_second_revoke_keeps_the_first_time()
    {
        var (keys, tenants, time) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-revoke", Ct);
        var added = (await keys.AddAsync(tenant.TenantId, "old", null, Ct))!;

        time.Advance(TimeSpan.FromHours(1));
        var revoked = await keys.RevokeAsync(tenant.TenantId, added.Key.KeyId, Ct);
        time.Advance(TimeSpan.FromHours(1));
        var again = await keys.RevokeAsync(tenant.TenantId, added.Key.KeyId, Ct);

        Assert.Equal(Start.AddHours(1), revoked?.RevokedAt);
        Assert.Equal(Start.AddHours(1), again?.RevokedAt);
        Assert.Equal(ApiKeyStatus.Revoked, (await keys.FindByHashAsync(ApiKeyHasher.Hash(added.ApiKey), Ct))!.StatusAt(time.Now));
        Assert.Null(await tenants.ResolveAsync(added.ApiKey, Ct));
        Assert.Equal(tenant.TenantId, await tenants.ResolveAsync(tenant.ApiKey, Ct));
    }

    [Fact]
    public async Task An_expired_key_no_longer_resolves()
    {
        var (keys, tenants, time) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-expiry", Ct);
        var added = (await keys.AddAsync(tenant.TenantId, "short-lived", Start.AddDays(1), Ct))!;
        Assert.Equal(tenant.TenantId, await tenants.ResolveAsync(added.ApiKey, Ct));

        time.Advance(TimeSpan.FromDays(1));

        Assert.Null(await tenants.ResolveAsync(added.ApiKey, Ct));
        Assert.Equal(ApiKeyStatus.Expired, Assert.Single(await keys.ListAsync(tenant.TenantId, Ct), k => k.KeyId == added.Key.KeyId).StatusAt(time.Now));
    }

    [Fact]
    public async Task A_row_written_before_named_keys_is_the_tenants_default_key_and_can_be_revoked()
    {
        var (keys, tenants, time) = await CreateAsync();
        var tables = Tables();
        var tenantId = $"legacy-{Guid.NewGuid():N}"[..20];
        var apiKey = ApiKeyHasher.NewKey();
        await tables.Tenants.AddEntityAsync(new TenantEntity { PartitionKey = tenantId, RowKey = "tenant", Name = "legacy", CreatedAt = Start }, Ct);
        // Exactly the properties the earlier code wrote.
        await tables.ApiKeys.AddEntityAsync(
            new TableEntity(ApiKeyHasher.Hash(apiKey), "key") { ["TenantId"] = tenantId, ["CreatedAt"] = Start.AddDays(-100) }, Ct);

        Assert.Equal(tenantId, await tenants.ResolveAsync(apiKey, Ct));
        var legacy = Assert.Single(await keys.ListAsync(tenantId, Ct));
        Assert.Equal(new ApiKeyRecord(tenantId, "default", "default", Start.AddDays(-100), null, null, null), legacy);

        Assert.NotNull(await keys.RevokeAsync(tenantId, "default", Ct));
        Assert.Null(await tenants.ResolveAsync(apiKey, Ct));
    }

    [Fact]
    public async Task Recording_a_use_sets_the_last_used_time()
    {
        var (keys, tenants, _) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-used", Ct);

        await keys.RecordUseAsync(ApiKeyHasher.Hash(tenant.ApiKey), Start.AddMinutes(7), Ct);

        Assert.Equal(Start.AddMinutes(7), Assert.Single(await keys.ListAsync(tenant.TenantId, Ct)).LastUsedAt);
    }

    [Fact]
    public async Task Another_tenants_keys_are_neither_listed_nor_revocable()
    {
        var (keys, tenants, _) = await CreateAsync();
        var owner = await tenants.CreateAsync("keys-owner", Ct);
        var other = await tenants.CreateAsync("keys-other", Ct);
        var ownerKey = Assert.Single(await keys.ListAsync(owner.TenantId, Ct));

        Assert.Null(await keys.RevokeAsync(other.TenantId, ownerKey.KeyId, Ct));
        Assert.DoesNotContain(await keys.ListAsync(other.TenantId, Ct), key => key.KeyId == ownerKey.KeyId);
        Assert.Equal(owner.TenantId, await tenants.ResolveAsync(owner.ApiKey, Ct));
    }

    [Fact]
    public async Task Unknown_tenant_and_unknown_key_id_answer_null_or_empty()
    {
        var (keys, tenants, _) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-unknown", Ct);

        Assert.Null(await keys.AddAsync("no-such-tenant-000000", "x", null, Ct));
        Assert.Empty(await keys.ListAsync("no-such-tenant-000000", Ct));
        Assert.Null(await keys.RevokeAsync(tenant.TenantId, "key-000000000000", Ct));
        Assert.False(await tenants.ExistsAsync("no-such-tenant-000000", Ct));
        Assert.True(await tenants.ExistsAsync(tenant.TenantId, Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0000name")]
    [InlineData("line\nbreak")]
    public async Task A_bad_name_is_refused_and_nothing_is_written(string name)
    {
        var (keys, tenants, _) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-bad-name", Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => keys.AddAsync(tenant.TenantId, name, null, Ct));

        Assert.Equal("name", error.ParamName);
        Assert.Single(await keys.ListAsync(tenant.TenantId, Ct));
    }

    [Fact]
    public async Task A_too_long_name_or_a_past_expiry_is_refused()
    {
        var (keys, tenants, _) = await CreateAsync();
        var tenant = await tenants.CreateAsync("keys-bad-input", Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => keys.AddAsync(tenant.TenantId, new string('n', ApiKeyDirectory.MaxNameLength + 1), null, Ct));
        var past = await Assert.ThrowsAsync<ArgumentException>(() => keys.AddAsync(tenant.TenantId, "late", Start, Ct));
        Assert.Equal("expiresAt", past.ParamName);
        Assert.Single(await keys.ListAsync(tenant.TenantId, Ct));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CatalogTables Tables() => new(new TableServiceClient(azurite.ConnectionString));

    private async Task<(ApiKeyDirectory Keys, TenantDirectory Tenants, ManualTimeProvider Time)> CreateAsync()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.Tenants, Ct);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.ApiKeys, Ct);
        var tables = new CatalogTables(service);
        var time = new ManualTimeProvider(Start);
        var keys = new ApiKeyDirectory(tables, time, NullLogger<ApiKeyDirectory>.Instance);
        return (keys, new TenantDirectory(tables, keys, time, NullLogger<TenantDirectory>.Instance), time);
    }
}
