namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>Where the secrets of ingest signing keys are kept; the key's row in <c>Tenants</c> says which keys exist and which are revoked.</summary>
public interface IIngestSecretStore
{
    /// <summary>Written to <see cref="IngestKeyEntity.SecretStore"/>; a key made by another store is refused, never read.</summary>
    string StoreName { get; }

    /// <summary>Keeps <paramref name="secret"/> for the key (before its row is written).</summary>
    Task SaveAsync(IngestKeyEntity key, string secret, CancellationToken cancellationToken);

    /// <summary>The key's secret, or null when the store has none (any more).</summary>
    Task<string?> ReadAsync(IngestKeyEntity key, CancellationToken cancellationToken);

    /// <summary>Makes the secret unreadable (after the row is marked revoked).</summary>
    Task RevokeAsync(IngestKeyEntity key, CancellationToken cancellationToken);
}
