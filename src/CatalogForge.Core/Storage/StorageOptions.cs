using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Storage;

/// <summary>
/// Section <c>Storage</c>. Either a connection string (Azurite: <c>UseDevelopmentStorage=true</c> or an explicit one)
/// or an account name / service URIs reached with <c>DefaultAzureCredential</c> (managed identity in Azure).
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>Create tables, containers and queues at start. On for Azurite; in Azure, infra/ declares them.</summary>
    public bool InitializeOnStart { get; set; }

    public Uri ResolveBlobUri() => BlobServiceUri ?? new Uri($"https://{AccountName}.blob.core.windows.net");

    public Uri ResolveQueueUri() => QueueServiceUri ?? new Uri($"https://{AccountName}.queue.core.windows.net");

    public Uri ResolveTableUri() => TableServiceUri ?? new Uri($"https://{AccountName}.table.core.windows.net");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasUris = BlobServiceUri is not null && QueueServiceUri is not null && TableServiceUri is not null;
        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountName) && !hasUris)
        {
            yield return new ValidationResult(
                "Set Storage:ConnectionString (Azurite) or Storage:AccountName / the three Storage:*ServiceUri values (managed identity).",
                [nameof(ConnectionString), nameof(AccountName)]);
        }
    }
}
