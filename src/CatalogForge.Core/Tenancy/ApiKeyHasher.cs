using System.Security.Cryptography;
using System.Text;

namespace CatalogForge.Core.Tenancy;

public static class ApiKeyHasher
{
    /// <summary>Longest key accepted for a lookup; anything longer is not a key this directory issued.</summary>
    public const int MaxKeyLength = 200;

    public static string Hash(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>A new key: prefix for recognisability, 256 random bits, URL-safe.</summary>
    public static string NewKey() =>
        "cfk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A key's public id: random, unrelated to the key or its hash.</summary>
    public static string NewKeyId() => "key-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Whether <paramref name="apiKey"/> could be a key at all (no lookup for anything else).</summary>
    public static bool IsPlausible(string? apiKey) =>
        !string.IsNullOrWhiteSpace(apiKey) && apiKey.Length <= MaxKeyLength;
}
