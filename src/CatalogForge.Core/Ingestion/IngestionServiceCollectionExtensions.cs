using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// The host-agnostic queue ingestion: options (section <c>Ingestion</c>), the handler, the poison writer, and the
    /// signing keys (secrets in Key Vault when <c>Ingestion:KeyVaultUri</c> is set, else in the <c>Tenants</c> table).
    /// </summary>
    public static IServiceCollection AddCatalogForgeIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.KeyVaultUri is null || (o.KeyVaultUri.IsAbsoluteUri && o.KeyVaultUri.Scheme == Uri.UriSchemeHttps),
                "Ingestion:KeyVaultUri must be an https URI such as https://my-vault.vault.azure.net/.")
            .Validate<IOptions<StorageOptions>>((o, storage) => o.KeyVaultUri is not null || !string.IsNullOrWhiteSpace(storage.Value.ConnectionString),
                "Ingestion:KeyVaultUri is required when storage is reached with a managed identity: ingest signing secrets are kept in Key Vault, never in a table in Azure.")
            .ValidateOnStart();
        services.AddSingleton<IngestJobWriter>();
        services.AddSingleton<IngestPartClaims>();
        services.AddSingleton<IngestMessageHandler>();
        services.AddSingleton<IngestPoisonWriter>();
        services.AddSingleton<IngestKeyStore>();
        services.AddSingleton<IngestSignatureVerifier>();
        services.AddSingleton<IIngestSecretStore>(sp => sp.GetRequiredService<IOptions<IngestionOptions>>().Value.KeyVaultUri is { } vault
            ? new KeyVaultIngestSecretStore(new SecretClient(vault, new DefaultAzureCredential()), sp.GetRequiredService<TimeProvider>())
            : new TableIngestSecretStore());
        return services;
    }
}
