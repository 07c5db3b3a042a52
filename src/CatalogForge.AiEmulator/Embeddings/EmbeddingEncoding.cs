using System.Buffers.Binary;

namespace CatalogForge.AiEmulator.Embeddings;

internal static class EmbeddingEncoding
{
    /// <summary>The wire form of encoding_format=base64: little-endian float32s, base64-encoded.</summary>
    public static string ToBase64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}
