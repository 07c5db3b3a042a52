namespace CatalogForge.Core.Storage.Entities;

/// <summary>Table <c>Embeddings</c>: PartitionKey = tenantId, RowKey = productId; the vector as little-endian float32 bytes.</summary>
public sealed class EmbeddingEntity : TableEntityBase
{
    public string Model { get; set; } = "";
    public string Deployment { get; set; } = "";
    public int Dimensions { get; set; }
    public string ContentHash { get; set; } = "";
    public byte[] Vector { get; set; } = [];

    public static byte[] Pack(ReadOnlySpan<float> vector) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector).ToArray();

    public float[] Unpack() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Vector).ToArray();
}
