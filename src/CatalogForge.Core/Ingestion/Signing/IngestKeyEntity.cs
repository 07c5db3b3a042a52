using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>
/// Table <c>Tenants</c>: PartitionKey = tenantId, RowKey = <see cref="RowKeyFor"/> <c>ingest-key|{keyId}</c>. One signing key of
/// a tenant. Its secret is in Key Vault (<see cref="KeyVaultIngestSecretStore"/>) or, locally, in <see cref="Secret"/>
/// (<see cref="TableIngestSecretStore"/>).
/// </summary>
public sealed class IngestKeyEntity : TableEntityBase
{
    public const string RowKeyPrefix = "ingest-key|";

    public string KeyId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Where the secret is: <see cref="TableIngestSecretStore.StoreName"/> or <see cref="KeyVaultIngestSecretStore.StoreName"/>.</summary>
    public string SecretStore { get; set; } = "";

    /// <summary>The secret itself, only with the table store (local development); null once revoked.</summary>
    public string? Secret { get; set; }

    public static string RowKeyFor(string keyId) => RowKeyPrefix + keyId;
}
