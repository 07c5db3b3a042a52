using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace CatalogForge.AiEmulator.Text;

/// <summary>A hash that is the same in every process and on every run (unlike <see cref="string.GetHashCode()"/>).</summary>
internal static class StableHash
{
    public static ulong Of(ReadOnlySpan<byte> data) => XxHash64.HashToUInt64(data);

    public static ulong Of(string text, ulong salt = 0)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        var written = Encoding.UTF8.GetBytes(text, buffer);
        return XxHash64.HashToUInt64(buffer[..written], unchecked((long)salt));
    }

    public static string ToHex(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);
}
