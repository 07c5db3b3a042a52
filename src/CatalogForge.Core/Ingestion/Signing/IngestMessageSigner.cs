using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>
/// How a sender signs an <c>ingest</c> message (docs/ingestion.md, "Signed messages"): HMAC-SHA256, keyed with the UTF-8
/// bytes of the tenant's secret, over <see cref="CanonicalString"/> — the scheme, tenant id, key id, signing time and the
/// exact message text, one per line. The queue message is the <see cref="IngestSignedEnvelope"/> around the message text.
/// </summary>
public static class IngestMessageSigner
{
    public const string Scheme = "CatalogForge-Ingest-v1";

    /// <summary>The one format of <see cref="IngestSignedEnvelope.SignedAt"/> senders write: UTC to the second.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string CanonicalString(string tenantId, string keyId, string signedAt, string message) =>
        $"{Scheme}\n{tenantId}\n{keyId}\n{signedAt}\n{message}";

    /// <summary>Base64 of HMAC-SHA256(UTF-8 secret, UTF-8 canonical string).</summary>
    public static string Signature(string secret, string tenantId, string keyId, string signedAt, string message) =>
        Convert.ToBase64String(Mac(secret, tenantId, keyId, signedAt, message));

    internal static byte[] Mac(string secret, string tenantId, string keyId, string signedAt, string message) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(CanonicalString(tenantId, keyId, signedAt, message)));

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The queue message text (before the queue's Base64): <paramref name="message"/> signed with <paramref name="key"/>.</summary>
    public static string Sign(string message, CreatedIngestKey key, DateTimeOffset signedAt) =>
        Sign(message, key.TenantId, key.KeyId, key.Secret, signedAt);

    /// <summary>The queue message text (before the queue's Base64) for <paramref name="message"/>, signed at <paramref name="signedAt"/>.</summary>
    public static string Sign(string message, string tenantId, string keyId, string secret, DateTimeOffset signedAt)
    {
        var at = FormatTime(signedAt);
        var envelope = new IngestSignedEnvelope
        {
            TenantId = tenantId,
            KeyId = keyId,
            SignedAt = at,
            Signature = Signature(secret, tenantId, keyId, at, message),
            Message = message,
        };
        return JsonSerializer.Serialize(envelope, CatalogJson.Options);
    }
}
