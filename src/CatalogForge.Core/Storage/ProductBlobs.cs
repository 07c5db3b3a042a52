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
