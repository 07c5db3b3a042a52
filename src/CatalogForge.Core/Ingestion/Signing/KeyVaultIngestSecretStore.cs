using System.Collections.Concurrent;
using Azure;
using Azure.Security.KeyVault.Secrets;

namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>
/// Secrets in Key Vault (<c>Ingestion:KeyVaultUri</c>), one per key, named <c>ingest-{tenantId}-{keyId}</c>; revoking
/// disables the secret (the vault's soft delete and purge protection keep it recoverable). The app's identity needs
/// <c>Key Vault Secrets User</c> to verify; whoever runs <c>ingest-key add|revoke</c> needs <c>Key Vault Secrets Officer</c>.
/// Values are cached for <see cref="CacheFor"/>: a revoked key is refused at once all the same, because every message reads
/// the key's row.
/// </summary>
public sealed class KeyVaultIngestSecretStore(SecretClient vault, TimeProvider time) : IIngestSecretStore
{
    public const string StoreName = "KeyVault";

    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    string IIngestSecretStore.StoreName => StoreName;

    public static string SecretName(IngestKeyEntity key) => $"ingest-{key.PartitionKey}-{key.KeyId}";

    public async Task SaveAsync(IngestKeyEntity key, string secret, CancellationToken cancellationToken)
    {
        var value = new KeyVaultSecret(SecretName(key), secret);
        value.Properties.ContentType = "CatalogForge ingest signing key";
        value.Properties.Tags["tenantId"] = key.PartitionKey;
        value.Properties.Tags["keyId"] = key.KeyId;
        await vault.SetSecretAsync(value, cancellationToken);
    }

    public async Task<string?> ReadAsync(IngestKeyEntity key, CancellationToken cancellationToken)
    {
        var name = SecretName(key);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && cached.Until > now)
        {
            return cached.Value;
        }

        try
        {
            var secret = (await vault.GetSecretAsync(name, cancellationToken: cancellationToken)).Value;
            _cache[name] = (secret.Value, now + CacheFor);
            return secret.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task RevokeAsync(IngestKeyEntity key, CancellationToken cancellationToken)
    {
        var name = SecretName(key);
        _cache.TryRemove(name, out _);
        try
        {
            var secret = (await vault.GetSecretAsync(name, cancellationToken: cancellationToken)).Value;
            secret.Properties.Enabled = false;
            await vault.UpdateSecretPropertiesAsync(secret.Properties, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: nothing left to disable; the row is marked revoked all the same.
        }
    }
}
