namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>
/// The local fallback (no <c>Ingestion:KeyVaultUri</c>, which infra sets in Azure): the secret lives in the key's own row of
/// <c>Tenants</c>, so whoever can read that table can sign. Meant for Azurite, tests and the demo.
/// </summary>
public sealed class TableIngestSecretStore : IIngestSecretStore
{
    public const string StoreName = "Table";

    string IIngestSecretStore.StoreName => StoreName;

    public Task SaveAsync(IngestKeyEntity key, string secret, CancellationToken cancellationToken)
    {
        key.Secret = secret;
        return Task.CompletedTask;
    }

    public Task<string?> ReadAsync(IngestKeyEntity key, CancellationToken cancellationToken) => Task.FromResult(key.Secret);

    /// <summary>Nothing to do: <see cref="IngestKeyStore.RevokeAsync"/> clears the secret with the row it marks revoked.</summary>
    public Task RevokeAsync(IngestKeyEntity key, CancellationToken cancellationToken) => Task.CompletedTask;
}
