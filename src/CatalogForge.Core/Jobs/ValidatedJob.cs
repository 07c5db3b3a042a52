using System.Security.Cryptography;
using System.Text.Json;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Jobs;

/// <summary>A submission that passed validation: items already parsed and serialised in their stored form.</summary>
public sealed record ValidatedJob(
    JobKind Kind,
    IReadOnlyList<string> ItemsJson,
    bool Images,
    JobPriority Priority,
    string Language,
    string? IdempotencyKey)
{
    /// <summary>
    /// SHA-256 (hex) of what the job would do: kind, options (defaults applied) and the items in their stored form. Two
    /// bodies that differ only in whitespace, property order or defaults written out have the same hash; the
    /// idempotency key itself is not part of it.
    /// </summary>
    public string ContentHash()
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new
        {
            kind = Kind.ToString(),
            priority = Priority.ToString(),
            images = Images,
            language = Language.ToLowerInvariant(),
            items = ItemsJson,
        });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
