using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CatalogForge.Core.Storage;

/// <summary>Blobs under <c>products/{tenantId}/{productId}/…</c>: content.json, image.png, raw model output.</summary>
public sealed class ProductBlobs(BlobServiceClient service)
{
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(StorageNames.Containers.Products);

    public static string ContentPath(string tenantId, string productId) => $"{tenantId}/{productId}/content.json";

    public static string ImagePath(string tenantId, string productId) => $"{tenantId}/{productId}/image.png";

    public static string RawOutputPath(string tenantId, string productId, string attempt) => $"{tenantId}/{productId}/raw-{attempt}.txt";

    public async Task WriteAsync(string path, BinaryData data, string contentType, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        await _container.GetBlobClient(path).UploadAsync(data, options, cancellationToken);
    }

    public async Task<BinaryData?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(path);
        try
        {
            var result = await blob.DownloadContentAsync(cancellationToken);
            return result.Value.Content;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The blob's content and the ETag of that content, or null when there is no such blob.</summary>
    public async Task<(BinaryData Content, string ETag)?> ReadWithETagAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            return (result.Value.Content, Normalize(result.Value.Details.ETag));
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The ETag of every product content blob of the tenant, by path, from one listing (a few requests, no reads).</summary>
    public async Task<Dictionary<string, string>> ListContentETagsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenantId}/", cancellationToken))
        {
            if (blob.Name.EndsWith("/content.json", StringComparison.Ordinal) && blob.Properties.ETag is { } etag)
            {
                etags[blob.Name] = Normalize(etag);
            }
        }

        return etags;
    }

    /// <summary>Listings give ETags without the quotes that response headers have: compare them without.</summary>
    private static string Normalize(Azure.ETag etag) => etag.ToString().Trim('"');

    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _container.GetBlobClient(path).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
