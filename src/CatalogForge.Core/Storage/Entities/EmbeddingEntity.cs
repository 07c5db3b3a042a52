namespace CatalogForge.Core.Storage.Entities;

/// <summary>Table <c>Embeddings</c>: PartitionKey = tenantId, RowKey = productId; the vector as little-endian float32 bytes.</summary>
public sealed class EmbeddingEntity : TableEntityBase
{
    public string Model { get; set; } = "";
    public string Deployment { get; set; } = "";
    public int Dimensions { get; set; }
    public string ContentHash { get; set; } = "";
    public byte[] Vector { get; set; } = [];

    /// <summary>
    /// The ETag of the content blob the vector (and <see cref="Facts"/>) were made from, when the nightly run wrote them:
    /// while the blob still has it, the next run need not read the blob again. Null on rows the pipeline wrote.
    /// </summary>
    public string? ContentETag { get; set; }

    /// <summary>The nightly drift's facts of the same content (category, price hint) as JSON; null with <see cref="ContentETag"/>.</summary>
    public string? Facts { get; set; }

    public static byte[] Pack(ReadOnlySpan<float> vector) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector).ToArray();

    public float[] Unpack() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Vector).ToArray();
}
