using System.Collections.Concurrent;
using System.Text;

namespace CatalogForge.Demo;

/// <summary>
/// Fetches every succeeded item's product (JSON to products/{id}.json) and image (images/{id}.png)
/// into the output folder, a few at a time.
/// </summary>
internal sealed class ProductDownloader(ApiClient api, string outputDirectory)
{
    private const int Parallelism = 4;

    public string ImagesDirectory => Path.Combine(outputDirectory, "images");
    public string ProductsDirectory => Path.Combine(outputDirectory, "products");

    /// <summary>Products in job order, then item order. Failures are collected, not thrown, so the rest still arrive.</summary>
    public async Task<(IReadOnlyList<DownloadedProduct> Products, IReadOnlyList<string> Errors)> DownloadAsync(
        IReadOnlyList<TrackedJob> jobs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ImagesDirectory);
        Directory.CreateDirectory(ProductsDirectory);
        var errors = new ConcurrentQueue<string>();
        var wanted = new List<(TrackedJob Job, JobItemView Item)>();
        foreach (var job in jobs.Where(j => j.JobId is not null))
        {
            try
            {
                var items = await api.GetAllItemsAsync(job.JobId!, cancellationToken);
                wanted.AddRange(items
                    .Where(i => i.Status == "Succeeded" && !string.IsNullOrEmpty(i.ProductId))
                    .OrderBy(i => i.Index)
                    .Select(i => (job, i)));
            }
            catch (ApiException e)
            {
                errors.Enqueue(e.Message);
            }
        }

        var results = new DownloadedProduct?[wanted.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, wanted.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (n, ct) =>
            {
                var (job, item) = wanted[n];
                try
                {
                    results[n] = await DownloadOneAsync(job, item.ProductId!, ct);
                }
                catch (ApiException e)
                {
                    errors.Enqueue(e.Message);
                }
            });

        return ([.. results.OfType<DownloadedProduct>()], [.. errors]);
    }

    private async Task<DownloadedProduct> DownloadOneAsync(TrackedJob job, string productId, CancellationToken cancellationToken)
    {
        var (view, raw) = await api.GetProductAsync(productId, cancellationToken);
        var fileName = SafeFileName(productId);
        await File.WriteAllTextAsync(Path.Combine(ProductsDirectory, fileName + ".json"), raw, new UTF8Encoding(false), cancellationToken);

        string? imagePath = null;
        if (view.HasImage)
        {
            var png = await api.GetProductImageAsync(productId, cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(ImagesDirectory, fileName + ".png"), png, cancellationToken);
            imagePath = $"images/{Uri.EscapeDataString(fileName)}.png";
        }

        return new DownloadedProduct(view, job, imagePath);
    }

    /// <summary>Product ids are server-made, but a file name must never escape the folder.</summary>
    internal static string SafeFileName(string id)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string(id.Select(c => invalid.Contains(c) || c is '/' or '\\' ? '_' : c).ToArray());
        return name is "" or "." or ".." ? "_" + name : name;
    }
}
