using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CatalogForge.Core.Alerts;

/// <summary>
/// The signature of a webhook POST: <c>X-CatalogForge-Timestamp</c> = unix seconds, <c>X-CatalogForge-Signature</c> =
/// <c>v1=</c> + lower-case hex of HMAC-SHA256(key = the secret's UTF-8 bytes, message = timestamp + "." + the raw body
/// bytes). docs/perception-and-webhooks.md has the receiver's recipe.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-CatalogForge-Timestamp";
    public const string SignatureHeader = "X-CatalogForge-Signature";
    public const string AlertIdHeader = "X-CatalogForge-Alert-Id";
    public const string Scheme = "v1=";

    public static string Timestamp(DateTimeOffset now) => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
