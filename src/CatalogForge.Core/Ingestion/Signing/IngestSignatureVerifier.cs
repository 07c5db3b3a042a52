using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>
/// A verified envelope: the tenant the signature proves and the message text it covers; or why not (poison at once:
/// <see cref="ErrorClass.Validation"/> for a malformed envelope, <see cref="ErrorClass.Auth"/> for a signature that does not hold).
/// </summary>
public sealed record IngestVerification(string? TenantId, string? Message, string? Refusal, ErrorClass ErrorClass)
{
    public static IngestVerification Refused(string reason, ErrorClass errorClass = ErrorClass.Auth) => new(null, null, reason, errorClass);
}

/// <summary>
/// Checks an <see cref="IngestSignedEnvelope"/>: its fields, the signing time against the time the queue took the message in
/// (the service's clock, which a sender cannot set; <see cref="IngestionOptions.MaxSignatureAge"/> either way), the key
/// (the tenant's, not revoked, made by this host's secret store) and the HMAC, compared in constant time. Storage and
/// Key Vault failures are thrown, for the handler to retry.
/// </summary>
public sealed class IngestSignatureVerifier(IngestKeyStore keys, IOptions<IngestionOptions> options, TimeProvider time)
{
    private static readonly string[] TimeFormats = [IngestMessageSigner.TimeFormat, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    public async Task<IngestVerification> VerifyAsync(string text, DateTimeOffset? insertedOn, CancellationToken cancellationToken)
    {
        IngestSignedEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<IngestSignedEnvelope>(text, CatalogJson.Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine ?? 0})" : "";
            return IngestVerification.Refused(ex.Path is { Length: > 2 } path && ex.InnerException is not JsonException
                ? $"The message is not signed: {path[2..]} must be a string (see docs/ingestion.md, signed messages)."
                : $"The message is not valid JSON{where}.", ErrorClass.Validation);
        }

        if (envelope is not { TenantId.Length: > 0, KeyId.Length: > 0, SignedAt.Length: > 0, Signature.Length: > 0, Message.Length: > 0 })
        {
            return IngestVerification.Refused(
                "The message is not signed: tenantId, keyId, signedAt, signature and message (the message JSON as a string) are required (see docs/ingestion.md, signed messages).",
                envelope is null ? ErrorClass.Validation : ErrorClass.Auth);
        }

        if (envelope.TenantId.Length > 100 || envelope.TenantId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            return IngestVerification.Refused($"tenantId '{Clip(envelope.TenantId)}' is not a tenant id.", ErrorClass.Validation);
        }

        if (!DateTimeOffset.TryParseExact(envelope.SignedAt, TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return IngestVerification.Refused($"signedAt must be UTC as yyyy-MM-ddTHH:mm:ssZ (got '{Clip(envelope.SignedAt)}').");
        }

        var received = insertedOn ?? time.GetUtcNow();
        var maxAge = options.Value.MaxSignatureAge;
        if (received - signedAt > maxAge)
        {
            return IngestVerification.Refused(
                $"The signature is stale: signed at {envelope.SignedAt}, enqueued at {IngestMessageSigner.FormatTime(received)}, more than {maxAge} later (Ingestion:MaxSignatureAge). Sign a message just before sending it.");
        }

        if (signedAt - received > maxAge)
        {
            return IngestVerification.Refused(
                $"signedAt {envelope.SignedAt} lies more than {maxAge} after the message was enqueued ({IngestMessageSigner.FormatTime(received)}); check the sender's clock.");
        }

        var key = await keys.FindAsync(envelope.TenantId, envelope.KeyId, cancellationToken);
        if (key is null)
        {
            return IngestVerification.Refused($"Unknown signing key '{Clip(envelope.KeyId)}' for tenant '{Clip(envelope.TenantId)}'.");
        }

        if (key.RevokedAt is { } revokedAt)
        {
            return IngestVerification.Refused(
                $"Signing key '{key.KeyId}' of tenant '{key.PartitionKey}' was revoked at {IngestMessageSigner.FormatTime(revokedAt)}.");
        }

        if (await keys.ReadSecretAsync(key, cancellationToken) is not { Length: > 0 } secret)
        {
            return IngestVerification.Refused(
                $"Signing key '{key.KeyId}' of tenant '{key.PartitionKey}' has no secret in this host's store ({key.SecretStore} key); add a new key.");
        }

        var expected = IngestMessageSigner.Mac(secret, envelope.TenantId, envelope.KeyId, envelope.SignedAt, envelope.Message);
        if (!Matches(expected, envelope.Signature))
        {
            return IngestVerification.Refused(
                $"The signature does not match the message for key '{key.KeyId}' of tenant '{key.PartitionKey}': wrong secret, or the message was changed after signing.");
        }

        return new IngestVerification(envelope.TenantId, envelope.Message, null, ErrorClass.None);
    }

    private static bool Matches(byte[] expected, string signature)
    {
        var given = new byte[expected.Length + 1];
        return Convert.TryFromBase64String(signature, given, out var written)
               && written == expected.Length
               && CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, written));
    }

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
