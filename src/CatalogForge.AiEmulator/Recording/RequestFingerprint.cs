using System.Text;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Recording;

/// <summary>
/// Names a recording: the XxHash64 of the route and the raw body. The query string (api-version) and headers (keys,
/// user agents) are left out, so a recording answers the same call from any client version.
/// </summary>
internal static class RequestFingerprint
{
    public static string Of(string path, ReadOnlySpan<byte> body)
    {
        var route = Encoding.UTF8.GetBytes(path.ToLowerInvariant() + "\n");
        var buffer = new byte[route.Length + body.Length];
        route.CopyTo(buffer, 0);
        body.CopyTo(buffer.AsSpan(route.Length));
        return StableHash.ToHex(StableHash.Of(buffer));
    }
}
