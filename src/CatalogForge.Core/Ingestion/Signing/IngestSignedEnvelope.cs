namespace CatalogForge.Core.Ingestion.Signing;

/// <summary>
/// What is on the <c>ingest</c> queue: the message text (<see cref="IngestMessage"/> as JSON, kept as a string so its exact
/// bytes are what was signed) and who signed it with which key, when. See <see cref="IngestMessageSigner"/>.
/// </summary>
public sealed record IngestSignedEnvelope
{
    public string? TenantId { get; init; }
    public string? KeyId { get; init; }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> (<see cref="IngestMessageSigner.TimeFormat"/>), signed as written.</summary>
    public string? SignedAt { get; init; }

    /// <summary>Base64 HMAC-SHA256 of <see cref="IngestMessageSigner.CanonicalString"/>.</summary>
    public string? Signature { get; init; }

    /// <summary>The <see cref="IngestMessage"/> JSON text; its <c>tenantId</c> must equal <see cref="TenantId"/>.</summary>
    public string? Message { get; init; }
}
