using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Server.Tests.Tenancy;

/// <summary>Core's real <see cref="ApiKeyDirectory"/>, counting the storage lookups and last-use writes made through it.</summary>
internal sealed class CountingKeyDirectory(ApiKeyDirectory inner) : IApiKeyDirectory
{
    private int _lookups;
    private int _useWrites;

    public int Lookups => Volatile.Read(ref _lookups);

    public int UseWrites => Volatile.Read(ref _useWrites);

    /// <summary>Puts a counting directory in place of Core's; get it back with <c>GetRequiredService&lt;CountingKeyDirectory&gt;()</c>.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<CountingKeyDirectory>();
        services.RemoveAll<IApiKeyDirectory>();
        services.AddSingleton<IApiKeyDirectory>(provider => provider.GetRequiredService<CountingKeyDirectory>());
    }

    public Task<CreatedApiKey?> AddAsync(string tenantId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        inner.AddAsync(tenantId, name, expiresAt, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        inner.ListAsync(tenantId, cancellationToken);

    public Task<ApiKeyRecord?> RevokeAsync(string tenantId, string keyId, CancellationToken cancellationToken) =>
        inner.RevokeAsync(tenantId, keyId, cancellationToken);

    public Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindByHashAsync(keyHash, cancellationToken);
    }

    public Task RecordUseAsync(string keyHash, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _useWrites);
        return inner.RecordUseAsync(keyHash, usedAt, cancellationToken);
    }
}
